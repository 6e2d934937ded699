package main

import "example.com/link_program_missing_libz/zlib"

// zlib's C code calls deflateEnd and links nothing that defines it: the
// program fails to link.
func main() { zlib.End() }
