/* Scores a case against ground truth (a synthetic breach's truth/ folder): per element
 * type, how many of the true mentions were found (recall) and how many findings were
 * true (precision). A finding counts when its type, normalized value and file agree
 * with a mention; each distinct (type, value, file) counts once. */
#ifndef BS_EVAL_H
#define BS_EVAL_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "detect/element.h"
#include "store/store.h"

typedef struct bs_eval_counts {
  uint64_t truth; /* distinct true (type, value, file) */
  uint64_t found; /* distinct found (type, value, file) */
  uint64_t hits;  /* in both */
} bs_eval_counts;

/* Per file format: the format the scan read the file holding the value as (its
 * extension when the scan found nothing in it), after the extensions of its containers
 * ("csv", "zip!xlsx", "eml!pdf", "fhir-ndjson"), so that a format read inside a
 * container is scored apart from the same format on its own. */
#define BS_EVAL_MAX_FORMATS 48
typedef struct bs_eval_format {
  char name[40];                     /* "xlsx", "zip!docx"; "other" once the table is full */
  bs_eval_counts types[BS_EL_COUNT]; /* per element type */
  bs_eval_counts total;              /* over the types that have truth (in the whole truth) */
} bs_eval_format;

typedef struct bs_eval_result {
  bs_eval_counts types[BS_EL_COUNT];           /* per element type */
  bs_eval_counts total;                        /* over the types that have truth */
  bs_eval_format formats[BS_EVAL_MAX_FORMATS]; /* per format, by name */
  size_t format_count;                         /* entries in formats */
  uint64_t bad_mentions;                       /* truth lines that could not be read */
  bs_buf examples; /* "missed|false\ttype\tvalue\tpath\n" lines, if asked */
} bs_eval_result;

/* Scores the case. examples: how many missed and false findings per type to list in
 * out->examples (they hold values in clear: synthetic data). Free with
 * bs_eval_result_free. BS_ENOTFOUND when truth_dir/mentions.jsonl is missing. */
bs_status bs_eval_run(bs_eval_result *out, bs_store *store, const char *truth_dir, size_t examples);
void bs_eval_result_free(bs_eval_result *result);

/* Persons: what the `people` step reported against truth/persons.csv. */
typedef struct bs_eval_persons_result {
  uint64_t truth;          /* persons in the truth */
  uint64_t reported;       /* persons the case holds */
  uint64_t found;          /* truth persons that some reported person is mostly about */
  uint64_t split;          /* truth persons reported as several */
  uint64_t merged;         /* reported persons holding a second truth person's data too */
  uint64_t not_persons;    /* reported persons about no truth person */
  uint64_t exposure_exact; /* found persons whose exposed element types are exactly right */
  /* per element type, found persons reported with it and not exposed to it (extra), or
   * exposed to it and not reported with it (missing): what makes sets inexact */
  uint64_t exposure_extra[BS_EL_COUNT], exposure_missing[BS_EL_COUNT];
} bs_eval_persons_result;

/* Scores the persons of a case (after `people`); BS_ENOTFOUND when it has none yet. */
bs_status bs_eval_persons(bs_eval_persons_result *out, bs_store *store, const char *truth_dir);

double bs_eval_precision(const bs_eval_counts *c); /* 1 when nothing was found */
double bs_eval_recall(const bs_eval_counts *c);    /* 1 when there was nothing to find */
double bs_eval_f1(const bs_eval_counts *c);

#endif
