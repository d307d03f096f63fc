/* Fuzz target: bs_extract_json and bs_extract_ndjson, both on the whole input (one JSON
 * document, then the same bytes as lines of records), undecoded. */
#include <stdlib.h>

#include "check.h"
#include "extract/format.h"
#include "fuzz.h"

static int run(bs_status (*extract)(const char *, size_t, const bs_unit_sink *), const char *text,
               size_t len, int utf8) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, utf8);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_status status = extract(text, len, &sink);
  /* Syntax errors are diagnostics, not failures. */
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken;
}

int bs_fuzz_json(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  /* Readers get decoded text. From UTF-8 input, keys and values (escapes decoded) must
   * be UTF-8; other bytes are read too, but yajl's own check of them is loose
   * (overlong forms pass), so nothing is required of their units. */
  int utf8 = bs_fuzz_utf8_valid(text, size);
  int broken = run(bs_extract_json, text, size, utf8);
  broken += run(bs_extract_ndjson, text, size, utf8);
  return broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_json(data, size) != 0) abort();
  return 0;
}
#endif
