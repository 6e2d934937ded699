package main

// int shared_counter = 1;
import "C"

func main() { b() }
