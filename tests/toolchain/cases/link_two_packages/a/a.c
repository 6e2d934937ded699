#include <math.h>

double a_root(double x) { return cbrt(x); }

unsigned long crc32(unsigned long crc, const unsigned char *buf,
                    unsigned int len) {
  (void)buf;
  return crc + len;
}
