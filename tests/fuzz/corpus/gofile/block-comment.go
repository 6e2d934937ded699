package p

/*
#cgo CFLAGS: -DX=1 -I${SRCDIR}/inc
#cgo darwin,arm64 LDFLAGS: -framework AppKit
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
*/
import "C"

//export F
func F() { C.free(nil) }
