void from_c(void) {}
