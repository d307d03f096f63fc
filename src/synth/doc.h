/* Writing one file of the synthetic share while recording the truth: every value of a
 * person placed in it becomes a line of truth/mentions.jsonl with where it stands
 * (line for text; row and field for tables and JSON records, numbered as the scanner
 * numbers them), and sets the person's bit of that element type. */
#ifndef BS_DOC_H
#define BS_DOC_H
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "detect/element.h"

typedef struct bs_truth {
  FILE *mentions;            /* truth/mentions.jsonl */
  uint32_t *exposed;         /* per patient: bit t set when type t of theirs is in some file */
  uint32_t patients;         /* entries in exposed */
  const char *root;          /* the output folder DIR */
  uint64_t seed;             /* for the files' modification times */
  uint64_t files;            /* files written so far */
  uint64_t mentions_written; /* lines of mentions.jsonl */
  bs_status status;          /* first error, sticky */
  char failed_path[256];     /* the file that failed, relative to root */
} bs_truth;

typedef enum bs_doc_kind {
  BS_DOC_TEXT,
  BS_DOC_CSV,
  BS_DOC_TSV,
  BS_DOC_JSON,
  BS_DOC_NDJSON,
  BS_DOC_FIELDS /* a structured format: each mention gives the doc's line, row, place and
                   the field (hint) it is noted with, those that are set */
} bs_doc_kind;

#define BS_DOC_MAX_COLUMNS 32

typedef struct bs_doc {
  bs_truth *truth;            /* where mentions go */
  FILE *file;                 /* the file being written */
  char path[200];             /* relative to the root: "files/..." */
  bs_doc_kind kind;           /* how places are counted */
  uint64_t line;              /* text and NDJSON: current line, 1-based */
  uint64_t row;               /* tables: current row (header is 1); JSON: record */
  const char *const *headers; /* table column names */
  size_t columns;             /* entries in headers */
  size_t column;              /* next cell of the current row */
  int first_in_object[8];     /* JSON: no comma needed yet, per nesting level */
  int depth;                  /* JSON: open objects and arrays */
  char key_path[128];         /* JSON: the current key path ("address.city") */
  size_t path_levels[8];      /* JSON: key_path length before each level */
  char place[96];             /* "" or where in the file beyond line and row, as the
                                 reader names it ("page 2", "Patients!C12", "body") */
  int owns_file;              /* 1: opened by bs_doc_open (closed by bs_doc_close) */
} bs_doc;

/* Opens root/path for writing (making its folders); a table writes its header row. */
bs_status bs_doc_open(bs_doc *out, bs_truth *truth, const char *path, bs_doc_kind kind,
                      const char *const *headers, size_t columns);
/* A document written into `file` (a part of a container, kept in memory or a temporary
 * file), whose mentions name `path` ("files/mail/msg-000003.eml!list.csv"). The caller
 * owns the file; bs_doc_close is not called on it. */
void bs_doc_open_stream(bs_doc *out, bs_truth *truth, const char *path, FILE *file,
                        bs_doc_kind kind);
/* Sets the place (NULL: none); text counts lines from 1 again within it. */
void bs_doc_set_place(bs_doc *doc, const char *place);
/* Records a mention at the doc's current place without writing anything: for writers
 * that write the bytes themselves (markup, escapes, encodings). field NULL: none. */
void bs_doc_note(bs_doc *doc, const char *field, const char *person, bs_element type,
                 const char *value, const char *text);
/* Records a mention of a table cell inside a document of text (a DOCX or ODT table, an
 * HTML table): at `place` (NULL: none), `row` and `line` (0: none) with the column's
 * header `field`, whatever the doc's own kind and counters; those are left as they
 * were. */
void bs_doc_note_cell(bs_doc *doc, const char *place, uint64_t row, uint64_t line,
                      const char *field, const char *person, bs_element type, const char *value,
                      const char *text);
/* Calls fn with each line of `text` (read from its start; the '\n' left out): how
 * writers turn the lines written through a doc into paragraphs of their markup. 0, or
 * -1 when the file could not be read. */
int bs_doc_each_line(FILE *text, void (*fn)(const char *line, size_t len, void *ctx), void *ctx);
/* Marks a file written outside bs_doc (a container) as one more file of the share with
 * a modification time from the seed, as bs_doc_close does. */
bs_status bs_doc_touch(bs_truth *truth, const char *path, int from_month, int to_month);

/* Closes the file and sets its modification time from the seed (a day in 2024 between
 * `from_month` and `to_month`). */
bs_status bs_doc_close(bs_doc *doc, int from_month, int to_month);

/* Text: writes formatted text, counting lines. */
void bs_doc_printf(bs_doc *doc, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Writes `text` and records it as a mention of `person` (NULL: nobody's) of `type`
 * with its normalized `value`. In a table, `text` is the next cell. */
void bs_doc_put(bs_doc *doc, const char *person, bs_element type, const char *value,
                const char *text);
/* Tables: the next cell, holding no personal data; the end of a row. */
void bs_doc_cell(bs_doc *doc, const char *text);
void bs_doc_end_row(bs_doc *doc);

/* JSON: objects and arrays (key NULL inside an array or at the top); a record starts
 * with each element of the top array or each NDJSON line. */
void bs_doc_json_open(bs_doc *doc, const char *key, int array);
void bs_doc_json_close(bs_doc *doc, int array);
void bs_doc_json_string(bs_doc *doc, const char *key, const char *text);
void bs_doc_json_put(bs_doc *doc, const char *key, const char *person, bs_element type,
                     const char *value, const char *text);
void bs_doc_json_end_line(bs_doc *doc); /* NDJSON: ends the record's line */

/* Writes a JSON string with escapes. */
void bs_doc_json_escape(FILE *out, const char *text);

#endif
