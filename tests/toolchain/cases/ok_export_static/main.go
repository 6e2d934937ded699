package main

/*
static int fine(void) { return 2; }
static inline int also_fine(void) { return 3; }
extern void GoCallback(void);
*/
import "C"

//export GoCallback
func GoCallback() {}

func main() { C.fine(); C.also_fine() }
