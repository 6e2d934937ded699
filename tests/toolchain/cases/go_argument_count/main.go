package main

// #include <math.h>
// #cgo LDFLAGS: -lm
// static int add(int a, int b) { return a + b; }
// int noproto();
// int noproto() { return 0; }
import "C"

func main() {
	_ = C.sin()
	_ = C.add(1, 2, 3)
	_ = C.add(1)
	_ = C.noproto(1)
}
