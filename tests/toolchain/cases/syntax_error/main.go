package main

/*
static int one(void) { return 1 }
*/
import "C"

func main() { C.one() }
