package main

import (
	"fmt"

	"example.com/link_two_packages/b"
)

// b's C code calls cbrt, which only a links (-lm), and crc32, which a's C
// code defines (libz.so defines one too): the program links.
func main() { fmt.Println(b.Run()) }
