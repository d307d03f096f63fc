/* Fuzz target: bs_extract_csv. The first byte picks the delimiter (itself when it is
 * one bs_sniff can choose: tab , ; |, else one of those four); the rest is the table,
 * as undecoded bytes. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

int bs_fuzz_csv(const uint8_t *data, size_t size) {
  static const char delimiters[] = {',', '\t', ';', '|'};
  if (size == 0) return 0;
  char delimiter = (char)data[0];
  if (!memchr(delimiters, delimiter, sizeof delimiters))
    delimiter = delimiters[data[0] % sizeof delimiters];
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  /* Cells are cut at ASCII bytes, so UTF-8 in gives UTF-8 out. */
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, bs_fuzz_utf8_valid(text, len));
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_status status = bs_extract_csv(text, len, delimiter, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_csv(data, size) != 0) abort();
  return 0;
}
#endif
