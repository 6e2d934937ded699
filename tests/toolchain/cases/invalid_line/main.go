package main

// #cgo LDFLAGS -lm
import "C"

func main() {}
