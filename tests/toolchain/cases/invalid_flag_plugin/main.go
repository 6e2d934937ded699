package main

// #cgo CFLAGS: -fplugin=evil.so
import "C"

func main() {}
