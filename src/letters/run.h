/* The letters step: enrollment codes for those whose exposure warrants them, letters
 * rendered in batch files by worker threads, and the files a print-and-mail vendor and
 * a monitoring vendor take, all written into CASE/letters/; each letter recorded in the
 * case (table letters) for the call center. */
#ifndef BS_LETTERS_RUN_H
#define BS_LETTERS_RUN_H
#include <stddef.h>

#include "letters/render.h"
#include "store/store.h"

#define BS_LETTERS_DIR          "letters"
#define BS_LETTERS_MAX_VARIANTS 256 /* variants counted in a summary */

typedef struct bs_letters_options {
  const char *case_dir;        /* the case folder */
  const bs_template *tmpl;     /* parsed template */
  bs_letter_settings settings; /* shared by every letter; settings.mail_date is mailed_on */
  size_t batch_size;           /* letters per PDF batch file */
  int threads;                 /* rendering threads */
  const char *only;            /* one person id, or NULL for everyone */
  int proof;                   /* > 0: this many letters of each variant to proof.pdf */
} bs_letters_options;

typedef struct bs_letters_variant {
  char name[48];  /* variant */
  size_t letters; /* letters of it */
} bs_letters_variant;

typedef struct bs_letters_summary {
  size_t persons;                                       /* persons read */
  size_t letters;                                       /* letters rendered */
  size_t pages;                                         /* pages rendered */
  size_t batches;                                       /* batch files written */
  size_t unmailable;                                    /* persons on the substitute-notice list */
  size_t codes_issued;                                  /* enrollment codes issued by this run */
  size_t codes_exported;                                /* rows of the monitoring vendor's file */
  bs_letters_variant variants[BS_LETTERS_MAX_VARIANTS]; /* letters per variant */
  size_t variant_count;                                 /* entries */
} bs_letters_summary;

/* Creates the tables letters and enrollment when missing:
 *   enrollment(person_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, issued_at TEXT NOT NULL)
 *   letters(letter_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, variant TEXT NOT NULL,
 *           batch TEXT NOT NULL, first_page INTEGER NOT NULL, last_page INTEGER NOT NULL,
 *           imb TEXT, mailed_on TEXT NOT NULL) */
bs_status bs_letters_prepare(bs_store *store);
/* Letters settings kept in the case (meta table, keys "letters.NAME"), so that a re-run
 * needs no options: bs_letters_setting reads one into out ("" if unset),
 * bs_letters_keep_setting stores one. */
bs_status bs_letters_setting(bs_store *store, const char *name, char *out, size_t cap);
bs_status bs_letters_keep_setting(bs_store *store, const char *name, const char *value);
/* 1 in *out if some person's exposure warrants a monitoring code. */
bs_status bs_letters_offer_needed(bs_store *store, int *out);

/* Runs the step. A full run replaces the letters of an earlier one (table and batch
 * files); --only adds or replaces one person's letter; --proof records nothing. */
bs_status bs_letters_run(bs_letters_summary *out, bs_store *store, const bs_letters_options *opt);

#endif
