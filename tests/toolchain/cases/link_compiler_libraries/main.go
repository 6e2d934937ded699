package main

// #cgo LDFLAGS: -lstdc++ -latomic
// #include <stdlib.h>
import "C"

// libstdc++ and libatomic are in the C compiler's own library directory
// (gcc's private one on Debian), which the driver gives the linker.
func main() { C.free(nil) }
