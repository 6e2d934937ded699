package main

// C._Bool is a C keyword type, and C.struct_x/union_x/enum_x are types to
// cgo without a lookup: a tag declared only implicitly (inside a member or a
// prototype) or never completed builds (real macOS and Wayland code).

/*
struct wl_list { struct wl_display *owner; };
static _Bool truth(void) { return 1; }
static void take(struct wl_display *d) { (void)d; }
static struct wl_display *none(void) { return 0; }
static void opaque(union never_defined *u) { (void)u; }
*/
import "C"

func main() {
	var b C._Bool = C.truth()
	var d *C.struct_wl_display = C.none()
	var u *C.union_never_defined
	C.take(d)
	C.opaque(u)
	_ = b
}
