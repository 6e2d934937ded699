package main

// #include "local.h"
import "C"

func main() { C.local() }
