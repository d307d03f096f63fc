/* Fuzz target: an email message (bs_read_eml: GMime, headers, bodies, attachments read back). */
#include <stdlib.h>

#include "extract/mail.h"
#include "fuzz.h"
#include "reader.h"

int bs_fuzz_eml(const uint8_t *data, size_t size) {
  return bs_fuzz_run_reader(bs_read_eml, "mail.eml", data, size);
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_eml(data, size) != 0) abort();
  return 0;
}
#endif
