package main

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t length(const char *s) { return strlen(s); }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func main() {
	cs := C.CString("hello")
	defer C.free(unsafe.Pointer(cs))
	fmt.Println(int(C.length(cs)))
}
