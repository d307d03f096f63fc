/* Runs every unit test suite (or those named on the command line) and ends with the
 * line "N passed, N failed". Exit status is non-zero on any failure or on no test. */
#include <string.h>

#include "test.h"

int bs_test_passed, bs_test_failed;

void bs_test_check(int ok, const char *expr, const char *file, int line, const char *note) {
  if (ok) {
    bs_test_passed++;
    return;
  }
  bs_test_failed++;
  fprintf(stderr, "FAIL %s:%d: %s%s%s\n", file, line, expr, note ? " -- " : "", note ? note : "");
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    void (*run)(void);
  } suites[] = {
#define BS_TEST_ENTRY(name) {#name, test_##name},
      BS_TEST_SUITES(BS_TEST_ENTRY)
#undef BS_TEST_ENTRY
  };
  for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
    int wanted = argc < 2;
    for (int a = 1; a < argc; a++) wanted |= strcmp(argv[a], suites[i].name) == 0;
    if (!wanted) continue;
    int before = bs_test_failed;
    suites[i].run();
    fprintf(stderr, "%-10s %s\n", suites[i].name, bs_test_failed == before ? "ok" : "FAILED");
  }
  printf("%d passed, %d failed\n", bs_test_passed, bs_test_failed);
  return bs_test_failed || bs_test_passed == 0;
}
