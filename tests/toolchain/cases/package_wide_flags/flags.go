package main

// #cgo windows CFLAGS: -DHAVE_FEATURE=1
// #cgo linux CFLAGS: -DLINUX_ONLY=1
import "C"
