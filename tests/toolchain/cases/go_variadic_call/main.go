package main

// #include <stdio.h>
// #include <stdlib.h>
import "C"
import "unsafe"

func main() {
	cs := C.CString("hello\n")
	defer C.free(unsafe.Pointer(cs))
	C.printf(cs)
}
