package b

// #include <math.h>
// unsigned long crc32(unsigned long, const unsigned char *, unsigned int);
// static double b_calc(double x) { return cbrt(x) + (double)crc32(0, 0, 3); }
import "C"

import _ "example.com/link_two_packages/a"

func Run() float64 { return float64(C.b_calc(8)) }
