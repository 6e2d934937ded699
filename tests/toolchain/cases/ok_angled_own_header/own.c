#include <own.h>

int own_answer(void) { return 42; }
