/* Fuzz target: an Access database (libmdb from memory), read in this process: the scan
 * reads it in a child (isolate.h), whose coverage libFuzzer would not see. */
#include <stdlib.h>

#include "extract/office.h"
#include "fuzz.h"
#include "reader.h"

int bs_fuzz_mdb(const uint8_t *data, size_t size) {
  return bs_fuzz_run_reader(bs_read_mdb_here, "db.mdb", data, size);
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_mdb(data, size) != 0) abort();
  return 0;
}
#endif
