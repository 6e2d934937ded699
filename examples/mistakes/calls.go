package mistakes

// #include <stdio.h>
// static int add(int a, int b) { return a + b; }
import "C"

// Greet passes a Go string where C wants a char *, and a Go int where C
// wants an int: the Go compiler rejects both once cgo has run.
func Greet(n int) int {
	C.puts("hello")
	return int(C.add(n, 1))
}
