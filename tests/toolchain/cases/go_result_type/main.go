package main

// static int add(int a, int b) { return a + b; }
// static double half(double x) { return x / 2; }
// static int tb(unsigned char x) { return x; }
import "C"

func sum(a, b C.int) int {
	return C.add(a, b)
}

func main() {
	var x int = C.add(1, 2)
	var h float64 = C.half(3)
	_, _, _ = x, h, sum(1, 2)
	// byte and rune are printed as written.
	var x2 rune = 'a'
	var _ rune = C.add(C.int(x2), 0)
	var b byte = 1
	_ = C.tb(b)
}
