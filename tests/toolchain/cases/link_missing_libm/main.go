package main

/*
#include <math.h>
#include <zlib.h>
// Emitted (Go calls it): needs libm for cbrt.
static double root(double x) { return cbrt(x); }
// Not emitted (nothing calls it): needs nothing.
static void unused(void) { deflateEnd(0); }
*/
import "C"
import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(C.root(C.double(len(os.Args))))
}
