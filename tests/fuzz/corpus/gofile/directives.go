package mistakes

/*
// The colon after LDFLAGS is missing: go build stops with "invalid #cgo line".
#cgo LDFLAGS -lm
// A header that is not installed.
#include <libfoo/foo.h>
*/
import "C"
