package main

// #include <stdio.h>
// #include <stdint.h>
// #include <stddef.h>
// static int add(int a, int b) { return a + b; }
// static int f32(int32_t a) { return a; }
// static size_t fsz(size_t n) { return n; }
// static long fl(long a) { return a; }
// static int fp(unsigned char *p) { return p != 0; }
// static int fv(void *p) { return p != 0; }
import "C"

func count(xs []int) C.int {
	return C.add(len(xs), 1)
}

func main() {
	C.puts("hello")
	n := 3
	_ = C.add(n, 1)
	var u uintptr
	_ = C.fsz(u)
	_ = C.fl(C.int(1))
	_ = C.fl(int64(2))
	_ = C.fl(1.5)
	cs := (*C.char)(nil)
	_ = C.fp(cs)
	_ = C.fv(cs)
	_ = count(nil)
}
