package main

/*
#include <stdio.h>
static int count(const char *s) { return (int)strlen(s); }
*/
import "C"

func main() { C.count(nil) }
