package main

/*
#cgo LDFLAGS: -lm
#cgo CFLAGS: -DSCALE=2
#include <math.h>
static double root(double x) { return sqrt(x) * SCALE; }
*/
import "C"

func main() { println(float64(C.root(4)) + other()) }
