package main

// struct bits { int a:3; int b; };
// union u { int i; double d; };
// struct point { int x, y; };
import "C"

func main() {
	var b C.struct_bits
	_ = b.a
	_ = b.b
	var u C.union_u
	_ = u.i
	p := &C.struct_point{}
	var q *C.struct_point = p
	_ = q.z
	_ = q.x
}
