package main

/*
#ifdef __linux__
int per_os = 1;
#endif
*/
import "C"

func main() {}
