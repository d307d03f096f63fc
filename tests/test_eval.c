/* eval on a hand-made case: known hits, false findings, misses and file mismatches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/eval.h"
#include "link/persons.h"
#include "store/writer.h"
#include "test.h"

static void add(bs_file_record *r, bs_element type, const char *value) {
  bs_finding f = {.line = 1, .column = 1, .confidence = 0.9f, .type = (uint8_t)type};
  bs_finding_list_add(&r->findings, &f, value, strlen(value), NULL, NULL);
}

static void put(bs_writer *w, const char *path, const char *sha, const bs_element *types,
                const char *const *values, size_t n) {
  bs_file_record r;
  bs_file_record_init(&r);
  r.path = path;
  r.status = BS_FILE_SCANNED;
  snprintf(r.sha256, sizeof r.sha256, "%s", sha);
  for (size_t i = 0; i < n; i++) add(&r, types[i], values[i]);
  int64_t id;
  CHECK(bs_writer_put(w, &r, &id) == BS_OK && bs_writer_end_file(w) == BS_OK);
  bs_file_record_free(&r);
}

/* One finding of a file: type, value, record (0: free text, on line 1). */
typedef struct person_finding {
  bs_element type;
  const char *value;
  uint64_t record;
} person_finding;

static void put_records(bs_writer *w, const char *path, char sha, const person_finding *f,
                        size_t n) {
  bs_file_record r;
  bs_file_record_init(&r);
  r.path = path;
  r.status = BS_FILE_SCANNED;
  memset(r.sha256, sha, 64);
  r.sha256[64] = '\0';
  for (size_t i = 0; i < n; i++) {
    bs_finding x = {.line = f[i].record ? 0 : 1,
                    .row = f[i].record,
                    .record = f[i].record,
                    .confidence = 0.9f,
                    .type = (uint8_t)f[i].type};
    bs_finding_list_add(&r.findings, &x, f[i].value, strlen(f[i].value), NULL, NULL);
  }
  int64_t id;
  CHECK(bs_writer_put(w, &r, &id) == BS_OK && bs_writer_end_file(w) == BS_OK);
  bs_file_record_free(&r);
}

/* Persons: P1 in two files joined by SSN, P2 alone, P3 seen by an MRN in one file and by
 * name in another, nothing to join them: reported twice (a split). */
static void test_eval_persons(const char *dir) {
  char case_dir[256], truth_dir[256], file[300];
  snprintf(case_dir, sizeof case_dir, "%s/pcase", dir);
  snprintf(truth_dir, sizeof truth_dir, "%s/ptruth", dir);
  bs_case_settings settings = {"Eval Clinic", "2026-11-01", NULL, NULL};
  CHECK(bs_store_create(case_dir, &settings) == BS_OK);
  CHECK(mkdir(truth_dir, 0700) == 0);
  snprintf(file, sizeof file, "%s/persons.csv", truth_dir);
  FILE *out = fopen(file, "w");
  if (!out) return;
  fputs("id,first,exposed\nP1,Ann,ssn;dob\nP2,Bob,ssn;dob\nP3,Cy,mrn;name\n", out);
  fclose(out);
  snprintf(file, sizeof file, "%s/mentions.jsonl", truth_dir);
  out = fopen(file, "w");
  if (!out) return;
  fputs("{\"person\":\"P1\",\"type\":\"ssn\",\"value\":\"123456789\",\"path\":\"files/a.csv\"}\n"
        "{\"person\":\"P1\",\"type\":\"dob\",\"value\":\"1962-03-14\",\"path\":\"files/a.csv\"}\n"
        "{\"person\":\"P1\",\"type\":\"ssn\",\"value\":\"123456789\",\"path\":\"files/b.txt\"}\n"
        "{\"person\":\"P2\",\"type\":\"ssn\",\"value\":\"219384471\",\"path\":\"files/a.csv\"}\n"
        "{\"person\":\"P2\",\"type\":\"dob\",\"value\":\"1970-01-02\",\"path\":\"files/a.csv\"}\n"
        "{\"person\":\"P3\",\"type\":\"mrn\",\"value\":\"00123456\",\"path\":\"files/c.txt\"}\n"
        "{\"person\":\"P3\",\"type\":\"name\",\"value\":\"CY REED\",\"path\":\"files/"
        "d.txt\"}\n",
        out);
  fclose(out);
  bs_store *store = NULL;
  bs_writer *w = NULL;
  CHECK(bs_store_open(&store, case_dir) == BS_OK);
  if (!store) return;
  bs_eval_persons_result p;
  CHECK(bs_eval_persons(&p, store, truth_dir) == BS_ENOTFOUND); /* no people step yet */
  CHECK(bs_writer_open(&w, store, BS_WRITER_VALUES_MEMORY) == BS_OK);
  if (!w) return;
  static const person_finding a[] = {{BS_EL_SSN, "123456789", 1},
                                     {BS_EL_DOB, "1962-03-14", 1},
                                     {BS_EL_SSN, "219384471", 2},
                                     {BS_EL_DOB, "1970-01-02", 2}};
  static const person_finding b[] = {{BS_EL_SSN, "123456789", 0}};
  static const person_finding c[] = {{BS_EL_MRN, "00123456", 0}};
  static const person_finding d[] = {{BS_EL_NAME, "CY REED", 0}};
  put_records(w, "/share/files/a.csv", 'a', a, 4);
  put_records(w, "/share/files/b.txt", 'b', b, 1);
  put_records(w, "/share/files/c.txt", 'c', c, 1);
  put_records(w, "/share/files/d.txt", 'd', d, 1);
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);
  bs_people_summary sum;
  CHECK(bs_people_run(&sum, store, 20261201) == BS_OK && sum.persons == 4);
  CHECK(bs_eval_persons(&p, store, truth_dir) == BS_OK);
  CHECKF(p.truth == 3 && p.reported == 4 && p.found == 3 && p.split == 1 && p.merged == 0 &&
             p.not_persons == 0 && p.exposure_exact == 3,
         "persons: truth %llu reported %llu found %llu split %llu merged %llu none %llu exact %llu",
         (unsigned long long)p.truth, (unsigned long long)p.reported, (unsigned long long)p.found,
         (unsigned long long)p.split, (unsigned long long)p.merged,
         (unsigned long long)p.not_persons, (unsigned long long)p.exposure_exact);
  bs_store_close(store);
}

void test_eval(void) {
  char dir[] = "/tmp/bs-eval-XXXXXX";
  int made = mkdtemp(dir) != NULL;
  CHECK(made);
  if (!made) return;
  char case_dir[256], truth_dir[256], mentions[300];
  snprintf(case_dir, sizeof case_dir, "%s/case", dir);
  snprintf(truth_dir, sizeof truth_dir, "%s/truth", dir);
  snprintf(mentions, sizeof mentions, "%s/mentions.jsonl", truth_dir);
  bs_case_settings settings = {"Eval Clinic", "2026-11-01", NULL, NULL};
  CHECK(bs_store_create(case_dir, &settings) == BS_OK);
  CHECK(mkdir(truth_dir, 0700) == 0);
  FILE *out = fopen(mentions, "w");
  CHECK(out != NULL);
  if (!out) return;
  fputs("{\"person\":\"P1\",\"type\":\"ssn\",\"value\":\"123456789\",\"path\":\"files/"
        "a.txt\",\"line\":1}\n"
        "{\"person\":\"P1\",\"type\":\"ssn\",\"value\":\"123456789\",\"path\":\"files/"
        "a.txt\",\"line\":9}\n"
        "{\"person\":\"P1\",\"type\":\"dob\",\"value\":\"1962-03-14\",\"path\":\"files/"
        "a.txt\",\"line\":2}\n"
        "{\"person\":\"P1\",\"type\":\"phone\",\"value\":\"3125550142\",\"path\":\"files/"
        "a.txt\",\"line\":3}\n"
        "{\"person\":\"P1\",\"type\":\"mrn\",\"value\":\"00123456\",\"path\":\"files/"
        "a.txt\",\"line\":4}\n"
        "{\"person\":\"P1\",\"type\":\"nonsense\",\"value\":\"x\",\"path\":\"files/a.txt\"}\n"
        "not json at all\n"
        "{\"person\":\"P2\",\"type\":\"mrn\",\"value\":\"00999999\",\"path\":\"files/"
        "z.zip!in/c.csv\"}\n",
        out);
  fclose(out);

  bs_store *store;
  bs_writer *w;
  CHECK(bs_store_open(&store, case_dir) == BS_OK);
  CHECK(bs_writer_open(&w, store, BS_WRITER_VALUES_MEMORY) == BS_OK);
  static const bs_element a_types[] = {BS_EL_SSN, BS_EL_SSN, BS_EL_DOB, BS_EL_DATE, BS_EL_SSN};
  static const char *const a_values[] = {"123456789", "111223333", "1962-03-14", "2024-01-01",
                                         "123456789"};
  put(w, "/scan/root/files/a.txt", "aa", a_types, a_values, 5);
  static const bs_element b_types[] = {BS_EL_PHONE};
  static const char *const b_values[] = {"3125550142"};
  put(w, "/scan/root/files/b.txt", "bb", b_types, b_values, 1);
  static const bs_element c_types[] = {BS_EL_MRN};
  static const char *const c_values[] = {"00999999"};
  put(w, "/scan/root/files/z.zip!in/c.csv", "cc", c_types, c_values, 1);
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);

  bs_eval_result r;
  CHECK(bs_eval_run(&r, store, truth_dir, 5) == BS_OK);
  const bs_eval_counts *ssn = &r.types[BS_EL_SSN], *dob = &r.types[BS_EL_DOB],
                       *phone = &r.types[BS_EL_PHONE], *mrn = &r.types[BS_EL_MRN],
                       *date = &r.types[BS_EL_DATE];
  CHECKF(ssn->truth == 1 && ssn->found == 2 && ssn->hits == 1, "ssn %llu %llu %llu",
         (unsigned long long)ssn->truth, (unsigned long long)ssn->found,
         (unsigned long long)ssn->hits);
  CHECK(dob->truth == 1 && dob->found == 1 && dob->hits == 1);
  CHECK(phone->truth == 1 && phone->found == 1 && phone->hits == 0); /* found in another file */
  CHECK(mrn->truth == 2 && mrn->found == 1 && mrn->hits == 1);
  CHECK(date->truth == 0 && date->found == 1);
  CHECK(r.total.truth == 5 && r.total.found == 5 && r.total.hits == 3);
  /* Per format: the container's extension before the member's format. */
  CHECKF(r.format_count == 2 && !strcmp(r.formats[0].name, "txt") &&
             !strcmp(r.formats[1].name, "zip!csv"),
         "%zu formats: %s", r.format_count, r.format_count ? r.formats[0].name : "");
  CHECK(r.formats[0].total.truth == 4 && r.formats[0].total.found == 4 &&
        r.formats[0].total.hits == 2);
  CHECK(r.formats[1].total.truth == 1 && r.formats[1].total.found == 1 &&
        r.formats[1].total.hits == 1);
  CHECK(r.bad_mentions == 2);
  CHECK(bs_eval_precision(ssn) == 0.5 && bs_eval_recall(ssn) == 1.0);
  CHECK(bs_eval_recall(mrn) == 0.5 && bs_eval_precision(mrn) == 1.0);
  CHECK(bs_eval_f1(&r.total) == 0.6);
  const char *ex = r.examples.data ? r.examples.data : "";
  CHECK(strstr(ex, "missed\tmrn\t00123456\tfiles/a.txt\n") != NULL);
  CHECK(strstr(ex, "missed\tphone\t3125550142\tfiles/a.txt\n") != NULL);
  CHECK(strstr(ex, "false\tssn\t111223333\tfiles/a.txt\n") != NULL);
  CHECK(strstr(ex, "false\tphone\t3125550142\t/scan/root/files/b.txt\n") != NULL);
  CHECK(strstr(ex, "missed\tssn") == NULL && strstr(ex, "missed\tdob") == NULL);
  bs_eval_result_free(&r);

  CHECK(bs_eval_run(&r, store, dir, 0) == BS_ENOTFOUND); /* no mentions.jsonl there */
  bs_eval_result_free(&r);
  bs_store_close(store);
  test_eval_persons(dir);
  char command[512];
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  CHECK(system(command) == 0);
}
