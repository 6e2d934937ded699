package zlib

// #include <zlib.h>
import "C"

func End() { C.deflateEnd(nil) }
