package main

/*
static int *address(void) {
	static int x = 3;
	int *p = x;
	return p;
}
*/
import "C"

func main() { C.address() }
