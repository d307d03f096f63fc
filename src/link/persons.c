/* Persons from linked records (see persons.h). */
#include "link/persons.h"

#include <csv.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "detect/refdata.h"
#include "link/review.h"

static const char tables[] =
    "CREATE TABLE IF NOT EXISTS persons(id INTEGER PRIMARY KEY, person_id TEXT NOT NULL UNIQUE,"
    "  first TEXT, middle TEXT, last TEXT, suffix TEXT, dob TEXT, street TEXT, unit TEXT,"
    "  city TEXT, state TEXT, zip TEXT, residence_state TEXT, minor INTEGER NOT NULL,"
    "  deceased INTEGER NOT NULL, elements TEXT NOT NULL, files INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS person_records(person INTEGER NOT NULL, content_id INTEGER NOT "
    "NULL,"
    "  record INTEGER NOT NULL, first_rowid INTEGER NOT NULL, last_rowid INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS person_joins(person INTEGER NOT NULL, record_a INTEGER NOT NULL,"
    "  record_b INTEGER NOT NULL, reason TEXT NOT NULL, score REAL);"
    "CREATE TABLE IF NOT EXISTS link_issues(type INTEGER NOT NULL, value_id INTEGER NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS unattributed(type INTEGER PRIMARY KEY, findings INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS findings_by_record ON findings(content_id, record);"
    "DELETE FROM persons; DELETE FROM person_records; DELETE FROM person_joins;"
    "DELETE FROM link_issues; DELETE FROM unattributed;";

/* What is chosen for one person: the most frequent value of each kind. */
typedef struct tally {
  int64_t value; /* value id, or a date as YYYYMMDD */
  size_t count;
} tally;

static void vote(tally *t, size_t *n, size_t cap, int64_t value) {
  if (!value) return;
  for (size_t i = 0; i < *n; i++)
    if (t[i].value == value) {
      t[i].count++;
      return;
    }
  if (*n < cap) t[(*n)++] = (tally){value, 1};
}

static int64_t winner(const tally *t, size_t n) {
  int64_t best = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (t[i].count > count) {
      best = t[i].value;
      count = t[i].count;
    }
  return best;
}

#define VOTES 16

typedef struct person_acc {
  tally names[VOTES], firsts[VOTES], lasts[VOTES], dobs[VOTES];
  size_t name_n, first_n, last_n, dob_n;
  size_t address_record; /* record with the most complete address */
  int address_score;
  uint32_t types;
  int deceased;
  size_t first_record; /* lowest record index: the person's anchor for its id */
} person_acc;

static int address_score(const bs_record *r) {
  return r->address ? 8 + (r->zip ? 4 : 0) + (r->city ? 2 : 0) + (r->state ? 1 : 0) : 0;
}

static int age_at(int dob, int day) {
  int age = day / 10000 - dob / 10000;
  if (day % 10000 < dob % 10000) age--;
  return age;
}

/* "1234 OAK ST APT 5" -> street "1234 OAK ST", unit "APT 5" (Pub 28 designators). */
static void split_unit(const bs_refdata *ref, const char *address, char *street, size_t scap,
                       char *unit, size_t ucap) {
  snprintf(street, scap, "%s", address);
  unit[0] = '\0';
  for (char *p = street; *p; p++) {
    if (p != street && p[-1] != ' ') continue;
    size_t len = strcspn(p, " ");
    if (p != street && (bs_refdata_unit(ref, p, len) || (len == 1 && *p == '#')) && p[len]) {
      snprintf(unit, ucap, "%s", p);
      p[-1] = '\0';
      return;
    }
  }
}

/* First, middle, last and suffix of a full name written first to last. */
static void split_name(const char *full, char *first, char *middle, char *last, char *suffix,
                       size_t cap) {
  char words[8][64];
  size_t n = 0;
  for (const char *p = full; *p && n < 8;) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    if (!len) break;
    snprintf(words[n++], sizeof words[0], "%.*s", (int)(len < 63 ? len : 63), p);
    p += len;
  }
  first[0] = middle[0] = last[0] = suffix[0] = '\0';
  static const char *const suffixes[] = {"JR", "SR", "II", "III", "IV"};
  for (size_t i = 0; n > 1 && i < sizeof suffixes / sizeof suffixes[0]; i++)
    if (!strcmp(words[n - 1], suffixes[i])) snprintf(suffix, cap, "%s", words[--n]);
  if (n == 0) return;
  snprintf(first, cap, "%s", words[0]);
  if (n > 1) snprintf(last, cap, "%s", words[n - 1]);
  if (n > 2) snprintf(middle, cap, "%s", words[1]);
}

static bs_status exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? BS_OK : BS_ESTORE;
}

/* Files by content: how many files brought each content (duplicates count). */
static bs_status load_file_counts(sqlite3 *db, int64_t **counts, size_t *n, char (**shas)[65]) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id), 0) FROM contents", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  int64_t max = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  *n = (size_t)max + 1;
  *counts = bs_calloc(*n, sizeof **counts);
  *shas = bs_calloc(*n, sizeof **shas);
  if (!*counts || !*shas) return BS_ENOMEM;
  if (sqlite3_prepare_v2(db,
                         "SELECT c.id, c.sha256, COUNT(f.id) FROM contents c LEFT JOIN files f"
                         " ON f.content_id = c.id AND f.status IN ('scanned', 'duplicate')"
                         " GROUP BY c.id",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(stmt, 0);
    if (id <= 0 || id > max) continue;
    snprintf((*shas)[id], sizeof(*shas)[id], "%s", (const char *)sqlite3_column_text(stmt, 1));
    (*counts)[id] = sqlite3_column_int64(stmt, 2);
  }
  sqlite3_finalize(stmt);
  return BS_OK;
}

/* A stable id: a hash of the person's first record (its content and place in it). */
static void person_id(char *out, const char *sha, const bs_record *r) {
  char key[128];
  int n = snprintf(key, sizeof key, "%s:%llu:%lld", sha, (unsigned long long)r->number,
                   (long long)(r->number ? 0 : r->first_rowid));
  unsigned char hash[8];
  crypto_generichash(hash, sizeof hash, (const unsigned char *)key, (size_t)n, NULL, 0);
  out[0] = 'P';
  sodium_bin2hex(out + 1, 17, hash, sizeof hash);
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *text) {
  if (text && *text)
    sqlite3_bind_text(stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(stmt, i);
}

static bs_status store_persons(bs_people_summary *sum, sqlite3 *db, const bs_record_set *set,
                               const bs_linkage *link, int notice_day) {
  bs_refdata *ref = NULL;
  person_acc *acc = bs_calloc(link->persons + 1, sizeof *acc);
  int64_t *file_counts = NULL;
  char(*shas)[65] = NULL;
  size_t contents = 0;
  bs_status status = acc ? bs_refdata_create(&ref) : BS_ENOMEM;
  if (status == BS_OK) status = load_file_counts(db, &file_counts, &contents, &shas);
  for (size_t p = 0; acc && p < link->persons; p++) acc[p].first_record = SIZE_MAX;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    size_t p = link->person[i];
    if (p == SIZE_MAX) continue;
    const bs_record *r = &set->items[i];
    person_acc *a = &acc[p];
    if (a->first_record == SIZE_MAX) a->first_record = i;
    vote(a->names, &a->name_n, VOTES, r->name);
    vote(a->firsts, &a->first_n, VOTES, r->first);
    vote(a->lasts, &a->last_n, VOTES, r->last);
    vote(a->dobs, &a->dob_n, VOTES, r->dob);
    a->types |= r->types;
    a->deceased |= r->deceased;
    int score = address_score(r);
    if (score > a->address_score) {
      a->address_score = score;
      a->address_record = i;
    }
  }
  sqlite3_stmt *ins = NULL, *rec = NULL;
  if (status == BS_OK &&
      (sqlite3_prepare_v2(db,
                          "INSERT INTO persons(id, person_id, first, middle, last, suffix, dob,"
                          " street, unit, city, state, zip, residence_state, minor, deceased,"
                          " elements, files) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          -1, &ins, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(db, "INSERT INTO person_records VALUES(?,?,?,?,?)", -1, &rec, NULL) !=
           SQLITE_OK))
    status = BS_ESTORE;
  /* Files per person: each content once. */
  int64_t *files = bs_calloc(link->persons + 1, sizeof *files);
  size_t *last_person = bs_calloc(contents + 1, sizeof *last_person);
  if (status == BS_OK && (!files || !last_person)) status = BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    size_t p = link->person[i];
    if (p == SIZE_MAX) continue;
    const bs_record *r = &set->items[i];
    size_t c = (size_t)r->content_id;
    if (c < contents && last_person[c] != p + 1) {
      last_person[c] = p + 1;
      files[p] += file_counts[c];
    }
    sqlite3_bind_int64(rec, 1, (int64_t)p + 1);
    sqlite3_bind_int64(rec, 2, r->content_id);
    sqlite3_bind_int64(rec, 3, (int64_t)r->number);
    sqlite3_bind_int64(rec, 4, r->first_rowid);
    sqlite3_bind_int64(rec, 5, r->last_rowid);
    if (sqlite3_step(rec) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(rec);
  }
  bs_free(last_person);
  for (size_t p = 0; status == BS_OK && p < link->persons; p++) {
    const person_acc *a = &acc[p];
    char first[64], middle[64], last[64], suffix[16], dob[16] = "", street[256], unit[256];
    int64_t name = winner(a->names, a->name_n);
    int64_t f = winner(a->firsts, a->first_n), l = winner(a->lasts, a->last_n);
    if (f && l) {
      snprintf(first, sizeof first, "%s", bs_records_value(set, f));
      snprintf(last, sizeof last, "%s", bs_records_value(set, l));
      middle[0] = suffix[0] = '\0';
      if (name) { /* a full name may add the middle name and suffix */
        char nf[64], nm[64], nl[64], ns[16];
        split_name(bs_records_value(set, name), nf, nm, nl, ns, sizeof nf);
        if (!strcmp(nf, first) && !strcmp(nl, last)) {
          snprintf(middle, sizeof middle, "%s", nm);
          snprintf(suffix, sizeof suffix, "%s", ns);
        }
      }
    } else {
      split_name(bs_records_value(set, name), first, middle, last, suffix, sizeof suffix);
      if (!name) {
        snprintf(first, sizeof first, "%s", bs_records_value(set, f));
        snprintf(last, sizeof last, "%s", bs_records_value(set, l));
      }
    }
    int32_t birth = (int32_t)winner(a->dobs, a->dob_n);
    if (birth)
      snprintf(dob, sizeof dob, "%04d-%02d-%02d", birth / 10000, birth / 100 % 100, birth % 100);
    const bs_record *ar = a->address_score ? &set->items[a->address_record] : NULL;
    street[0] = unit[0] = '\0';
    if (ar)
      split_unit(ref, bs_records_value(set, ar->address), street, sizeof street, unit, sizeof unit);
    if (ar && !unit[0] && ar->address2) { /* the unit in a component of its own (X12 N302) */
      const char *second = bs_records_value(set, ar->address2);
      if (second[0] == '#' || bs_refdata_unit(ref, second, strcspn(second, " ")))
        snprintf(unit, sizeof unit, "%s", second);
    }
    const char *zip = ar ? bs_records_value(set, ar->zip) : "";
    const char *state = ar ? bs_records_value(set, ar->state) : "";
    const char *residence = state[0] ? state : zip[0] ? bs_refdata_zip_state(ref, zip) : "";
    int minor = birth && age_at(birth, notice_day) < 18;
    char elements[512] = "";
    size_t len = 0;
    for (int t = 0; t < BS_EL_COUNT; t++)
      if (a->types & (1u << t))
        len += (size_t)snprintf(elements + len, sizeof elements - len, "%s%s", len ? ";" : "",
                                bs_element_name((bs_element)t));
    char id[20];
    person_id(id, shas[set->items[a->first_record].content_id], &set->items[a->first_record]);
    sqlite3_bind_int64(ins, 1, (int64_t)p + 1);
    sqlite3_bind_text(ins, 2, id, -1, SQLITE_TRANSIENT);
    bind_text(ins, 3, first);
    bind_text(ins, 4, middle);
    bind_text(ins, 5, last);
    bind_text(ins, 6, suffix);
    bind_text(ins, 7, dob);
    bind_text(ins, 8, street);
    bind_text(ins, 9, unit);
    bind_text(ins, 10, ar ? bs_records_value(set, ar->city) : "");
    bind_text(ins, 11, state);
    bind_text(ins, 12, zip);
    bind_text(ins, 13, residence);
    sqlite3_bind_int(ins, 14, minor);
    sqlite3_bind_int(ins, 15, a->deceased != 0);
    sqlite3_bind_text(ins, 16, elements, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins, 17, files[p]);
    if (sqlite3_step(ins) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(ins);
    sum->minors += (size_t)minor;
    sum->deceased += a->deceased != 0;
    sum->no_address += !street[0];
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(rec);
  bs_free(files);
  bs_free(acc);
  bs_free(file_counts);
  bs_free(shas);
  bs_refdata_free(ref);
  return status;
}

static bs_status store_audit(sqlite3 *db, const bs_record_set *set, const bs_linkage *link) {
  sqlite3_stmt *join = NULL, *issue = NULL, *un = NULL;
  bs_status status = BS_OK;
  if (sqlite3_prepare_v2(db, "INSERT INTO person_joins VALUES(?,?,?,?,?)", -1, &join, NULL) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO link_issues VALUES(?,?,?)", -1, &issue, NULL) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO unattributed VALUES(?,?)", -1, &un, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  for (size_t i = 0; status == BS_OK && i < link->join_count; i++) {
    const bs_link_join *j = &link->joins[i];
    sqlite3_bind_int64(join, 1, (int64_t)link->person[j->a] + 1);
    sqlite3_bind_int64(join, 2, (int64_t)j->a + 1);
    sqlite3_bind_int64(join, 3, (int64_t)j->b + 1);
    sqlite3_bind_text(join, 4, j->reason, -1, SQLITE_STATIC);
    if (j->score != 0)
      sqlite3_bind_double(join, 5, j->score);
    else
      sqlite3_bind_null(join, 5);
    if (sqlite3_step(join) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(join);
  }
  for (size_t i = 0; status == BS_OK && i < link->issue_count; i++) {
    sqlite3_bind_int(issue, 1, link->issues[i].type);
    sqlite3_bind_int64(issue, 2, link->issues[i].value_id);
    sqlite3_bind_text(issue, 3, "shared by records whose names or dates of birth disagree", -1,
                      SQLITE_STATIC);
    if (sqlite3_step(issue) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(issue);
  }
  for (size_t i = 0; status == BS_OK && i < set->shared_count; i++) {
    int64_t v = set->shared[i];
    char why[160];
    snprintf(why, sizeof why,
             "contact detail in the passages of %u different people: an organisation's own,"
             " kept out of their exposure sets",
             (unsigned)set->shared_by[i]);
    sqlite3_bind_int(issue, 1, v > 0 && (size_t)v < set->value_count ? set->value_types[v] : 0);
    sqlite3_bind_int64(issue, 2, v);
    sqlite3_bind_text(issue, 3, why, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(issue) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(issue);
  }
  for (int t = 0; status == BS_OK && t < BS_EL_COUNT; t++) {
    if (!set->unattributed[t]) continue;
    sqlite3_bind_int(un, 1, t);
    sqlite3_bind_int64(un, 2, (int64_t)set->unattributed[t]);
    if (sqlite3_step(un) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(un);
  }
  sqlite3_finalize(join);
  sqlite3_finalize(issue);
  sqlite3_finalize(un);
  return status;
}

/* A case linked by an earlier version has person_joins without its score column. */
static bs_status add_score_column(sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT COUNT(*) FROM pragma_table_info('person_joins')"
                         " WHERE name = 'score'",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  int has = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) > 0;
  sqlite3_finalize(stmt);
  return has ? BS_OK : exec(db, "ALTER TABLE person_joins ADD COLUMN score REAL");
}

void bs_people_options_default(bs_people_options *options, int notice_day) {
  memset(options, 0, sizeof *options);
  options->notice_day = notice_day;
  options->records.shared_contact = BS_RECORDS_SHARED_CONTACT;
  bs_link_options_default(&options->link);
}

bs_status bs_people_run(bs_people_summary *out, bs_store *store, int notice_day) {
  bs_people_options options;
  bs_people_options_default(&options, notice_day);
  return bs_people_run_with(out, store, &options);
}

bs_status bs_people_run_with(bs_people_summary *out, bs_store *store,
                             const bs_people_options *options) {
  memset(out, 0, sizeof *out);
  int notice_day = options->notice_day;
  if (sodium_init() < 0) return BS_EINVAL;
  sqlite3 *db = bs_store_db(store);
  bs_record_set set;
  bs_linkage link;
  memset(&link, 0, sizeof link);
  bs_status status = bs_records_load(&set, db, &options->records);
  if (status == BS_OK) status = bs_link(&link, &set, &options->link);
  if (status == BS_OK) status = exec(db, "BEGIN");
  if (status == BS_OK) status = exec(db, tables);
  if (status == BS_OK) status = add_score_column(db);
  if (status == BS_OK) status = store_persons(out, db, &set, &link, notice_day);
  if (status == BS_OK) status = store_audit(db, &set, &link);
  if (status == BS_OK)
    status = exec(db, "COMMIT");
  else
    exec(db, "ROLLBACK");
  if (status == BS_OK && options->review)
    status = bs_link_write_review(options->review, db, &set, &link);
  out->reviews = link.review_count;
  out->candidate_pairs = link.candidate_pairs;
  out->shared_contacts = set.shared_count;
  out->em_pairs = link.em_pairs;
  out->em_rounds = link.em_rounds;
  out->em_m_given = link.em_m_given;
  out->em_m_surname = link.em_m_surname;
  out->em_m_dob = link.em_m_dob;
  out->records = set.count;
  for (size_t i = 0; i < set.count; i++) out->identified += set.items[i].identified != 0;
  out->persons = link.persons;
  out->joins = link.join_count;
  out->issues = link.issue_count;
  out->findings = set.findings;
  for (int t = 0; t < BS_EL_COUNT; t++) out->unattributed += set.unattributed[t];
  bs_linkage_free(&link);
  bs_records_free(&set);
  return status;
}

bs_status bs_people_export_csv(FILE *out, bs_store *store) {
  static const char sql[] =
      "SELECT person_id, first, middle, last, suffix, dob, street, unit, city, state, zip,"
      " CASE minor WHEN 1 THEN 'yes' ELSE 'no' END, CASE deceased WHEN 1 THEN 'yes' ELSE 'no' END,"
      " elements, files FROM persons ORDER BY id";
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  fputs("person_id,first,middle,last,suffix,dob,street,unit,city,state,zip,minor,deceased,"
        "elements,files\n",
        out);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int i = 0; i < 15; i++) {
      const char *v = (const char *)sqlite3_column_text(stmt, i);
      if (i) fputc(',', out);
      if (v) csv_fwrite(out, v, strlen(v));
    }
    fputc('\n', out);
  }
  sqlite3_finalize(stmt);
  return ferror(out) ? BS_EIO : BS_OK;
}
