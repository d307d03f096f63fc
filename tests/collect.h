/* A sink for reader tests that keeps copies of everything a reader sends: units with
 * their places and hints, members with their bytes, diagnostics, parts not examined. */
#ifndef BS_TEST_COLLECT_H
#define BS_TEST_COLLECT_H
#include <stddef.h>
#include <stdint.h>

#include "extract/unit.h"

enum { GOT_UNITS = 256, GOT_MEMBERS = 64, GOT_NOTES = 64, GOT_TEXT = 1024 };

typedef struct got_unit {
  char text[GOT_TEXT];  /* copy, NUL-terminated (cut at GOT_TEXT - 1) */
  size_t len;           /* bytes as delivered */
  uint64_t line;        /* as delivered */
  uint64_t column;      /* as delivered */
  uint64_t row;         /* as delivered */
  char hint[128];       /* copy, "" when none */
  int has_hint;         /* hint was not NULL */
  const char *hint_ptr; /* the pointer, compared only */
  bs_element hint_type; /* as delivered */
  int type_matches;     /* hint_type == bs_hint_type(hint) at delivery */
  char place[128];      /* copy, "" when none */
} got_unit;

typedef struct got_member {
  char name[512];      /* copy */
  char data[GOT_TEXT]; /* copy of the bytes (cut) */
  size_t len;          /* as delivered */
  int has_data;        /* data was not NULL */
  int64_t mtime;       /* as delivered */
  char why[128];       /* not_examined, "" when read */
} got_member;

typedef struct got {
  got_unit units[GOT_UNITS];       /* first GOT_UNITS units */
  size_t unit_count;               /* all units */
  got_member members[GOT_MEMBERS]; /* first GOT_MEMBERS members */
  size_t member_count;             /* all members */
  char diags[GOT_NOTES][256];      /* "place: message" */
  size_t diag_count;               /* all diagnostics */
  char unexamined[GOT_NOTES][256]; /* "place: why", place "-" for the whole file */
  size_t unexamined_count;         /* all of them */
} got;

got *got_new(void); /* free() it */
bs_unit_sink got_sink(got *g);
/* The first unit whose text contains `text`, or NULL. */
const got_unit *got_unit_with(const got *g, const char *text);
/* The first member named `name`, or NULL. */
const got_member *got_member_named(const got *g, const char *name);
/* 1 if a diagnostic (or a part not examined) reads exactly `note`. */
int got_diag(const got *g, const char *note);
int got_unexamined(const got *g, const char *note);
/* 1 if any diagnostic or note contains `text` (case-insensitive). */
int got_notes_contain(const got *g, const char *text);

#endif
