package main

// #include <stdio.h>
import "C"
import "unsafe"

func main() {
	cs := C.CString("x")
	C.free(unsafe.Pointer(cs))
}
