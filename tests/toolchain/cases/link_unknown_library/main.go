package main

// #cgo LDFLAGS: -lnope_cgols_test
// #include <stdio.h>
import "C"

func main() {
	C.puts(C.CString("hi"))
}
