package main

// #cgo pkg-config: foo
// #include <foo.h>
import "C"

// Written for foo 1.3, which added foo_init_context and foo_set_option;
// pc/foo.pc says the installed foo is 1.2.0.
func main() {
	C.foo_init(nil)
	C.foo_init_context(nil, nil)
	C.foo_set_option(nil, 1)
}
