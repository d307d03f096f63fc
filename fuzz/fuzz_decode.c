/* Fuzz target: bs_decode, any bytes to UTF-8 (BOMs, UTF-16 with and without BOM,
 * Windows-1252 repair of invalid UTF-8, binary refusal). The input is the whole file. */
#include <stdlib.h>

#include "base/buf.h"
#include "check.h"
#include "extract/decode.h"
#include "fuzz.h"

int bs_fuzz_decode(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_buf scratch;
  /* Decoding never needs more than 3 bytes of UTF-8 per input byte (a Windows-1252
   * byte such as 0x80, the euro sign); 2 bytes of UTF-16 give at most 3 or 4. */
  bs_buf_init(&scratch, 3 * size + 16);
  const char *bytes = (const char *)data, *text = NULL;
  size_t len = 0;
  bs_encoding encoding = BS_ENC_UTF8;
  bs_status status = bs_decode(&text, &len, &encoding, bytes, size, &scratch, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT);
  BS_FUZZ_EXPECT(&check, (status == BS_EFORMAT) == (encoding == BS_ENC_BINARY));
  BS_FUZZ_EXPECT(&check, encoding >= BS_ENC_UTF8 && encoding <= BS_ENC_BINARY);
  BS_FUZZ_EXPECT(&check, check.units == 0);
  if (status == BS_OK) {
    BS_FUZZ_EXPECT(&check, text != NULL || len == 0);
    if (text) BS_FUZZ_EXPECT(&check, bs_fuzz_utf8_valid(text, len));
    /* Clean UTF-8 is used in place, without a copy. */
    if (encoding == BS_ENC_UTF8 && len > 0)
      BS_FUZZ_EXPECT(&check, text >= bytes && text + len <= bytes + size);
  }
  bs_buf_free(&scratch);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_decode(data, size) != 0) abort();
  return 0;
}
#endif
