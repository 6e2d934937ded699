package objc

// #cgo darwin CFLAGS: -x objective-c
// #cgo darwin LDFLAGS: -framework Foundation
import "C"
