/* Allocator and buffer tests: caps, overflow checks, injected failures. */
#include <stdint.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "test.h"

void test_alloc(void) {
  CHECK(bs_malloc(BS_ALLOC_MAX + 1) == NULL);
  CHECK(bs_calloc(SIZE_MAX / 2, 4) == NULL);
  CHECK(bs_reallocarray(NULL, SIZE_MAX / 2, 4) == NULL);
  bs_alloc_fail_after(2);
  void *first = bs_malloc(8);
  void *second = bs_malloc(8);
  void *third = bs_malloc(8);
  CHECK(first != NULL);
  CHECK(second == NULL);
  CHECK(third != NULL);
  bs_free(first);
  bs_free(third);
  bs_alloc_fail_after(0);

  bs_buf buf;
  bs_buf_init(&buf, 8);
  CHECK(bs_buf_append(&buf, "12345678", 8) == BS_OK);
  CHECK(bs_buf_append_char(&buf, '9') == BS_ELIMIT);
  CHECK(buf.len == 8 && buf.data[8] == '\0');
  bs_buf_reset(&buf);
  CHECK(bs_buf_printf(&buf, "%d-%s", 42, "ab") == BS_OK && buf.len == 5);
  CHECK(bs_buf_printf(&buf, "%s", "toolong") == BS_ELIMIT);
  bs_buf_free(&buf);
  bs_alloc_fail_after(1);
  bs_buf_init(&buf, 64);
  CHECK(bs_buf_append(&buf, "x", 1) == BS_ENOMEM);
  bs_alloc_fail_after(0);
  bs_buf_free(&buf);
}
