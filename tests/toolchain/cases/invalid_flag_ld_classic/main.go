package main

// #cgo LDFLAGS: -Wl,-ld_classic
import "C"

func main() {}
