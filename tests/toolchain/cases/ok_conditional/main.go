package main

/*
#if defined(__APPLE__)
#error this branch is only compiled on macOS
#endif
#cgo linux CFLAGS: -DON_LINUX=1
#ifndef ON_LINUX
#error ON_LINUX must be set by the #cgo line above
#endif
static int on_linux(void) { return ON_LINUX; }
*/
import "C"

func main() { C.on_linux() }
