package main

// #cgo LDFLAGS: -ld_classic
import "C"

func main() {}
