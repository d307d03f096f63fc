/* Invariants the fuzz targets check on what a parser gives back: the units and
 * diagnostics an extractor sends to its sink, and the findings of the scanner. A broken
 * invariant is named on stderr by the expression that failed (never by the input) and
 * counted, and the target then returns 1. */
#ifndef BS_FUZZ_CHECK_H
#define BS_FUZZ_CHECK_H
#include <stddef.h>
#include <stdint.h>

#include "detect/engine.h"
#include "detect/finding.h"
#include "extract/unit.h"

typedef struct bs_fuzz_check {
  int require_utf8;          /* unit texts and hints must be valid UTF-8 */
  bs_scanner *scanner;       /* when not NULL, each unit is also scanned */
  bs_finding_list *findings; /* where the scanner's findings go; needed with scanner */
  uint64_t last_row;         /* row of the last unit with one, in last_place */
  uint64_t last_line;        /* line of the last unit with one, in last_place */
  char last_place[256];      /* place of the previous unit ("page 2"), "" when none */
  size_t units;              /* units received */
  size_t diagnostics;        /* diagnostics received */
  size_t members;            /* files inside the input received */
  unsigned touched;          /* sum of every byte received, so that ASan sees each read */
  int broken;                /* invariants that failed */
} bs_fuzz_check;

/* Counts and names a failed invariant. */
#define BS_FUZZ_EXPECT(check, cond)                                                                \
  do {                                                                                             \
    if (!(cond)) bs_fuzz_check_fail((check), #cond, __FILE__, __LINE__);                           \
  } while (0)

void bs_fuzz_check_init(bs_fuzz_check *check, int require_utf8);
void bs_fuzz_check_fail(bs_fuzz_check *check, const char *expr, const char *file, int line);

/* A sink whose callbacks check each unit and diagnostic (and scan the unit when
 * check->scanner is set). */
bs_unit_sink bs_fuzz_check_sink(bs_fuzz_check *check);

/* Every finding of list: in range type and detector, confidence kept by the engine,
 * value and hint inside the arena, NUL-terminated and valid UTF-8. */
void bs_fuzz_check_findings(bs_fuzz_check *check, const bs_finding_list *list);

/* 1 if text[0..len) is valid UTF-8 (no overlong forms, no surrogates). */
int bs_fuzz_utf8_valid(const char *text, size_t len);

/* A reader of decoded text. */
typedef bs_status (*bs_fuzz_text_reader)(const char *text, size_t len, const bs_unit_sink *sink);

/* Runs a text reader on the input with the checking sink: units and hints must be UTF-8
 * when the input is, and the reader may end only with OK or ELIMIT (syntax errors are
 * diagnostics). Returns the count of broken invariants. */
int bs_fuzz_text_reader_run(bs_fuzz_text_reader reader, const char *text, size_t len);

#endif
