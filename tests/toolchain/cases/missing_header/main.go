package main

// #include <cgols_no_such_header.h>
import "C"

func main() {}
