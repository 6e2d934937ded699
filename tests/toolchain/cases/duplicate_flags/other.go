package main

/*
#cgo LDFLAGS: -lm
#cgo CFLAGS: -DSCALE=2
#include <math.h>
static double cube(double x) { return cbrt(x); }
*/
import "C"

func other() float64 { return float64(C.cube(8)) }
