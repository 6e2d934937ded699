static int local(void) { return undefined_in_header; }
