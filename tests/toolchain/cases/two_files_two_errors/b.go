package main

// static struct nope b_value(void) { }
import "C"

func b() { C.b_value() }
