package main

// void from_c(void) {}
import "C"

func main() { C.from_c() }
