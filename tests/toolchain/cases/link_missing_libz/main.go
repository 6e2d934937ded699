package main

// #cgo LDFLAGS: -lm
// #include <zlib.h>
import "C"

func main() {
	C.deflateEnd(nil)
}
