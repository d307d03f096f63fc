/* Fuzz target: bs_extract_x12, the X12 5010 reader, on the input as decoded text. */
#include <stdlib.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

static int run(bs_status (*extract)(const char *, size_t, const bs_unit_sink *), const char *text,
               size_t len) {
  bs_fuzz_check check;
  /* Readers get decoded text: from UTF-8 input, units and hints must be UTF-8. */
  bs_fuzz_check_init(&check, bs_fuzz_utf8_valid(text, len));
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_status status = extract(text, len, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken;
}

int bs_fuzz_x12(const uint8_t *data, size_t size) {
  int broken = run(bs_extract_x12, (const char *)data, size);
  return broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_x12(data, size) != 0) abort();
  return 0;
}
#endif
