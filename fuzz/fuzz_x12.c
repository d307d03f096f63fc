/* Fuzz target: bs_extract_x12, the X12 5010 reader, on the input as decoded text. */
#include <stdlib.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

int bs_fuzz_x12(const uint8_t *data, size_t size) {
  int broken = bs_fuzz_text_reader_run(bs_extract_x12, (const char *)data, size);
  return broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_x12(data, size) != 0) abort();
  return 0;
}
#endif
