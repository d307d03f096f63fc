/* Fuzz target: bs_read, the reader of a file's bytes by format: containers with
 * libarchive, zip-packaged Office documents with expat, anything else as text. The first
 * byte picks the file name (its extension is a hint to recognition); the rest is the
 * file. Members are checked, not followed: each is a new input of its own. */
#include <stdlib.h>

#include "base/buf.h"
#include "check.h"
#include "extract/read.h"
#include "fuzz.h"

int bs_fuzz_read(const uint8_t *data, size_t size) {
  static const char *const names[] = {"f.zip",    "f.xlsx", "f.docx", "f.odt",
                                      "f.csv.gz", "f.tar",  "f.txt",  "f"};
  if (size == 0) return 0;
  const char *name = names[data[0] % (sizeof names / sizeof names[0])];
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_source src = {.name = name, .data = (const char *)data + 1, .len = size - 1};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)64 << 20);
  bs_read_info info;
  bs_status status = bs_read(&info, &src, &scratch, &sink);
  bs_buf_free(&scratch);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT || status == BS_ELIMIT);
  BS_FUZZ_EXPECT(&check, info.format < BS_FMT_COUNT);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_read(data, size) != 0) abort();
  return 0;
}
#endif
