// Package mistakes holds cgo code that gcc on Linux accepts with a warning
// and clang 15+ (and Apple clang on every Mac) rejects.
package mistakes

/*
#include <stdlib.h>

// strlen needs <string.h>: clang 16 says "call to undeclared function".
static int length(const char *s) { return (int)strlen(s); }

// An int is not a pointer: an error since clang 15 (-Wint-conversion).
static int *address(void) {
	static int x = 3;
	int *p = x;
	return p;
}
*/
import "C"

// Length is a Go wrapper.
func Length() int { return int(C.length(nil)) + int(*C.address()) }
