package main

// #include <own.h>
import "C"

// cmd/cgo compiles the preamble with "-I ." in the package directory, and
// cmd/go the .c files with "-I <package dir>": <own.h> is found (Go's own
// misc/cgo/test relies on it, golang.org/issue/29333).
func main() { println(C.own_answer()) }
