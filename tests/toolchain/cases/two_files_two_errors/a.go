package main

/*
static int a(void) { return undefined_a; }
*/
import "C"

func main() { C.a(); b() }
