package main

/*
#ifndef LINUX_ONLY
#error LINUX_ONLY comes from flags.go and should be set
#endif
#ifndef HAVE_FEATURE
#error HAVE_FEATURE is only set on windows
#endif
*/
import "C"

func main() {}
