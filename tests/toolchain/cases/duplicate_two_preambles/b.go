package main

// int shared_counter = 2;
import "C"

func b() { _ = C.shared_counter }
