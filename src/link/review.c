/* The review band written out for a person to decide, and their decisions read back
 * (see link.h and docs/breachscope-people.1). A decision file is the review file with
 * its first column filled in: "same" or "different"; rows left blank stay undecided. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "link/link.h"
#include "link/review.h"

#define MAX_FIELD 512
#define MAX_KEY   160

static const char *const columns[] = {"decision",  "score",     "record_a", "record_b", "file_a",
                                      "file_b",    "name_a",    "name_b",   "dob_a",    "dob_b",
                                      "address_a", "address_b", "phone_a",  "phone_b",  "email_a",
                                      "email_b",   "evidence"};
#define COLUMNS (sizeof columns / sizeof columns[0])

static void put(FILE *out, const char *value, int first) {
  if (!first) fputc(',', out);
  if (value && *value) csv_fwrite(out, value, strlen(value));
}

static void record_name(const bs_record_set *set, const bs_record *r, char *out, size_t cap) {
  if (r->name)
    snprintf(out, cap, "%s", bs_records_value(set, r->name));
  else
    snprintf(out, cap, "%s%s%s", bs_records_value(set, r->first), r->first && r->last ? " " : "",
             bs_records_value(set, r->last));
}

bs_status bs_link_write_review(FILE *out, sqlite3 *db, const bs_record_set *set,
                               const bs_linkage *link) {
  sqlite3_stmt *path = NULL;
  if (db && sqlite3_prepare_v2(db,
                               "SELECT path FROM files WHERE content_id = ?"
                               " AND status IN ('scanned', 'duplicate') ORDER BY id LIMIT 1",
                               -1, &path, NULL) != SQLITE_OK)
    return BS_ESTORE;
  for (size_t c = 0; c < COLUMNS; c++) fprintf(out, "%s%s", c ? "," : "", columns[c]);
  fputc('\n', out);
  for (size_t k = 0; k < link->review_count; k++) {
    const bs_link_review *rv = &link->reviews[k];
    const bs_record *r[2] = {&set->items[rv->a], &set->items[rv->b]};
    char keys[2][MAX_KEY], files[2][MAX_FIELD], names[2][MAX_FIELD], dobs[2][16], score[32];
    for (int s = 0; s < 2; s++) {
      bs_records_key(set, s ? rv->b : rv->a, keys[s], sizeof keys[s]);
      record_name(set, r[s], names[s], sizeof names[s]);
      dobs[s][0] = files[s][0] = '\0';
      if (r[s]->dob)
        snprintf(dobs[s], sizeof dobs[s], "%04d-%02d-%02d", r[s]->dob / 10000,
                 r[s]->dob / 100 % 100, r[s]->dob % 100);
      if (path) {
        sqlite3_bind_int64(path, 1, r[s]->content_id);
        if (sqlite3_step(path) == SQLITE_ROW)
          snprintf(files[s], sizeof files[s], "%s", (const char *)sqlite3_column_text(path, 0));
        sqlite3_reset(path);
      }
      if (r[s]->number) {
        size_t len = strlen(files[s]);
        snprintf(files[s] + len, sizeof files[s] - len, " record %llu",
                 (unsigned long long)r[s]->number);
      }
    }
    snprintf(score, sizeof score, "%.1f", rv->score);
    const char *row[COLUMNS] = {"",
                                score,
                                keys[0],
                                keys[1],
                                files[0],
                                files[1],
                                names[0],
                                names[1],
                                dobs[0],
                                dobs[1],
                                bs_records_value(set, r[0]->address),
                                bs_records_value(set, r[1]->address),
                                bs_records_value(set, r[0]->phone),
                                bs_records_value(set, r[1]->phone),
                                bs_records_value(set, r[0]->email),
                                bs_records_value(set, r[1]->email),
                                rv->evidence};
    for (size_t c = 0; c < COLUMNS; c++) put(out, row[c], c == 0);
    fputc('\n', out);
  }
  sqlite3_finalize(path);
  return ferror(out) ? BS_EIO : BS_OK;
}

/* ---- Reading decisions -------------------------------------------------------------- */

typedef struct reader {
  bs_link_decisions *out;
  size_t row;   /* rows seen, the header first */
  size_t field; /* field within the row */
  int col_decision, col_a, col_b;
  char decision[16], a[MAX_KEY], b[MAX_KEY];
  int too_long; /* a wanted field longer than its buffer */
  size_t bad;   /* the row at fault, from 1 */
  bs_status status;
} reader;

/* A record key (bs_records_key) is printable ASCII without spaces. */
static int is_key(const char *key) {
  for (const char *p = key; *p; p++)
    if (*p <= ' ' || *p > '~') return 0;
  return 1;
}

static void copy_field(char *to, size_t cap, const char *from, size_t len, int *too_long) {
  if (len >= cap) {
    *too_long = 1;
    len = cap - 1;
  }
  memcpy(to, from, len);
  to[len] = '\0';
  if (memchr(from, '\0', len)) *too_long = 1; /* a NUL inside a field: not a key */
}

static void on_field(void *data, size_t len, void *ctx) {
  reader *r = ctx;
  const char *text = data ? data : "";
  int col = (int)r->field++;
  if (r->row == 0) {
    char name[32];
    int ignore = 0;
    copy_field(name, sizeof name, text, len, &ignore);
    if (!strcmp(name, "decision")) r->col_decision = col;
    if (!strcmp(name, "record_a")) r->col_a = col;
    if (!strcmp(name, "record_b")) r->col_b = col;
    return;
  }
  if (col == r->col_decision) copy_field(r->decision, sizeof r->decision, text, len, &r->too_long);
  if (col == r->col_a) copy_field(r->a, sizeof r->a, text, len, &r->too_long);
  if (col == r->col_b) copy_field(r->b, sizeof r->b, text, len, &r->too_long);
}

static bs_status add_decision(bs_link_decisions *d, const char *a, const char *b, int same) {
  char key[2 * MAX_KEY + 2];
  int n = strcmp(a, b) < 0 ? snprintf(key, sizeof key, "%s %s", a, b)
                           : snprintf(key, sizeof key, "%s %s", b, a);
  int64_t *slot;
  const char *stored;
  int added;
  bs_status status = bs_strmap_upsert(d->pairs, key, (size_t)n, &slot, &stored, &added);
  if (status != BS_OK) return status;
  if (!added && *slot != (same ? 1 : -1)) return BS_EFORMAT; /* decided both ways */
  if (!added) return BS_OK;
  *slot = same ? 1 : -1;
  if (!same) {
    d->different++;
    return BS_OK;
  }
  if (d->same == d->same_cap) {
    size_t cap = d->same_cap ? d->same_cap * 2 : 64;
    char **grown = bs_reallocarray(d->same_pairs, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    d->same_pairs = grown;
    d->same_cap = cap;
  }
  d->same_pairs[d->same++] = (char *)stored;
  return BS_OK;
}

static void on_row(int terminator, void *ctx) {
  (void)terminator;
  reader *r = ctx;
  size_t row = r->row++;
  r->field = 0;
  if (r->status != BS_OK) return;
  if (row == 0) {
    if (r->col_decision < 0 || r->col_a < 0 || r->col_b < 0) {
      r->status = BS_EFORMAT;
      r->bad = 1;
    }
    return;
  }
  int blank = !r->decision[0];
  int same = !strcasecmp(r->decision, "same"), different = !strcasecmp(r->decision, "different");
  if (r->too_long || (!blank && !same && !different) ||
      (!blank && (!r->a[0] || !r->b[0] || !is_key(r->a) || !is_key(r->b))))
    r->status = BS_EFORMAT;
  else if (!blank)
    r->status = add_decision(r->out, r->a, r->b, same);
  if (r->status != BS_OK) r->bad = row + 1;
  r->decision[0] = r->a[0] = r->b[0] = '\0';
  r->too_long = 0;
}

bs_status bs_link_decisions_read(bs_link_decisions *out, const char *text, size_t len,
                                 size_t *line) {
  memset(out, 0, sizeof *out);
  *line = 0;
  reader r = {.out = out, .col_decision = -1, .col_a = -1, .col_b = -1, .status = BS_OK};
  bs_status status = bs_strmap_create(&out->pairs);
  struct csv_parser parser;
  if (status == BS_OK && csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
    status = BS_ENOMEM;
  if (status != BS_OK) {
    bs_link_decisions_free(out);
    return status;
  }
  size_t done = csv_parse(&parser, text, len, on_field, on_row, &r);
  if (done != len) r.status = r.status == BS_OK ? BS_EFORMAT : r.status;
  if (r.status == BS_OK && csv_fini(&parser, on_field, on_row, &r) != 0) r.status = BS_EFORMAT;
  if (r.status == BS_OK && r.row == 0) r.status = BS_EFORMAT; /* not even a header */
  csv_free(&parser);
  if (r.status != BS_OK) {
    *line = r.bad ? r.bad : r.row + 1;
    bs_link_decisions_free(out);
  }
  return r.status;
}

void bs_link_decisions_free(bs_link_decisions *decisions) {
  bs_strmap_free(decisions->pairs);
  bs_free(decisions->same_pairs);
  memset(decisions, 0, sizeof *decisions);
}
