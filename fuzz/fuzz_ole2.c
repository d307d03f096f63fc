/* Fuzz target: an OLE2 compound file (bs_read_ole2: libgsf, then FreeXL for workbooks, the piece
 * table for Word). */
#include <stdlib.h>

#include "extract/office.h"
#include "fuzz.h"
#include "reader.h"

static bs_status read_ole2(const bs_source *src, const bs_unit_sink *sink) {
  bs_format format;
  return bs_read_ole2(&format, src, sink);
}

int bs_fuzz_ole2(const uint8_t *data, size_t size) {
  return bs_fuzz_run_reader(read_ole2, "file.xls", data, size);
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_ole2(data, size) != 0) abort();
  return 0;
}
#endif
