package main

// #cgo CFLAGS: -I${SRCDIR}/include
// #include <lib.h>
import "C"

func main() { C.lib_answer() }
