/* The obligations report of a case: counts of affected persons, the notices the rules
 * table says are owed with their deadlines, and the HHS breach portal fields; built from
 * the case store (meta, persons, unattributed, files, diagnostics), then written as
 * HTML, JSON and CSV into CASE/report/ (report_write.c). */
#ifndef BS_REPORT_H
#define BS_REPORT_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "detect/element.h"
#include "report/rules.h"
#include "store/store.h"

#define BS_REPORT_DIR "report"

/* What the case cannot know; NULL keeps what an earlier run stored in the case. */
typedef struct bs_report_options {
  const char *entity_type; /* HHS covered entity type, or "none" (not a HIPAA entity) */
  const char *breach_type; /* HHS type of breach */
  const char *locations;   /* HHS locations of the information, separated by ',' */
} bs_report_options;

/* Persons of one state of residence with one set of elements. */
typedef struct bs_report_combo {
  size_t state;                                 /* index into bs_report.states */
  uint32_t elements;                            /* bs_element bits */
  uint32_t groups;                              /* bits of the rules' element groups present */
  size_t persons, minors, deceased, no_address; /* persons, and of them */
} bs_report_combo;

typedef struct bs_report_state {
  char code[8];                                 /* USPS code; "" when unknown */
  size_t persons, minors, deceased, no_address; /* residents, and of them */
} bs_report_state;

typedef enum bs_obligation_status {
  BS_OBLIGATION_OWED,    /* the rule applies */
  BS_OBLIGATION_UNCLEAR, /* owed unless counsel confirms a HIPAA exemption */
  BS_OBLIGATION_DEEMED,  /* met by notice under HIPAA, if that notice is given */
  BS_OBLIGATION_EXEMPT,  /* the law exempts HIPAA covered entities */
} bs_obligation_status;

typedef struct bs_obligation {
  const bs_rule *rule;       /* the rule it comes from */
  char state[8];             /* whose residents were counted ("" for all persons) */
  size_t persons;            /* persons the rule counts, conditional ones included */
  size_t conditional;        /* of which triggered only through a conditional alternative */
  int threshold_conditional; /* the threshold is met only with conditional persons */
  bs_obligation_status status;
  long deadline;     /* day number; -1: no fixed day */
  char basis[256];   /* how the deadline was computed */
  char warning[160]; /* weekend or holiday, "" if none */
} bs_obligation;

typedef struct bs_report_unexamined {
  int64_t file_id; /* the file's case id */
  char *path;      /* the file's path in the case (owned) */
  char *place;     /* page or part, NULL for the whole file (owned) */
  char *reason;    /* owned */
} bs_report_unexamined;

typedef struct bs_report {
  char organization[256];              /* case setting */
  char discovered[11];                 /* YYYY-MM-DD */
  char window_from[11], window_to[11]; /* intrusion window, "" when unset */
  char entity_type[64];                /* HHS covered entity type, "" when unset */
  char breach_type[64];                /* HHS type of breach, "" when unset */
  char locations[256];                 /* HHS locations joined by "; " */
  int hipaa;                           /* HIPAA rules applied (covered entity, or type not set) */
  long discovery;                      /* day number */
  size_t persons, minors, deceased, no_address; /* totals */
  bs_report_state *states;                      /* sorted by code, the unknown state ("") first */
  size_t state_count;
  bs_report_combo *combos;             /* sorted by state, then elements */
  size_t combo_count;                  /* combos in use */
  size_t element_persons[BS_EL_COUNT]; /* persons with each element */
  int64_t unattributed[BS_EL_COUNT];   /* findings tied to no person */
  bs_obligation *obligations;          /* in rules-table order */
  size_t obligation_count;             /* obligations in use */
  bs_report_unexamined *unexamined;    /* files and parts not examined, by file id */
  size_t unexamined_count;             /* entries in unexamined */
  char (*warnings)[256];               /* lines for the reader, no personal data */
  size_t warning_count;                /* lines in warnings */
  bs_rules rules;                      /* the table the obligations point into */
} bs_report;

/* Reads the case, remembers the options in its meta table, and computes everything.
 * err gets a message for BS_EINVAL/BS_EFORMAT/BS_ENOTFOUND. OUT: *out (free with
 * bs_report_free, also after a failure). */
bs_status bs_report_build(bs_report *out, bs_store *store, const bs_report_options *options,
                          char *err, size_t err_cap);
/* Computes the obligations of a report whose counts are filled in (report_build does it;
 * the tests call it on small hand-made reports). */
bs_status bs_report_obligations(bs_report *report);
/* Writes report.html, report.json and the CSV files into case_dir/report/, each owner-only
 * and replaced whole. */
bs_status bs_report_write(const bs_report *report, const char *case_dir);
/* The JSON document (also embedded in the HTML). OUT: *out (bs_free), *len. */
bs_status bs_report_json(char **out, size_t *len, const bs_report *report);
void bs_report_free(bs_report *report);

/* Adds a warning line (no personal data). */
bs_status bs_report_warn(bs_report *report, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* HHS portal pick-lists (hhs.c). */
typedef enum bs_hhs_list { BS_HHS_ENTITY_TYPE, BS_HHS_BREACH_TYPE, BS_HHS_LOCATION } bs_hhs_list;
/* The option of a list an input names (case-insensitive; the start of the option or of
 * one of its words will do when only one option starts so), or NULL; *ambiguous set
 * when several do. */
const char *bs_hhs_option(bs_hhs_list list, const char *input, int *ambiguous);
/* The options of a list joined by " | " into buf. */
const char *bs_hhs_options(bs_hhs_list list, char *buf, size_t cap);
const char *bs_obligation_status_name(bs_obligation_status status);

#endif
