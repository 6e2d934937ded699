package main

/*
#include <stdint.h>
struct point { int x, y; };
enum color { RED, GREEN };
#define LIMIT 10
typedef struct point point_t;
*/
import "C"

func main() {
	p := C.malloc(C.size_t(C.sizeof_int))
	_ = p
	var pt C.struct_point
	var pt2 C.point_t
	_, _ = pt, pt2
	var u C.uint32_t
	var l C.longlong
	_, _ = u, l
	_ = C.RED + C.GREEN + C.LIMIT + C.int(C.sizeof_struct_point)
	_ = C.GoString(C.CString("x"))
}
