package main

/*
#cgo linux,darwin CFLAGS: -DNEEDED=1
#cgo linux darwin CFLAGS: -DALSO=1
#ifndef NEEDED
#error NEEDED is not set: the #cgo line above never applies
#endif
*/
import "C"

func main() {}
