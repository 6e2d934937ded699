package main

/*
typedef void (*callback)(int);
static void takes_long(long x) { (void)x; }
static callback pick(void) { callback c = takes_long; return c; }
*/
import "C"

func main() { C.pick() }
