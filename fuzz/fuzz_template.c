/* Fuzz target: bs_template_parse, the letter template parser (a user may pass their
 * own template). The input is the template file. On success every block must name an
 * existing guard, guards may only point to earlier ones, each block must expand for a
 * few people into valid UTF-8 that Pango accepts as markup, and variants must be named.
 * On failure the message must say where ("line N..."). */
#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "fuzz.h"
#include "letters/template.h"

static int markup_ok(const char *markup) {
  return pango_parse_markup(markup, -1, 0, NULL, NULL, NULL, NULL);
}

int bs_fuzz_template(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 0);
  bs_template *tmpl = NULL;
  char error[256];
  bs_status status = bs_template_parse(&tmpl, (const char *)data, size, error, sizeof error);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT || status == BS_ENOMEM);
  if (status == BS_EFORMAT) BS_FUZZ_EXPECT(&check, strncmp(error, "line ", 5) == 0);
  if (status != BS_OK) return check.broken != 0;
  BS_FUZZ_EXPECT(&check, tmpl->block_count > 0 && tmpl->block_count <= BS_TEMPLATE_MAX_BLOCKS);
  for (size_t g = 0; g < tmpl->guard_count; g++)
    BS_FUZZ_EXPECT(&check, tmpl->guards[g].parent < (int)g);
  /* Values that need escaping, and some that do not. */
  const char *values[BS_FIELD_COUNT];
  for (int f = 0; f < BS_FIELD_COUNT; f++) values[f] = f % 2 ? "O'Neil & <Sons> \"x\"" : "plain";
  static const bs_letter_facts people[] = {
      {.elements = 1u << BS_EL_SSN, .state = "CA", .monitoring = 1, .window = 1},
      {.elements = 1u << BS_EL_DOB, .state = "MA", .minor = 1},
      {.elements = 0, .state = "", .deceased = 1},
  };
  bs_buf out;
  bs_buf_init(&out, (size_t)1 << 24);
  for (size_t i = 0; i < tmpl->block_count; i++) {
    const bs_template_block *b = &tmpl->blocks[i];
    BS_FUZZ_EXPECT(&check, b->guard >= -1 && b->guard < (int)tmpl->guard_count);
    for (size_t p = 0; p < sizeof people / sizeof people[0]; p++)
      (void)bs_template_block_applies(tmpl, b, &people[p]);
    bs_buf_reset(&out);
    BS_FUZZ_EXPECT(&check, bs_template_expand(&out, b->text, values) == BS_OK);
    const char *text = out.data ? out.data : "";
    BS_FUZZ_EXPECT(&check, bs_fuzz_utf8_valid(text, strlen(text)));
    BS_FUZZ_EXPECT(&check, markup_ok(text));
  }
  bs_buf_free(&out);
  for (size_t p = 0; p < sizeof people / sizeof people[0]; p++) {
    char variant[48];
    bs_template_variant(tmpl, &people[p], variant, sizeof variant);
    BS_FUZZ_EXPECT(&check, variant[0] != '\0');
  }
  bs_template_free(tmpl);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_template(data, size) != 0) abort();
  return 0;
}
#endif
