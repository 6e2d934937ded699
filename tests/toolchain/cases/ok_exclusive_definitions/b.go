package main

/*
#ifndef __linux__
int per_os = 2;
#endif
*/
import "C"
