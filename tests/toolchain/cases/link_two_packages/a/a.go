package a

// #cgo LDFLAGS: -lm
// double a_root(double x);
import "C"

func Root(x float64) float64 { return float64(C.a_root(C.double(x))) }
