/* Fuzz target: bs_extract_fhir and bs_extract_fhir_ndjson, the FHIR reader (one document, then the
 * same bytes as NDJSON lines), on the input as decoded text. */
#include <stdlib.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

int bs_fuzz_fhir(const uint8_t *data, size_t size) {
  int broken = bs_fuzz_text_reader_run(bs_extract_fhir, (const char *)data, size);
  broken += bs_fuzz_text_reader_run(bs_extract_fhir_ndjson, (const char *)data, size);
  return broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_fhir(data, size) != 0) abort();
  return 0;
}
#endif
