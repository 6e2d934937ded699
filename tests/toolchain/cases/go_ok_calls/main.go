package main

// #include <stdio.h>
// #include <stdlib.h>
// #include <stdint.h>
// #include <string.h>
// typedef int myint;
// typedef struct { int type; int b:2; } rec_t;
// enum color { RED, GREEN };
// struct point { int x, y; char *name; };
// static int add(int a, int b) { return a + b; }
// static int f32(int32_t a) { return a; }
// static int fm(myint a) { return a; }
// static int fe(enum color c) { return c; }
// static int fv(void *p) { return p != 0; }
// static int fpt(struct point *p) { return p->x; }
// static void fcb(void (*cb)(void)) { (void)cb; }
// static struct point mk(void) { struct point p = {1, 2, 0}; return p; }
import "C"
import "unsafe"

func size(b []byte) C.size_t { return C.size_t(len(b)) }

func main() {
	n := 3
	_ = C.add(C.int(n), 1)
	_ = C.add('a', 0x10)
	_ = C.f32(C.int(1))
	var m C.myint = 4
	_ = C.fm(m)
	_ = C.fe(C.RED)
	var e C.enum_color
	_ = C.fe(e)
	cs := C.CString("x")
	defer C.free(unsafe.Pointer(cs))
	_ = C.strlen(cs)
	_ = C.fv(unsafe.Pointer(cs))
	_ = C.fv(nil)
	var p C.struct_point
	_ = C.fpt(&p)
	_ = p.x + p.y
	var r C.rec_t
	_ = r._type
	C.fcb(nil)
	var x C.int = C.add(1, 2)
	var y = C.mk()
	_, _ = x, y.name
	_ = size(nil)
	b := []byte("abc")
	_ = C.memcmp(unsafe.Pointer(&b[0]), unsafe.Pointer(&b[1]), C.size_t(len(b)-1))
}

type handle *C.struct_point

type celsius C.int

func named(h handle, c celsius) int {
	return int(C.fpt(h)) + int(C.add(C.int(c), 0))
}
