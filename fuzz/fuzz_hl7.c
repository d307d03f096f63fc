/* Fuzz target: bs_extract_hl7, the HL7 v2 reader, on the input as decoded text. */
#include <stdlib.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

int bs_fuzz_hl7(const uint8_t *data, size_t size) {
  int broken = bs_fuzz_text_reader_run(bs_extract_hl7, (const char *)data, size);
  return broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_hl7(data, size) != 0) abort();
  return 0;
}
#endif
