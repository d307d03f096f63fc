/* The invariants of fuzz/check.h. They hold for any input whatever: a parser may refuse
 * bytes or report them, never hand on something its contract excludes. */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "detect/detector.h"
#include "detect/hints.h"

/* Longest place or message a diagnostic should need; the store keeps them per file. */
#define MAX_DIAGNOSTIC_BYTES 512

void bs_fuzz_check_init(bs_fuzz_check *check, int require_utf8) {
  memset(check, 0, sizeof *check);
  check->require_utf8 = require_utf8;
}

void bs_fuzz_check_fail(bs_fuzz_check *check, const char *expr, const char *file, int line) {
  check->broken++;
  fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", file, line, expr);
}

int bs_fuzz_utf8_valid(const char *text, size_t len) {
  for (size_t i = 0; i < len;) {
    if ((unsigned char)text[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) return 0;
    i += (size_t)n;
  }
  return 1;
}

static void touch(bs_fuzz_check *check, const char *text, size_t len) {
  for (size_t i = 0; i < len; i++) check->touched += (unsigned char)text[i];
}

/* Diagnostics are stored and printed: short, printable ASCII (no input bytes leak in a
 * form a terminal would interpret). */
static int printable(const char *text) {
  size_t len = strnlen(text, MAX_DIAGNOSTIC_BYTES + 1);
  if (len > MAX_DIAGNOSTIC_BYTES) return 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] < 0x20 || text[i] > 0x7e) return 0;
  return 1;
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  bs_fuzz_check *check = ctx;
  check->diagnostics++;
  BS_FUZZ_EXPECT(check, place != NULL && message != NULL);
  if (!place || !message) return;
  BS_FUZZ_EXPECT(check, printable(place));
  BS_FUZZ_EXPECT(check, printable(message) && message[0] != '\0');
}

/* The findings of one unit, from index `from` of the list: in the unit's row; in a text
 * unit, on its lines and in order of place; in a cell or record, at its place. Each
 * carries the unit's hint. */
static void check_places(bs_fuzz_check *check, const bs_unit *unit, size_t from) {
  const bs_finding_list *list = check->findings;
  uint64_t newlines = 0, line = unit->line, column = unit->column;
  for (size_t i = 0; i < unit->len; i++) newlines += unit->text[i] == '\n';
  size_t hint_len = unit->hint ? strlen(unit->hint) : 0;
  for (size_t i = from; i < list->count; i++) {
    const bs_finding *f = &list->items[i];
    BS_FUZZ_EXPECT(check, f->row == unit->row);
    if (unit->line && unit->column) {
      BS_FUZZ_EXPECT(check, f->line >= line && f->line <= unit->line + newlines);
      BS_FUZZ_EXPECT(check, f->column >= 1 && (f->line != line || f->column >= column));
      line = f->line;
      column = f->column;
    } else {
      BS_FUZZ_EXPECT(check, f->line == unit->line && f->column == unit->column);
    }
    BS_FUZZ_EXPECT(check, f->hint_len == hint_len);
    if (f->hint_len == hint_len && hint_len && (size_t)f->hint_off + hint_len <= list->arena.len)
      BS_FUZZ_EXPECT(check, memcmp(list->arena.data + f->hint_off, unit->hint, hint_len) == 0);
  }
}

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  bs_fuzz_check *check = ctx;
  check->units++;
  BS_FUZZ_EXPECT(check, unit != NULL);
  if (!unit) return BS_EINVAL;
  BS_FUZZ_EXPECT(check, unit->text != NULL || unit->len == 0);
  if (unit->text) touch(check, unit->text, unit->len);
  if (check->require_utf8 && unit->text)
    BS_FUZZ_EXPECT(check, bs_fuzz_utf8_valid(unit->text, unit->len));
  /* Every unit has a place in its file (a finding without one cannot be audited). */
  BS_FUZZ_EXPECT(check, unit->line > 0 || unit->row > 0);
  /* Places never go back: lines and rows go forward within one place (a PDF counts
   * lines per page, a workbook rows per sheet). A unit without a line (a table cell) or
   * a row (text) says nothing of the other: an SQL dump mixes both. */
  char place[sizeof check->last_place];
  snprintf(place, sizeof place, "%s", unit->place ? unit->place : "");
  if (strcmp(place, check->last_place) != 0) {
    check->last_line = check->last_row = 0;
    memcpy(check->last_place, place, sizeof place);
  }
  if (unit->line) {
    BS_FUZZ_EXPECT(check, unit->line >= check->last_line);
    check->last_line = unit->line;
  }
  if (unit->row) {
    BS_FUZZ_EXPECT(check, unit->row >= check->last_row);
    check->last_row = unit->row;
  }
  BS_FUZZ_EXPECT(check, unit->hint_type >= BS_EL_NONE && unit->hint_type < BS_EL_COUNT);
  if (unit->hint) {
    size_t hint_len = strlen(unit->hint);
    touch(check, unit->hint, hint_len);
    if (check->require_utf8) BS_FUZZ_EXPECT(check, bs_fuzz_utf8_valid(unit->hint, hint_len));
  }
  BS_FUZZ_EXPECT(check, unit->hint_type == bs_hint_type(unit->hint));
  if (!check->scanner) return BS_OK;
  size_t before = check->findings->count;
  bs_status status = bs_scanner_scan(check->scanner, unit, check->findings);
  BS_FUZZ_EXPECT(check, status == BS_OK);
  check_places(check, unit, before);
  return status;
}

/* A member: named, and either read (its bytes all touched) or said why not. */
static bs_status on_member(const bs_member *member, void *ctx) {
  bs_fuzz_check *check = ctx;
  BS_FUZZ_EXPECT(check, member->name && member->name[0]);
  if (member->name) touch(check, member->name, strlen(member->name));
  BS_FUZZ_EXPECT(check, !member->data == !!member->not_examined);
  if (member->data) touch(check, member->data, member->len);
  check->members++;
  return BS_OK;
}

static void on_unexamined(const char *place, const char *why, void *ctx) {
  bs_fuzz_check *check = ctx;
  if (place) touch(check, place, strlen(place));
  BS_FUZZ_EXPECT(check, why && why[0]);
}

bs_unit_sink bs_fuzz_check_sink(bs_fuzz_check *check) {
  bs_unit_sink sink = {on_unit, on_diagnostic, on_member, on_unexamined, check};
  return sink;
}

/* A NUL-terminated UTF-8 string of len bytes at off inside the arena. */
static int arena_string(const bs_finding_list *list, uint32_t off, uint32_t len) {
  const bs_buf *arena = &list->arena;
  if (!arena->data || (size_t)off + len > arena->len) return 0;
  const char *text = arena->data + off;
  return text[len] == '\0' && memchr(text, '\0', len) == NULL && bs_fuzz_utf8_valid(text, len);
}

void bs_fuzz_check_findings(bs_fuzz_check *check, const bs_finding_list *list) {
  BS_FUZZ_EXPECT(check, list->count <= list->cap);
  for (size_t i = 0; i < list->count; i++) {
    const bs_finding *f = &list->items[i];
    BS_FUZZ_EXPECT(check, f->type < BS_EL_COUNT);
    BS_FUZZ_EXPECT(check, f->detector < BS_DET_COUNT);
    BS_FUZZ_EXPECT(check, f->confidence >= BS_MIN_CONFIDENCE && f->confidence <= 1.0f);
    BS_FUZZ_EXPECT(check, f->value_len > 0 && arena_string(list, f->value_off, f->value_len));
    if (f->hint_len) BS_FUZZ_EXPECT(check, arena_string(list, f->hint_off, f->hint_len));
    BS_FUZZ_EXPECT(check, f->line > 0 || f->row > 0);
  }
}

int bs_fuzz_text_reader_run(bs_fuzz_text_reader reader, const char *text, size_t len) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, bs_fuzz_utf8_valid(text, len));
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_status status = reader(text, len, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
  return check.broken;
}
