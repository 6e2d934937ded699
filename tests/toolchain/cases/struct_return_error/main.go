package main

// static struct nope b_value(void) { }
import "C"

func main() { C.b_value() }
