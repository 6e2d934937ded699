package main

// #include <CoreFoundation/CoreFoundation.h>
// static int broken(void) { return not_on_linux; }
import "C"
