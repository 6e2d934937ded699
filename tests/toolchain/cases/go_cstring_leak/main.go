package main

// #include <stdio.h>
// #include <stdlib.h>
import "C"
import "unsafe"

var kept *C.char

func leaks(name string) {
	cs := C.CString(name)
	C.puts(cs)
}

func direct() {
	C.puts(C.CString("direct"))
}

func frees(name string) {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	C.puts(cs)
}

func keeps(name string) {
	cs := C.CString(name)
	kept = cs
}

func returns(name string) *C.char {
	cs := C.CString(name)
	C.puts(cs)
	return cs
}

func main() {
	leaks("a")
	direct()
	frees("b")
	keeps("c")
	C.free(unsafe.Pointer(returns("d")))
}
