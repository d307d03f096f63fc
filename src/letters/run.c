/* The letters step (see run.h).
 *
 * The main thread reads persons in order and cuts them into batches; worker threads
 * each own a renderer and turn a batch into one PDF file; the main thread takes the
 * finished batches back in order and records them (letters table, manifest), so the
 * outputs are the same whatever the thread count. At most 2 x threads + 2 batches are
 * in flight, which keeps memory flat however many persons there are. */
#include "letters/run.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/queue.h"

typedef struct batch {
  size_t seq;                /* order of the batch in the run */
  char name[64];             /* file name inside letters/ */
  bs_recipient *people;      /* its recipients */
  bs_letter_result *results; /* filled by the worker */
  size_t count;              /* letters */
  uint64_t first_number;     /* number of its first letter */
  bs_status status;          /* the worker's */
} batch;

typedef struct workers {
  const bs_letters_options *opt; /* the run */
  char dir[4200];                /* where batch files go */
  bs_queue *jobs;                /* batches to render */
  bs_queue *done;                /* batches rendered */
} workers;

static void batch_free(batch *b) {
  if (!b) return;
  bs_free(b->people);
  bs_free(b->results);
  bs_free(b);
}

static bs_status render_batch(bs_renderer *renderer, const char *dir, batch *b) {
  char path[4400];
  snprintf(path, sizeof path, "%s/%s", dir, b->name);
  bs_status status = bs_renderer_begin(renderer, path);
  for (size_t i = 0; status == BS_OK && i < b->count; i++)
    status = bs_renderer_letter(renderer, &b->results[i], &b->people[i], b->first_number + i);
  bs_status end = bs_renderer_end(renderer);
  return status == BS_OK ? end : status;
}

static void *worker_main(void *arg) {
  workers *w = arg;
  bs_renderer *renderer = NULL;
  bs_status made = bs_renderer_create(&renderer, w->opt->tmpl, &w->opt->settings);
  batch *b;
  while ((b = bs_queue_pop(w->jobs))) {
    b->status = made == BS_OK ? render_batch(renderer, w->dir, b) : made;
    if (bs_queue_push(w->done, b) != BS_OK) batch_free(b);
  }
  bs_renderer_free(renderer);
  return NULL;
}

static FILE *open_private(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return NULL;
  if (fchmod(fd, 0600) != 0) {
    close(fd);
    return NULL;
  }
  FILE *f = fdopen(fd, "w");
  if (!f) close(fd);
  return f;
}

static void csv_field(FILE *out, const char *value, int first) {
  if (!first) fputc(',', out);
  if (value && *value) csv_fwrite(out, value, strlen(value));
}

static bs_status exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? BS_OK : BS_ESTORE;
}

bs_status bs_letters_prepare(bs_store *store) {
  sqlite3 *db = bs_store_db(store);
  bs_status status = bs_enroll_prepare(db);
  if (status == BS_OK)
    status = exec(db, "CREATE TABLE IF NOT EXISTS letters(letter_id TEXT PRIMARY KEY,"
                      " person_id TEXT NOT NULL, variant TEXT NOT NULL, batch TEXT NOT NULL,"
                      " first_page INTEGER NOT NULL, last_page INTEGER NOT NULL, imb TEXT,"
                      " mailed_on TEXT NOT NULL);"
                      "CREATE INDEX IF NOT EXISTS letters_by_person ON letters(person_id);");
  return status;
}

bs_status bs_letters_setting(bs_store *store, const char *name, char *out, size_t cap) {
  char key[96];
  snprintf(key, sizeof key, "letters.%s", name);
  return bs_store_setting(store, key, out, cap);
}

bs_status bs_letters_keep_setting(bs_store *store, const char *name, const char *value) {
  sqlite3_stmt *stmt;
  char key[96];
  snprintf(key, sizeof key, "letters.%s", name);
  if (sqlite3_prepare_v2(bs_store_db(store), "INSERT OR REPLACE INTO meta VALUES(?, ?)", -1, &stmt,
                         NULL) != SQLITE_OK)
    return BS_ESTORE;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, value, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

bs_status bs_letters_offer_needed(bs_store *store, int *out) {
  *out = 0;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(bs_store_db(store), "SELECT elements FROM persons", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  uint32_t want = bs_enroll_warranting_elements();
  while (!*out && sqlite3_step(stmt) == SQLITE_ROW)
    *out = (bs_recipient_elements((const char *)sqlite3_column_text(stmt, 0)) & want) != 0;
  sqlite3_finalize(stmt);
  return BS_OK;
}

static void count_variant(bs_letters_summary *sum, const char *variant) {
  for (size_t i = 0; i < sum->variant_count; i++)
    if (!strcmp(sum->variants[i].name, variant)) {
      sum->variants[i].letters++;
      return;
    }
  if (sum->variant_count == BS_LETTERS_MAX_VARIANTS) return;
  bs_letters_variant *v = &sum->variants[sum->variant_count++];
  snprintf(v->name, sizeof v->name, "%s", variant);
  v->letters = 1;
}

static size_t variant_letters(const bs_letters_summary *sum, const char *variant) {
  for (size_t i = 0; i < sum->variant_count; i++)
    if (!strcmp(sum->variants[i].name, variant)) return sum->variants[i].letters;
  return 0;
}

static bs_status next_number(sqlite3 *db, uint64_t *out) {
  sqlite3_stmt *stmt;
  *out = 1;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'letters_next_number'", -1, &stmt,
                         NULL) != SQLITE_OK)
    return BS_ESTORE;
  if (sqlite3_step(stmt) == SQLITE_ROW) *out = (uint64_t)sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  if (*out < 1) *out = 1;
  return BS_OK;
}

static bs_status save_number(sqlite3 *db, uint64_t number) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta VALUES('letters_next_number', ?)", -1,
                         &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  char text[24];
  snprintf(text, sizeof text, "%llu", (unsigned long long)number);
  sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

/* What the main thread holds while a run goes. */
typedef struct run {
  const bs_letters_options *opt;
  bs_letters_summary *sum;
  sqlite3 *db;
  sqlite3_stmt *insert; /* into letters */
  FILE *manifest;       /* the print vendor's CSV */
  batch **pending;      /* finished batches waiting for their turn, by seq % slots */
  size_t slots;         /* in-flight limit */
  size_t next_write;    /* seq of the next batch to record */
  size_t in_flight;     /* batches handed out and not yet recorded */
  bs_status status;     /* first failure */
} run;

static void record(run *r, batch *b) {
  if (r->status == BS_OK) r->status = b->status;
  for (size_t i = 0; r->status == BS_OK && i < b->count; i++) {
    const bs_letter_result *res = &b->results[i];
    sqlite3_bind_text(r->insert, 1, res->letter_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->insert, 2, b->people[i].person_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->insert, 3, res->variant, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->insert, 4, b->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(r->insert, 5, res->first_page);
    sqlite3_bind_int(r->insert, 6, res->last_page);
    sqlite3_bind_text(r->insert, 7, res->imb, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->insert, 8, r->opt->settings.mail_date, -1, SQLITE_STATIC);
    if (sqlite3_step(r->insert) != SQLITE_DONE) r->status = BS_ESTORE;
    sqlite3_reset(r->insert);
    char pages[24];
    FILE *m = r->manifest;
    csv_field(m, res->letter_id, 1);
    csv_field(m, b->people[i].person_id, 0);
    csv_field(m, b->name, 0);
    snprintf(pages, sizeof pages, "%d-%d", res->first_page, res->last_page);
    csv_field(m, pages, 0);
    for (int l = 0; l < BS_RECIPIENT_LINES; l++)
      csv_field(m, l < res->line_count ? res->lines[l] : "", 0);
    csv_field(m, res->imb, 0);
    csv_field(m, res->variant, 0);
    csv_field(m, b->people[i].code, 0);
    fputc('\n', m);
    r->sum->letters++;
    r->sum->pages += (size_t)(res->last_page - res->first_page + 1);
    count_variant(r->sum, res->variant);
  }
  r->sum->batches++;
  batch_free(b);
}

/* Takes one finished batch back and records every batch whose turn has come. */
static void collect_one(run *r, workers *w) {
  batch *b = bs_queue_pop(w->done);
  if (!b) return;
  r->pending[b->seq % r->slots] = b;
  while (r->pending[r->next_write % r->slots]) {
    batch *ready = r->pending[r->next_write % r->slots];
    r->pending[r->next_write % r->slots] = NULL;
    record(r, ready);
    r->next_write++;
    r->in_flight--;
  }
}

/* Numbers and names a full batch and hands it to the workers, waiting for a free slot. */
static void dispatch(run *r, workers *w, batch *b, size_t *seq, uint64_t *number,
                     const char *only) {
  while (r->in_flight >= r->slots) collect_one(r, w);
  b->seq = (*seq)++;
  b->first_number = *number;
  *number += b->count;
  if (only)
    snprintf(b->name, sizeof b->name, "reprint-L%09llu.pdf", (unsigned long long)b->first_number);
  else
    snprintf(b->name, sizeof b->name, "batch-%05zu.pdf", b->seq + 1);
  r->in_flight++;
  if (bs_queue_push(w->jobs, b) != BS_OK) r->status = BS_EINVAL;
}

static bs_status new_batch(batch **out, size_t capacity) {
  batch *b = bs_calloc(1, sizeof *b);
  if (b) {
    b->people = bs_calloc(capacity, sizeof *b->people);
    b->results = bs_calloc(capacity, sizeof *b->results);
  }
  if (!b || !b->people || !b->results) {
    batch_free(b);
    *out = NULL;
    return BS_ENOMEM;
  }
  *out = b;
  return BS_OK;
}

static void remove_old_batches(const char *dir) {
  char pattern[4200];
  snprintf(pattern, sizeof pattern, "%s/batch-*.pdf", dir);
  glob_t found;
  if (glob(pattern, 0, NULL, &found) == 0)
    for (size_t i = 0; i < found.gl_pathc; i++) unlink(found.gl_pathv[i]);
  globfree(&found);
}

/* A run writes into letters/.partial and moves its files into letters/ only once the
 * store has committed: an interrupted run leaves the letters of the one before whole. */
#define STAGE ".partial"

static void clear_stage(const char *stage) {
  char pattern[4400];
  snprintf(pattern, sizeof pattern, "%s/*", stage);
  glob_t found;
  if (glob(pattern, 0, NULL, &found) == 0)
    for (size_t i = 0; i < found.gl_pathc; i++) unlink(found.gl_pathv[i]);
  globfree(&found);
}

/* Moves every file of the stage into dir. */
static bs_status publish_stage(const char *stage, const char *dir) {
  char pattern[4400], target[4400];
  snprintf(pattern, sizeof pattern, "%s/*", stage);
  glob_t found;
  bs_status status = BS_OK;
  if (glob(pattern, 0, NULL, &found) == 0)
    for (size_t i = 0; i < found.gl_pathc; i++) {
      const char *name = strrchr(found.gl_pathv[i], '/');
      snprintf(target, sizeof target, "%s%s", dir, name ? name : "/");
      if (rename(found.gl_pathv[i], target) != 0) status = BS_EIO;
    }
  globfree(&found);
  rmdir(stage);
  return status;
}

static bs_status write_substitute_header(FILE *out) {
  fputs("person_id,first,last,residence_state,reason\n", out);
  return ferror(out) ? BS_EIO : BS_OK;
}

static void write_substitute(FILE *out, const bs_recipient *p, const char *reason) {
  csv_field(out, p->person_id, 1);
  csv_field(out, p->first, 0);
  csv_field(out, p->last, 0);
  csv_field(out, p->residence[0] ? p->residence : p->state, 0);
  csv_field(out, reason, 0);
  fputc('\n', out);
}

static bs_status mail_run(bs_letters_summary *sum, sqlite3 *db, const bs_letters_options *opt,
                          const char *dir) {
  uint64_t number;
  bs_status status = next_number(db, &number);
  if (status != BS_OK) return status;
  char stage[4200], path[4400];
  snprintf(stage, sizeof stage, "%s/%s", dir, STAGE);
  if (mkdir(stage, 0700) != 0 && errno != EEXIST) return BS_EIO;
  clear_stage(stage);
  const char *only = opt->only;
  if (only)
    snprintf(path, sizeof path, "%s/manifest-%s.csv", stage, only);
  else
    snprintf(path, sizeof path, "%s/manifest.csv", stage);
  FILE *manifest = open_private(path);
  if (!only) snprintf(path, sizeof path, "%s/substitute-notice.csv", stage);
  FILE *substitute = only ? NULL : open_private(path);
  if (!manifest || (!only && !substitute)) status = BS_EIO;
  if (status == BS_OK) {
    fputs("letter_id,person_id,batch,pages,line1,line2,line3,line4,imb,variant,enrollment_code\n",
          manifest);
    if (substitute) status = write_substitute_header(substitute);
  }
  if (status == BS_OK) status = exec(db, "BEGIN");
  int began = status == BS_OK;
  if (status == BS_OK && !only) status = exec(db, "DELETE FROM letters");
  sqlite3_stmt *select = NULL, *insert = NULL, *drop = NULL;
  if (status == BS_OK &&
      (sqlite3_prepare_v2(db, bs_recipient_sql, -1, &select, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(db, "INSERT INTO letters VALUES(?,?,?,?,?,?,?,?)", -1, &insert, NULL) !=
           SQLITE_OK ||
       sqlite3_prepare_v2(db, "DELETE FROM letters WHERE person_id = ?", -1, &drop, NULL) !=
           SQLITE_OK))
    status = BS_ESTORE;
  if (status == BS_OK && only) {
    sqlite3_bind_text(select, 1, only, -1, SQLITE_STATIC);
    sqlite3_bind_text(drop, 1, only, -1, SQLITE_STATIC);
    if (sqlite3_step(drop) != SQLITE_DONE) status = BS_ESTORE;
  }

  int threads = opt->threads > 0 ? opt->threads : 1;
  workers w = {.opt = opt};
  snprintf(w.dir, sizeof w.dir, "%s", stage);
  run r = {.opt = opt,
           .sum = sum,
           .db = db,
           .insert = insert,
           .manifest = manifest,
           .slots = (size_t)threads * 2 + 2,
           .status = status};
  r.pending = bs_calloc(r.slots, sizeof(batch *));
  pthread_t tids[64];
  int started = 0;
  if (r.status == BS_OK && (!r.pending || bs_queue_create(&w.jobs, r.slots) != BS_OK ||
                            bs_queue_create(&w.done, r.slots) != BS_OK))
    r.status = BS_ENOMEM;
  for (; r.status == BS_OK && started < threads && started < 64; started++)
    if (pthread_create(&tids[started], NULL, worker_main, &w) != 0) {
      r.status = BS_ENOMEM;
      break;
    }

  batch *current = NULL;
  size_t seq = 0;
  int rc = SQLITE_DONE;
  while (r.status == BS_OK && (rc = sqlite3_step(select)) == SQLITE_ROW) {
    sum->persons++;
    if (!current && (r.status = new_batch(&current, opt->batch_size)) != BS_OK) break;
    bs_recipient *p = &current->people[current->count];
    bs_recipient_read(p, select);
    const char *reason = bs_recipient_unmailable(p);
    if (reason) {
      sum->unmailable++;
      if (substitute) write_substitute(substitute, p, reason);
      continue;
    }
    current->count++;
    if (current->count < opt->batch_size) continue;
    dispatch(&r, &w, current, &seq, &number, only);
    current = NULL;
  }
  if (r.status == BS_OK && rc != SQLITE_DONE) r.status = BS_ESTORE;
  if (r.status == BS_OK && current && current->count) {
    dispatch(&r, &w, current, &seq, &number, only);
    current = NULL;
  }
  batch_free(current);
  if (w.jobs) bs_queue_close(w.jobs);
  while (r.in_flight && w.done) collect_one(&r, &w);
  for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
  if (only && r.status == BS_OK && sum->persons == 0) r.status = BS_ENOTFOUND;
  if (r.status == BS_OK) r.status = save_number(db, number);
  sqlite3_finalize(select);
  sqlite3_finalize(insert);
  sqlite3_finalize(drop);
  if (manifest && fclose(manifest) != 0 && r.status == BS_OK) r.status = BS_EIO;
  if (substitute && fclose(substitute) != 0 && r.status == BS_OK) r.status = BS_EIO;
  if (began) {
    if (r.status == BS_OK)
      r.status = exec(db, "COMMIT");
    else
      exec(db, "ROLLBACK");
  }
  if (r.status == BS_OK) {
    if (!only) remove_old_batches(dir);
    r.status = publish_stage(stage, dir);
  } else {
    clear_stage(stage);
    rmdir(stage);
  }
  bs_queue_free(w.jobs);
  bs_queue_free(w.done);
  bs_free(r.pending);
  return r.status;
}

/* --proof: the first N letters of each variant, in one file, recorded nowhere. */
static bs_status proof_run(bs_letters_summary *sum, sqlite3 *db, const bs_letters_options *opt,
                           const char *dir) {
  uint64_t number;
  bs_status status = next_number(db, &number);
  bs_renderer *renderer = NULL;
  if (status == BS_OK) status = bs_renderer_create(&renderer, opt->tmpl, &opt->settings);
  if (renderer) bs_renderer_mark_proof(renderer);
  char path[4200];
  snprintf(path, sizeof path, "%s/proof.pdf", dir);
  if (status == BS_OK) status = bs_renderer_begin(renderer, path);
  sqlite3_stmt *select = NULL;
  if (status == BS_OK && sqlite3_prepare_v2(db, bs_recipient_sql, -1, &select, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status == BS_OK && opt->only) sqlite3_bind_text(select, 1, opt->only, -1, SQLITE_STATIC);
  int window = opt->settings.window_from[0] && opt->settings.window_to[0];
  bs_recipient p;
  bs_letter_result res;
  while (status == BS_OK && sqlite3_step(select) == SQLITE_ROW) {
    sum->persons++;
    bs_recipient_read(&p, select);
    if (bs_recipient_unmailable(&p)) {
      sum->unmailable++;
      continue;
    }
    bs_letter_facts facts;
    char variant[48];
    bs_recipient_facts(&facts, &p, window);
    bs_template_variant(opt->tmpl, &facts, variant, sizeof variant);
    if (variant_letters(sum, variant) >= (size_t)opt->proof) continue;
    status = bs_renderer_letter(renderer, &res, &p, number++);
    if (status != BS_OK) break;
    sum->letters++;
    sum->pages += (size_t)(res.last_page - res.first_page + 1);
    count_variant(sum, res.variant);
  }
  sqlite3_finalize(select);
  if (renderer && status == BS_OK) status = bs_renderer_end(renderer);
  bs_renderer_free(renderer);
  sum->batches = status == BS_OK;
  return status;
}

bs_status bs_letters_run(bs_letters_summary *out, bs_store *store, const bs_letters_options *opt) {
  memset(out, 0, sizeof *out);
  if (!opt->tmpl || opt->batch_size == 0 || !bs_imb_mailer_id_valid(opt->settings.mailer_id))
    return BS_EINVAL;
  sqlite3 *db = bs_store_db(store);
  char dir[4096];
  if (snprintf(dir, sizeof dir, "%s/%s", opt->case_dir, BS_LETTERS_DIR) >= (int)sizeof dir)
    return BS_EINVAL;
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) return BS_EIO;
  bs_status status = bs_letters_prepare(store);
  if (status == BS_OK) {
    char issued_at[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(issued_at, sizeof issued_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    status = bs_enroll_assign(&out->codes_issued, db, issued_at, opt->only);
  }
  if (status != BS_OK) return status;
  if (opt->proof > 0) return proof_run(out, db, opt, dir);
  status = mail_run(out, db, opt, dir);
  if (status == BS_OK && !opt->only) {
    char path[4200];
    snprintf(path, sizeof path, "%s/monitoring-enrollment.csv", dir);
    FILE *f = open_private(path);
    status = f ? bs_enroll_export(f, db, &out->codes_exported) : BS_EIO;
    if (f && fclose(f) != 0 && status == BS_OK) status = BS_EIO;
  }
  return status;
}
