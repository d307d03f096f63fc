/* bench/people generator and runner: builds RECORDS records of synthetic people in
 * memory with realistic duplication (several records a person, in the shapes of
 * registration rows, claims, lab rows, appointments, payments and note passages) and
 * realistic trouble (typos, nicknames, swapped day and month, married names, moves,
 * twins, Jr./Sr., namesakes, a placeholder SSN), links them with the people step's
 * linker (bs_records_finish + bs_link, the code `people` runs after reading a case), and
 * prints records/s, peak memory and the accuracy against the generator's truth.
 *
 * usage: people RECORDS [SEED] DATA_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "link/link.h"

/* ---- Random numbers (splitmix64) ------------------------------------------------- */

static uint64_t rng_state;

static uint64_t next(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint32_t below(uint32_t n) { return (uint32_t)(next() % n); }
static int chance(double p) { return (double)(next() >> 11) / 9007199254740992.0 < p; }

/* ---- Name lists, drawn by frequency ------------------------------------------------ */

typedef struct name_list {
  char **names;
  double *cumulative;
  size_t count;
} name_list;

/* Reads "NAME\t...\tCOUNT" lines (count the last field); sex: keep lines whose second
 * field is it, or all when 0. */
static int load_names(name_list *out, const char *path, char sex) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[256];
  size_t cap = 0;
  double total = 0;
  memset(out, 0, sizeof *out);
  while (fgets(line, sizeof line, f)) {
    char *tab = strchr(line, '\t'), *last = strrchr(line, '\t');
    if (!tab || !last) continue;
    *tab = '\0';
    if (sex && tab[1] != sex) continue;
    if (out->count == cap) {
      cap = cap ? cap * 2 : 1024;
      out->names = realloc(out->names, cap * sizeof *out->names);
      out->cumulative = realloc(out->cumulative, cap * sizeof *out->cumulative);
      if (!out->names || !out->cumulative) exit(3);
    }
    for (char *p = line; *p; p++)
      if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    total += atof(last + 1);
    out->names[out->count] = strdup(line);
    out->cumulative[out->count++] = total;
  }
  fclose(f);
  for (size_t i = 0; i < out->count; i++) out->cumulative[i] /= total;
  return out->count > 0;
}

static const char *draw(const name_list *list) {
  double x = (double)(next() >> 11) / 9007199254740992.0;
  size_t lo = 0, hi = list->count - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (list->cumulative[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return list->names[lo];
}

/* Nicknames: formal -> one of its nicknames, from data/nicknames.tsv. */
typedef struct nick {
  char formal[32], nick[32];
} nick;
static nick *nicks;
static size_t nick_count;

static int load_nicks(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[128];
  size_t cap = 0;
  while (fgets(line, sizeof line, f)) {
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = '\0';
    tab[1 + strcspn(tab + 1, "\r\n")] = '\0';
    if (nick_count == cap) {
      cap = cap ? cap * 2 : 1024;
      nicks = realloc(nicks, cap * sizeof *nicks);
      if (!nicks) exit(3);
    }
    nick *n = &nicks[nick_count++];
    snprintf(n->formal, sizeof n->formal, "%.31s", line);
    snprintf(n->nick, sizeof n->nick, "%.31s", tab + 1);
    for (char *p = n->formal; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    for (char *p = n->nick; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
  }
  fclose(f);
  return 1;
}

static const char *nickname_of(const char *formal) {
  for (size_t i = 0; i < nick_count; i++)
    if (!strcmp(nicks[i].formal, formal)) return nicks[i].nick;
  return NULL;
}

/* ---- People ------------------------------------------------------------------------- */

typedef struct person {
  char given[24], middle, surname[24], married[24], suffix[4];
  int dob; /* YYYYMMDD */
  char ssn[10], mrn[9], member[11], phone[11], email[64], street[48], zip[6], moved[48];
  int has_ssn;
} person;

static int random_dob(void) {
  return (1930 + (int)below(94)) * 10000 + (1 + (int)below(12)) * 100 + 1 + (int)below(28);
}

static void make_person(person *p, const name_list *female, const name_list *male,
                        const name_list *surnames, uint32_t id) {
  memset(p, 0, sizeof *p);
  int woman = chance(0.5);
  snprintf(p->given, sizeof p->given, "%s", draw(woman ? female : male));
  p->middle = chance(0.4) ? (char)('A' + below(26)) : 0;
  snprintf(p->surname, sizeof p->surname, "%s", draw(surnames));
  if (woman && chance(0.08)) snprintf(p->married, sizeof p->married, "%s", draw(surnames));
  p->dob = random_dob();
  p->has_ssn = chance(0.6);
  snprintf(p->ssn, sizeof p->ssn, "%09u", 100000000u + id * 7u % 799999999u);
  snprintf(p->mrn, sizeof p->mrn, "%08u", id);
  snprintf(p->member, sizeof p->member, "W%09u", id * 13u % 999999999u);
  snprintf(p->phone, sizeof p->phone, "%03u%03u%04u", 201 + below(700), 200 + below(700),
           below(10000));
  snprintf(p->email, sizeof p->email, "%s.%s%u@example.com", p->given, p->surname, below(100));
  snprintf(p->street, sizeof p->street, "%u %s ST", 1 + below(9999), draw(surnames));
  snprintf(p->zip, sizeof p->zip, "%05u", 1000 + below(98000));
  if (chance(0.15))
    snprintf(p->moved, sizeof p->moved, "%u %s AVE", 1 + below(9999), draw(surnames));
}

/* A relative in the same household: shares the surname, address and phone. */
static void make_relative(person *p, const person *of, const name_list *female,
                          const name_list *male, uint32_t id, int kind) {
  person base = *p;
  (void)base;
  snprintf(p->surname, sizeof p->surname, "%s", of->surname);
  snprintf(p->street, sizeof p->street, "%s", of->street);
  snprintf(p->zip, sizeof p->zip, "%s", of->zip);
  snprintf(p->phone, sizeof p->phone, "%s", of->phone);
  p->married[0] = '\0';
  if (kind == 1) { /* a twin: same date of birth, another given name */
    p->dob = of->dob;
    do snprintf(p->given, sizeof p->given, "%s", draw(chance(0.5) ? female : male));
    while (!strcmp(p->given, of->given));
  } else if (kind == 2) { /* Jr.: the father's name, born 25 to 40 years later */
    snprintf(p->given, sizeof p->given, "%s", of->given);
    p->middle = of->middle;
    snprintf(p->suffix, sizeof p->suffix, "JR");
    p->dob = of->dob + (25 + (int)below(15)) * 10000;
    if (p->dob / 10000 > 2023) p->dob -= 40 * 10000;
  }
  (void)id;
}

/* ---- Records ------------------------------------------------------------------------ */

static void typo(char *word) {
  size_t n = strlen(word);
  if (n < 4) return;
  size_t i = 1 + below((uint32_t)(n - 2));
  char c = word[i];
  word[i] = word[i + 1];
  word[i + 1] = c;
}

static void date_text(char *out, size_t cap, int dob) {
  snprintf(out, cap, "%04d-%02d-%02d", dob / 10000, dob / 100 % 100, dob % 100);
}

static int add(bs_record_set *set, size_t r, bs_element type, const char *value) {
  return bs_records_add(set, r, type, value) == BS_OK;
}

/* One record of person p, of a random kind; returns 0 on failure. */
static int make_record(bs_record_set *set, const person *p, uint32_t number, int later) {
  char given[32], surname[32], name[96], dob[16];
  snprintf(given, sizeof given, "%s", p->given);
  snprintf(surname, sizeof surname, "%s", later && p->married[0] ? p->married : p->surname);
  if (chance(0.03)) typo(chance(0.5) ? given : surname);
  if (chance(0.03)) {
    const char *n = nickname_of(given);
    if (n) snprintf(given, sizeof given, "%s", n);
  }
  int d = p->dob;
  if (chance(0.01) && d % 100 <= 12 && d % 100 != d / 100 % 100)
    d = d / 10000 * 10000 + d % 100 * 100 + d / 100 % 100; /* day and month swapped */
  else if (chance(0.01))
    d = d - d % 10 + (int)below(10); /* last digit wrong */
  if (d % 100 == 0) d += 1;
  date_text(dob, sizeof dob, d);
  const char *street = later && p->moved[0] ? p->moved : p->street;
  uint32_t kind = below(100);
  size_t r;
  int content = (int)(kind / 17) + 1; /* one "file" per kind */
  if (bs_records_new(set, content, kind < 90 ? number : 0, &r) != BS_OK) return 0;
  int ok = 1;
  const char *ssn = chance(0.001) ? "999999999" : p->has_ssn ? p->ssn : NULL;
  if (kind < 20) { /* registration row */
    ok = add(set, r, BS_EL_FIRST_NAME, given) && add(set, r, BS_EL_LAST_NAME, surname) &&
         add(set, r, BS_EL_DOB, dob) && add(set, r, BS_EL_MRN, p->mrn) &&
         add(set, r, BS_EL_ADDRESS, street) && add(set, r, BS_EL_ZIP, p->zip) &&
         add(set, r, BS_EL_PHONE, p->phone) &&
         (!chance(0.5) || add(set, r, BS_EL_EMAIL, p->email)) &&
         (!ssn || add(set, r, BS_EL_SSN, ssn));
  } else if (kind < 45) { /* claim: LAST FIRST M */
    char middle[3] = {' ', p->middle, '\0'};
    snprintf(name, sizeof name, "%s %s%s%s%s", surname, given, p->middle ? middle : "",
             p->suffix[0] ? " " : "", p->suffix);
    ok = add(set, r, BS_EL_NAME, name) && add(set, r, BS_EL_DOB, dob) &&
         add(set, r, BS_EL_MEMBER_ID, p->member) && add(set, r, BS_EL_ICD10CM, "E119");
  } else if (kind < 60) { /* lab row */
    snprintf(name, sizeof name, "%s %s", surname, given);
    ok = add(set, r, BS_EL_MRN, p->mrn) && add(set, r, BS_EL_NAME, name) &&
         add(set, r, BS_EL_DOB, dob);
  } else if (kind < 80) { /* appointment */
    snprintf(name, sizeof name, "%s %s%s%s", given, surname, p->suffix[0] ? " " : "", p->suffix);
    ok = add(set, r, BS_EL_NAME, name) && add(set, r, BS_EL_DOB, dob) &&
         add(set, r, BS_EL_PHONE, p->phone);
  } else if (kind < 90) { /* payment: a name alone */
    snprintf(name, sizeof name, "%s %s%s%s", given, surname, p->suffix[0] ? " " : "", p->suffix);
    ok = add(set, r, BS_EL_NAME, name) && add(set, r, BS_EL_CARD, "4111111111111111");
  } else { /* a note's passage */
    snprintf(name, sizeof name, "%s %s", given, surname);
    ok = add(set, r, BS_EL_NAME, name) && add(set, r, BS_EL_DOB, dob) &&
         add(set, r, BS_EL_MRN, p->mrn) && add(set, r, BS_EL_SERVICE_DATE, "2024-03-18");
  }
  return ok;
}

/* ---- Scoring ------------------------------------------------------------------------ */

typedef struct tally {
  size_t cluster;
  uint32_t truth;
} tally;

static int tally_cmp(const void *a, const void *b) {
  const tally *x = a, *y = b;
  if (x->cluster != y->cluster) return x->cluster < y->cluster ? -1 : 1;
  return (x->truth > y->truth) - (x->truth < y->truth);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: people RECORDS SEED DATA_DIR\n");
    return 2;
  }
  size_t records = strtoull(argv[1], NULL, 10);
  rng_state = strtoull(argv[2], NULL, 10) * 0x2545f4914f6cdd1dULL + 1;
  char path[4096];
  name_list female, male, surnames;
  snprintf(path, sizeof path, "%s/first_names.tsv", argv[3]);
  int ok = load_names(&female, path, 'F') && load_names(&male, path, 'M');
  snprintf(path, sizeof path, "%s/surnames.tsv", argv[3]);
  ok = ok && load_names(&surnames, path, 0);
  snprintf(path, sizeof path, "%s/nicknames.tsv", argv[3]);
  ok = ok && load_nicks(path);
  if (!ok || records == 0) {
    fprintf(stderr, "people: cannot read the name lists under %s\n", argv[3]);
    return 3;
  }
  struct timespec t0, t1, t2;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bs_record_set set;
  if (bs_records_begin(&set) != BS_OK) return 3;
  uint32_t *truth = malloc(records * sizeof *truth);
  size_t persons_cap = records / 2 + 16, persons = 0;
  person *people = malloc(persons_cap * sizeof *people);
  if (!truth || !people) return 3;
  size_t twins = 0, juniors = 0, households = 0;
  while (set.count < records) {
    person *p = &people[persons];
    make_person(p, &female, &male, &surnames, (uint32_t)persons + 1);
    if (persons > 0 && chance(0.25)) { /* a household member of the one before */
      int kind = chance(0.04) ? 1 : chance(0.04) ? 2 : 0;
      make_relative(p, &people[persons - 1], &female, &male, (uint32_t)persons + 1, kind);
      twins += kind == 1;
      juniors += kind == 2;
      households++;
    }
    /* Records a person: 1 to 9, about 3.5 on average. */
    uint32_t n = 1 + below(3) + (chance(0.5) ? below(6) : 0);
    for (uint32_t k = 0; k < n && set.count < records; k++) {
      truth[set.count] = (uint32_t)persons;
      if (!make_record(&set, p, (uint32_t)set.count + 1, k > n / 2)) return 3;
    }
    persons++;
  }
  if (bs_records_finish(&set, NULL) != BS_OK) return 3;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  bs_linkage link;
  bs_link_options options;
  bs_link_options_default(&options);
  options.estimate = getenv("BENCH_EM") != NULL; /* BENCH_EM=1: m estimated by EM */
  bs_status status = bs_link(&link, &set, &options);
  clock_gettime(CLOCK_MONOTONIC, &t2);
  if (status != BS_OK) {
    fprintf(stderr, "people: link failed: %s\n", bs_status_str(status));
    return 3;
  }
  /* Each reported person's majority truth person; splits and merges. */
  tally *t = malloc(set.count * sizeof *t);
  size_t n = 0;
  for (size_t i = 0; i < set.count; i++)
    if (link.person[i] != SIZE_MAX) t[n++] = (tally){link.person[i], truth[i]};
  qsort(t, n, sizeof *t, tally_cmp);
  unsigned *matches = calloc(persons, sizeof *matches);
  size_t merged = 0, reported = link.persons;
  uint64_t wrong_records = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, best = i, best_count = 0, run = 0, total = 0, others = 0;
    for (size_t k = i; k < n && t[k].cluster == t[i].cluster; k++, j = k) {
      total++;
      run = k > i && t[k].truth == t[k - 1].truth ? run + 1 : 1;
      if (run > best_count) {
        best_count = run;
        best = k;
      }
    }
    others = total - best_count;
    merged += others > 0;
    if (others > 0 && getenv("BENCH_MERGES") &&
        merged <= strtoul(getenv("BENCH_MERGES"), NULL, 10)) {
      printf("merged person %zu:\n", t[i].cluster);
      for (size_t r = 0; r < set.count; r++)
        if (link.person[r] == t[i].cluster) {
          const bs_record *x = &set.items[r];
          printf("  truth %u: %s|%s %s|%d|%s|%s\n", truth[r], bs_records_value(&set, x->name),
                 bs_records_value(&set, x->first), bs_records_value(&set, x->last), x->dob,
                 bs_records_value(&set, x->address), bs_records_value(&set, x->keys[BS_KEY_SSN]));
        }
      for (size_t v = 0; v < link.join_count; v++)
        if (link.person[link.joins[v].a] == t[i].cluster &&
            truth[link.joins[v].a] != truth[link.joins[v].b])
          printf("  join: %s\n", link.joins[v].reason);
    }
    wrong_records += others;
    matches[t[best].truth]++;
    i = j;
  }
  size_t found = 0, split = 0;
  for (size_t i = 0; i < persons; i++) {
    found += matches[i] > 0;
    split += matches[i] > 1;
  }
  /* Splits where every piece but the biggest holds only records known by a name alone
   * (no date of birth, no identifier): such a record cannot be told apart from a
   * namesake's, and goes to review. */
  size_t *biggest = calloc(persons, sizeof *biggest),
         *biggest_n = calloc(persons, sizeof *biggest_n);
  size_t *piece_n = calloc(reported + 1, sizeof *piece_n);
  unsigned char *strong = calloc(reported + 1, 1);
  if (!biggest || !biggest_n || !piece_n || !strong) return 3;
  for (size_t r = 0; r < set.count; r++) {
    size_t c = link.person[r];
    if (c == SIZE_MAX) continue;
    piece_n[c]++;
    const bs_record *x = &set.items[r];
    int weak = !x->dob;
    for (int k = 0; k < BS_KEY_COUNT && weak; k++) weak = !x->keys[k];
    if (!weak) strong[c] = 1;
  }
  for (size_t r = 0; r < set.count; r++) {
    size_t c = link.person[r];
    if (c != SIZE_MAX && piece_n[c] > biggest_n[truth[r]]) {
      biggest_n[truth[r]] = piece_n[c];
      biggest[truth[r]] = c;
    }
  }
  unsigned char *strong_split = calloc(persons, 1);
  if (!strong_split) return 3;
  for (size_t r = 0; r < set.count; r++) {
    size_t c = link.person[r];
    if (c != SIZE_MAX && c != biggest[truth[r]] && strong[c]) strong_split[truth[r]] = 1;
  }
  size_t name_alone_splits = 0;
  for (size_t i = 0; i < persons; i++) name_alone_splits += matches[i] > 1 && !strong_split[i];
  free(biggest);
  free(biggest_n);
  free(piece_n);
  free(strong);
  /* BENCH_EXAMPLES=N: the records of N people split by more than names alone. */
  const char *examples = getenv("BENCH_EXAMPLES");
  size_t shown = 0, want = examples ? strtoul(examples, NULL, 10) : 0;
  for (size_t i = 0; i < persons && shown < want; i++) {
    if (matches[i] < 2 || !strong_split[i]) continue;
    shown++;
    printf("split person %zu:\n", i);
    for (size_t r = 0; r < set.count; r++)
      if (truth[r] == i) {
        const bs_record *x = &set.items[r];
        printf("  person %zu: %s|%s %s|%d|%s|%s\n", link.person[r], bs_records_value(&set, x->name),
               bs_records_value(&set, x->first), bs_records_value(&set, x->last), x->dob,
               bs_records_value(&set, x->address), x->keys[BS_KEY_SSN] ? "ssn" : "");
        for (size_t v = 0; v < link.review_count; v++)
          if (link.reviews[v].a == r || link.reviews[v].b == r)
            printf(
                "    review with %s: %s\n",
                bs_records_value(
                    &set,
                    set.items[link.reviews[v].a == r ? link.reviews[v].b : link.reviews[v].a].name),
                link.reviews[v].evidence);
      }
  }
  double gen_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  double link_s = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("people benchmark: %zu records of %zu people (%zu household members, %zu twins, %zu "
         "juniors), generated in memory\n",
         set.count, persons, households, twins, juniors);
  printf("link: %.2f s, %.0f records/s (records built in %.2f s); peak RSS %.1f MB\n", link_s,
         (double)set.count / link_s, gen_s, (double)ru.ru_maxrss / 1024.0);
  printf("pairs compared %zu, joins %zu, shared keys refused %zu, left for review %zu\n",
         link.candidate_pairs, link.join_count, link.issue_count, link.review_count);
  if (link.em_pairs)
    printf(
        "EM: %zu pairs, %d rounds: m of exact given name %.3f, surname %.3f, date of birth %.3f\n",
        link.em_pairs, link.em_rounds, link.em_m_given, link.em_m_surname, link.em_m_dob);
  printf("persons: truth %zu, reported %zu, found %zu: recall %.4f, precision %.4f; split %zu, "
         "merged %zu (records in a wrong person: %llu)\n",
         persons, reported, found, (double)found / (double)persons,
         reported ? (double)found / (double)reported : 0.0, split, merged,
         (unsigned long long)wrong_records);
  free(strong_split);
  printf("of the splits, %zu only by records known by a name alone (sent to review when "
         "they fit someone)\n",
         name_alone_splits);
  free(matches);
  free(t);
  free(truth);
  free(people);
  bs_linkage_free(&link);
  bs_records_free(&set);
  return 0;
}
