/* Fuzz target: a reviewer's decisions file (bs_link_decisions_read), the CSV that
 * `people --decisions FILE` reads back. The input is the file. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "link/link.h"

int bs_fuzz_decisions(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 0);
  bs_link_decisions decisions;
  size_t line = 0;
  bs_status status = bs_link_decisions_read(&decisions, (const char *)data, size, &line);
  if (status == BS_OK) {
    BS_FUZZ_EXPECT(&check, line == 0);
    /* Every "same" pair is a stored "keyA keyB" with keys in byte order. */
    for (size_t i = 0; i < decisions.same; i++) {
      const char *pair = decisions.same_pairs[i], *space = strchr(pair, ' ');
      BS_FUZZ_EXPECT(&check, space != NULL);
      if (space) BS_FUZZ_EXPECT(&check, strncmp(pair, space + 1, (size_t)(space - pair)) <= 0);
    }
    bs_link_decisions_free(&decisions);
  } else {
    BS_FUZZ_EXPECT(&check, line >= 1 && (status == BS_EFORMAT || status == BS_ENOMEM));
    BS_FUZZ_EXPECT(&check, decisions.pairs == NULL && decisions.same_pairs == NULL);
  }
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_decisions(data, size) != 0) abort();
  return 0;
}
#endif
