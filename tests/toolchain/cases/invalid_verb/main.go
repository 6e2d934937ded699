package main

// #cgo linux LINKFLAGS: -lm
import "C"

func main() {}
