//===- FuzzCheck.h - A property a fuzz target asserts ---------------------===//
//
// FUZZ_CHECK(cond): when cond is false, say which property failed and where,
// then abort (libFuzzer keeps the input as a crash).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(Cond)                                                       \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      std::fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #Cond,        \
                   __FILE__, __LINE__);                                        \
      std::abort();                                                            \
    }                                                                          \
  } while (0)
