/* Private to detect/: the per-unit state handlers work on, and the helpers they share. */
#ifndef BS_DETECT_INTERNAL_H
#define BS_DETECT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "detect/context.h"
#include "detect/detector.h"
#include "detect/element.h"
#include "detect/refdata.h"
#include "extract/unit.h"

typedef struct bs_match {
  unsigned id;     /* pattern index, or BS_KEYWORD_BASE + keyword index */
  size_t from, to; /* byte span in the unit */
} bs_match;

/* A validated finding before overlaps are resolved and its place is computed. */
typedef struct bs_raw_finding {
  size_t start, end;    /* span of the value in the unit */
  uint32_t value_off;   /* normalized value in the scanner's value buffer */
  uint32_t value_len;   /* bytes */
  float confidence;     /* 0 to 1 */
  bs_element type;      /* element type */
  bs_detector detector; /* who found it */
} bs_raw_finding;

typedef struct bs_detect {
  const bs_refdata *ref;    /* reference tables */
  const void *licence_db;   /* hs_database_t of licence formats */
  void *licence_scratch;    /* hs_scratch_t for it */
  const bs_unit *unit;      /* unit being scanned */
  const char *text;         /* unit->text */
  size_t len;               /* unit->len */
  const bs_match *keywords; /* context word hits, ordered by end */
  size_t keyword_count;     /* entries */
  unsigned hint_classes;    /* context classes implied by the unit's field hint */
  bs_raw_finding *found;    /* findings so far */
  size_t found_count;       /* entries */
  size_t found_cap;         /* allocated */
  bs_buf values;            /* normalized values */
  int today;                /* YYYYMMDD */
  int status;               /* first bs_status error, sticky */
} bs_detect;

typedef void (*bs_handler)(bs_detect *d, const bs_match *m, bs_detector detector);

typedef struct bs_pattern {
  const char *regex;    /* Hyperscan syntax; %S, %T, %N stand for generated alternations */
  unsigned flags;       /* extra HS_FLAG_* */
  bs_detector detector; /* reported as */
  bs_handler handler;   /* validates and emits */
  const char *back;     /* characters to walk back over from the end to find the start;
                           NULL: Hyperscan reports the start (costly) */
} bs_pattern;

#define BS_KEYWORD_BASE 100000u
/* Longest walk back from a match's end to its start. */
#define BS_MAX_BACK     64

extern const bs_pattern bs_patterns[];
extern const size_t bs_pattern_count;

/* Records a finding; the value is copied. */
void bs_detect_emit(bs_detect *d, bs_element type, bs_detector detector, size_t start, size_t end,
                    const char *value, size_t value_len, float confidence);
/* Context classes of words ending within `window` bytes before pos (and the hint). */
unsigned bs_detect_context_before(const bs_detect *d, size_t pos, size_t window);
/* Classes of the nearest context word ending within `window` bytes before pos. */
unsigned bs_detect_nearest_before(const bs_detect *d, size_t pos, size_t window);
/* Classes of words ending within `window` bytes after pos. */
unsigned bs_detect_context_after(const bs_detect *d, size_t pos, size_t window);
/* Copies the digits of text[from, to) into out (at most cap); returns their count. */
size_t bs_detect_digits(const char *text, size_t from, size_t to, char *out, size_t cap);
/* 1 if the licence number (upper case, no separators) fits some state's format. */
int bs_detect_licence_format(bs_detect *d, const char *token, size_t len);

/* Hinted cells: validates the whole unit as its hint type; 1 when it emitted. */
int bs_detect_hinted(bs_detect *d);
/* Context classes a hint type implies for a free scan of the cell. */
unsigned bs_hint_classes(bs_element hint_type);

/* Handlers, by family. */
void bs_handle_ssn(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_nine_digits(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_date(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_phone(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_email(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_card(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_mbi(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_hicn(bs_detect *d, const bs_match *m, bs_detector detector);
/* The value after a label: `at` is the end of the label's context word. */
void bs_handle_keyed(bs_detect *d, size_t at, bs_keyed keyed);
void bs_handle_icd10cm(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_icd9cm(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_cpt(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_hcpcs(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_icd10pcs(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_city_state_zip(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_street(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_po_box(bs_detect *d, const bs_match *m, bs_detector detector);
void bs_handle_person_name(bs_detect *d, const bs_match *m, bs_detector detector);
/* "J. Smith": an initial and a known family name where a person is meant. */
void bs_handle_initial_name(bs_detect *d, const bs_match *m, bs_detector detector);
/* The line above a street line that begins at street_from, when it is a name alone: an
 * address block's recipient ("Wadna Trevino" over "74 Cooper Pkwy"), taken even when
 * only one of its words is in the name lists. */
void bs_handle_recipient_line(bs_detect *d, size_t street_from);
/* A name expected after a label ending at `at` ("Patient:", "Dear"). */
void bs_handle_name_after(bs_detect *d, size_t at);

/* Normalizers shared by handlers and hinted cells. */
size_t bs_normalize_street(const bs_refdata *ref, const char *text, size_t len, char *out,
                           size_t cap);
size_t bs_normalize_upper_words(const char *text, size_t len, char *out, size_t cap);

#endif
