package main

/*
#cgo linx CFLAGS: -DNEEDED=1
#ifndef NEEDED
#error NEEDED is not set: the #cgo line above never applies
#endif
*/
import "C"

func main() {}
