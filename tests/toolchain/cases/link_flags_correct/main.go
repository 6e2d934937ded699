package main

/*
#cgo LDFLAGS: -lm -lz
#include <math.h>
#include <zlib.h>
#include <stdio.h>
static double root(double x) { return cbrt(x); }
*/
import "C"
import (
	"fmt"
	"os"
)

func main() {
	C.deflateEnd(nil)
	C.puts(C.CString("ok"))
	fmt.Println(C.root(C.double(len(os.Args))), C.sqrt(2))
}
