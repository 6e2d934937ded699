package main

/*
@interface Thing
@end
*/
import "C"

func main() {}
