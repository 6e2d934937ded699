// Package objc uses Objective-C on macOS. With an SDK (cgols.sdkPath or
// SDKROOT) cgols compiles it for darwin/arm64 with -x objective-c from
// flags_darwin.go; on Linux without an SDK it says once that it cannot.
package objc

/*
#import <Foundation/Foundation.h>

static const char *greeting(void) {
	return [[NSString stringWithUTF8String:"hi"] UTF8String];
}
*/
import "C"

// Greeting calls into Foundation.
func Greeting() string { return C.GoString(C.greeting()) }
