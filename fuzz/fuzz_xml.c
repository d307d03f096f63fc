/* Fuzz target: bs_read_xml (expat), with the rest read as text after an error, on the whole input.
 */
#include <stdlib.h>

#include "check.h"
#include "extract/xml.h"
#include "fuzz.h"

int bs_fuzz_xml(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1); /* units are UTF-8 whatever the input */
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_source src = {.name = "input.xml", .data = (const char *)data, .len = size};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 28);
  bs_status status = bs_read_xml(&src, &scratch, &sink);
  bs_buf_free(&scratch);
  /* Bad input gives diagnostics, not failures. */
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_xml(data, size) != 0) abort();
  return 0;
}
#endif
