package main

// struct point { int x, y; };
// static int px(struct point p) { return p.x; }
// static int twice(int v) { return 2 * v; }
import "C"

type point struct{ x, y int }

type myint int

type cpoint = C.struct_point

func main() {
	_ = C.px(point{1, 2})
	var m myint = 3
	_ = C.twice(m)
	_ = C.px(cpoint{})
	_ = C.px(C.struct_point{x: 1})
	p := C.struct_point{}
	_ = p.z
}
