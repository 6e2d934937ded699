// Package hello is correct cgo: cgols reports nothing here.
package hello

/*
#include <stdio.h>
#include <stdlib.h>

static void greet(const char *name) { printf("hello, %s\n", name); }
*/
import "C"
import "unsafe"

// Greet prints a greeting from C.
func Greet(name string) {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	C.greet(cs)
}
