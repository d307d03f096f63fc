/* Fuzz target: bs_read_rtf, our own RTF reader, on the whole input. */
#include <stdlib.h>

#include "check.h"
#include "extract/rtf.h"
#include "fuzz.h"

int bs_fuzz_rtf(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1); /* units are UTF-8 whatever the input */
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_source src = {.name = "input.rtf", .data = (const char *)data, .len = size};
  bs_status status = bs_read_rtf(&src, &sink);
  /* Bad input gives diagnostics, not failures. */
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_rtf(data, size) != 0) abort();
  return 0;
}
#endif
