/* Fuzz target: the Word piece table reader (bs_read_doc) without the compound file
 * around it. Input: a 16-bit little-endian length n, then n bytes of WordDocument
 * stream, then the table stream. */
#include <stdlib.h>

#include "check.h"
#include "extract/office.h"
#include "fuzz.h"

int bs_fuzz_doc(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  size_t word_len = (size_t)data[0] | (size_t)data[1] << 8;
  if (word_len > size - 2) word_len = size - 2;
  const char *word = (const char *)data + 2, *table = word + word_len;
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_source src = {.name = "x.doc", .data = (const char *)data, .len = size};
  bs_status status = bs_read_doc(&src, word, word_len, table, size - 2 - word_len, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT || status == BS_ELIMIT);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_doc(data, size) != 0) abort();
  return 0;
}
#endif
