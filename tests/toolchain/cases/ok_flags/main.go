package main

// #cgo CFLAGS: -DNAME=1 -O2 -Wall -std=gnu11 -I${SRCDIR}
// #cgo LDFLAGS: -lm -Wl,--as-needed -Wl,-rpath,/usr/lib
// #include <math.h>
import "C"

func main() { _ = C.cbrt(8) }
