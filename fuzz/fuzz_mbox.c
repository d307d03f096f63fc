/* Fuzz target: a mailbox (bs_read_mbox: messages split, named, read back as email). */
#include <stdlib.h>

#include "extract/mail.h"
#include "fuzz.h"
#include "reader.h"

int bs_fuzz_mbox(const uint8_t *data, size_t size) {
  return bs_fuzz_run_reader(bs_read_mbox, "box.mbox", data, size);
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_mbox(data, size) != 0) abort();
  return 0;
}
#endif
