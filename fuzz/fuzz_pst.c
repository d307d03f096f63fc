/* Fuzz target: an Outlook store (bs_read_pst_here: libpst through a memfd, in this process,
 * messages rendered and read back). */
#include <stdlib.h>

#include "extract/mail.h"
#include "fuzz.h"
#include "reader.h"

int bs_fuzz_pst(const uint8_t *data, size_t size) {
  return bs_fuzz_run_reader(bs_read_pst_here, "mail.pst", data, size);
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_pst(data, size) != 0) abort();
  return 0;
}
#endif
