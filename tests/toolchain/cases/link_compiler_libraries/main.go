package main

// #cgo LDFLAGS: -lstdc++ -latomic -ldl
// #include <stdlib.h>
import "C"

// libstdc++ and libatomic are in the C compiler's own library directory
// (gcc's private one on Debian), which the driver gives the linker; libdl.a
// is an archive with no member since glibc 2.34, and links.
func main() { C.free(nil) }
