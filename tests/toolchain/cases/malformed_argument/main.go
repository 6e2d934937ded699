package main

// #cgo CFLAGS: -DNAME=`whoami`
import "C"

func main() {}
