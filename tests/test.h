/* The in-house test harness: CHECK counts a case as passed or failed. */
#ifndef BS_TEST_H
#define BS_TEST_H
#include <stdio.h>

extern int bs_test_passed, bs_test_failed;

#define CHECK(cond) bs_test_check((cond) != 0, #cond, __FILE__, __LINE__, NULL)
#define CHECKF(cond, ...)                                                                          \
  do {                                                                                             \
    char check_note_[512];                                                                         \
    snprintf(check_note_, sizeof check_note_, __VA_ARGS__);                                        \
    bs_test_check((cond) != 0, #cond, __FILE__, __LINE__, check_note_);                            \
  } while (0)

void bs_test_check(int ok, const char *expr, const char *file, int line, const char *note);

/* Every test suite, listed once. */
// clang-format off
#define BS_TEST_SUITES(X)                                                                 \
  X(validate) X(detect) X(alloc) X(extract) X(store) X(fuzz_replay) X(eval) X(office)    \
  X(link) X(synth) X(health) X(mail) X(ole2office) X(docs)                               \
  X(report) X(serve) X(letters)
// clang-format on

#define BS_TEST_DECLARE(name) void test_##name(void);
BS_TEST_SUITES(BS_TEST_DECLARE)
#undef BS_TEST_DECLARE

#endif
