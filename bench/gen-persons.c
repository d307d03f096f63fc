/* gen-persons CASE PERSONS [SEED]
 *
 * Creates a case whose `persons` table holds PERSONS affected persons, as `breachscope
 * people` would have stored them, without the scan: the report, letters and call-center
 * benchmarks need a 600,000-person case, and scanning a breach of that size takes hours.
 * Persons come from synth's generator (the same names, addresses, households, dates of
 * birth and identifiers as `breachscope synth`), so their shape is realistic: about 3%
 * have no mailing address, a few are deceased, minors are those under 18 at the
 * discovery date, and each has an element set drawn from what a clinic's files expose.
 * The same SEED (default 1) gives the same case. Prints one line: persons and seconds. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "link/persons.h"
#include "store/store.h"
#include "synth/people.h"
#include "synth/tables.h"

#define DISCOVERED "2024-08-15"

static void upper(char *out, size_t cap, const char *text) {
  size_t n = 0;
  for (; text[n] && n + 1 < cap; n++) out[n] = (char)toupper((unsigned char)text[n]);
  out[n] = '\0';
}

/* The street line as the people step stores it: upper case, Pub 28 suffix. */
static void street_line(char *out, size_t cap, const bs_address *a, const bs_refdata *ref) {
  char raw[128];
  const bs_pair *suffix = bs_refdata_suffix(ref, a->suffix, strlen(a->suffix));
  snprintf(raw, sizeof raw, "%s%s%s %s %.*s", a->number, a->predir[0] ? " " : "", a->predir,
           a->name, suffix ? (int)suffix->value.len : (int)strlen(a->suffix),
           suffix ? suffix->value.text : a->suffix);
  upper(out, cap, raw);
}

/* The element set of one person: identity and treatment always (a clinic's files), the
 * rest as the person's own data and chance give it. */
static void element_set(char *out, size_t cap, const bs_person *p, bs_random *r, int has_address) {
  static const struct {
    const char *name;
    unsigned percent;
  } optional[] = {{"service_date", 90}, {"mrn", 85},   {"member_id", 70}, {"icd10cm", 80},
                  {"cpt", 60},          {"hcpcs", 15}, {"phone", 75},     {"email", 40}};
  size_t n = (size_t)snprintf(out, cap, "name;first_name;last_name");
  if (has_address) n += (size_t)snprintf(out + n, cap - n, ";address;city;state;zip");
  n += (size_t)snprintf(out + n, cap - n, ";dob");
  for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
    if (bs_random_chance(r, optional[i].percent))
      n += (size_t)snprintf(out + n, cap - n, ";%s", optional[i].name);
  if (p->ssn[0] && bs_random_chance(r, 60)) n += (size_t)snprintf(out + n, cap - n, ";ssn");
  if (p->mbi[0]) n += (size_t)snprintf(out + n, cap - n, ";mbi");
  if (p->card[0] && bs_random_chance(r, 30)) snprintf(out + n, cap - n, ";card");
}

static int insert_person(sqlite3_stmt *ins, const bs_person *p, bs_random *r, uint32_t index,
                         const bs_refdata *ref) {
  char id[20], first[32], middle[32], last[40], street[160], unit[24], city[48], dob[11];
  char elements[256];
  int has_address = !bs_random_chance(r, 3);
  int age_at_discovery = 2024 - p->dob.year - (p->dob.month > 8);
  snprintf(id, sizeof id, "P%016llx",
           (unsigned long long)(bs_random_next(r) ^ ((uint64_t)index << 40)));
  upper(first, sizeof first, p->first);
  upper(middle, sizeof middle, p->middle);
  upper(last, sizeof last, p->last);
  street_line(street, sizeof street, &p->home, ref);
  snprintf(unit, sizeof unit, "%s%s%s", p->home.unit_kind, p->home.unit_kind[0] ? " " : "",
           p->home.unit);
  upper(unit, sizeof unit, unit);
  upper(city, sizeof city, p->home.city);
  snprintf(dob, sizeof dob, "%04d-%02d-%02d", p->dob.year, p->dob.month, p->dob.day);
  element_set(elements, sizeof elements, p, r, has_address);
  sqlite3_bind_int64(ins, 1, (sqlite3_int64)index + 1);
  sqlite3_bind_text(ins, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 3, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 4, middle[0] ? middle : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 5, last, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 6, p->suffix[0] ? p->suffix : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 7, dob, -1, SQLITE_TRANSIENT);
  for (int column = 8; column <= 13; column++) sqlite3_bind_null(ins, column);
  if (has_address) {
    sqlite3_bind_text(ins, 8, street, -1, SQLITE_TRANSIENT);
    if (unit[0]) sqlite3_bind_text(ins, 9, unit, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 10, city, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 11, p->home.state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 12, p->home.zip, -1, SQLITE_TRANSIENT);
  }
  sqlite3_bind_text(ins, 13, p->home.state, -1, SQLITE_TRANSIENT); /* residence */
  sqlite3_bind_int(ins, 14, age_at_discovery < 18);
  sqlite3_bind_int(ins, 15, age_at_discovery > 70 && bs_random_chance(r, 2));
  sqlite3_bind_text(ins, 16, elements, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(ins, 17, bs_random_range(r, 1, 12));
  int rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  return rc == SQLITE_DONE;
}

static int fill(bs_store *store, uint32_t count, uint64_t seed) {
  bs_synth_tables *tables;
  if (bs_synth_tables_create(&tables) != BS_OK) return 0;
  bs_practice practice;
  bs_people_practice(&practice, tables, seed, count);
  sqlite3 *db = bs_store_db(store);
  sqlite3_stmt *ins;
  int ok = sqlite3_prepare_v2(db,
                              "INSERT INTO persons(id, person_id, first, middle, last, suffix, dob,"
                              " street, unit, city, state, zip, residence_state, minor, deceased,"
                              " elements, files) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                              -1, &ins, NULL) == SQLITE_OK;
  ok = ok && bs_store_exec(store, "BEGIN") == BS_OK;
  for (uint32_t i = 0; ok && i < count; i++) {
    bs_person person;
    bs_random r;
    bs_people_make(&person, tables, &practice, i);
    bs_random_init(&r, seed, 0x67656e70, i); /* "genp": a stream apart from synth's */
    ok = insert_person(ins, &person, &r, i, tables->ref);
  }
  sqlite3_finalize(ins);
  ok = ok && bs_store_exec(store, "COMMIT") == BS_OK;
  bs_synth_tables_free(tables);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fputs("usage: gen-persons CASE PERSONS [SEED]\n", stderr);
    return 2;
  }
  long count = strtol(argv[2], NULL, 10);
  uint64_t seed = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
  if (count <= 0 || count > 100000000) {
    fputs("gen-persons: PERSONS wants a count from 1 to 100000000\n", stderr);
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bs_case_settings settings = {"Bench Medical Group", DISCOVERED, "2024-07-10", "2024-07-11"};
  bs_store *store = NULL;
  bs_people_summary summary;
  if (bs_store_create(argv[1], &settings) != BS_OK || bs_store_open(&store, argv[1]) != BS_OK ||
      bs_people_run(&summary, store, 20240815) != BS_OK || !fill(store, (uint32_t)count, seed)) {
    fprintf(stderr, "gen-persons: cannot make the case in %s (a case there already?)\n", argv[1]);
    bs_store_close(store);
    return 1;
  }
  bs_store_close(store);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("gen-persons: %ld persons in %s, %.1f s\n", count, argv[1],
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
