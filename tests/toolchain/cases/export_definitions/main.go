package main

/*
int helper(void) { return 1; }
int counter;
static int fine(void) { return 2; }
static inline int also_fine(void) { return 3; }
#if 0
int never(void) { return 4; }
#endif
*/
import "C"

//export GoCallback
func GoCallback() {}

func main() { C.helper(); C.fine(); C.also_fine() }
