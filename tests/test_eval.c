/* eval on a hand-made case: known hits, false findings, misses and file mismatches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/eval.h"
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
        "not json at all\n",
        out);
  fclose(out);

  bs_store *store;
  bs_writer *w;
  CHECK(bs_store_open(&store, case_dir) == BS_OK);
  CHECK(bs_writer_open(&w, store) == BS_OK);
  static const bs_element a_types[] = {BS_EL_SSN, BS_EL_SSN, BS_EL_DOB, BS_EL_DATE, BS_EL_SSN};
  static const char *const a_values[] = {"123456789", "111223333", "1962-03-14", "2024-01-01",
                                         "123456789"};
  put(w, "/scan/root/files/a.txt", "aa", a_types, a_values, 5);
  static const bs_element b_types[] = {BS_EL_PHONE};
  static const char *const b_values[] = {"3125550142"};
  put(w, "/scan/root/files/b.txt", "bb", b_types, b_values, 1);
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
  CHECK(mrn->truth == 1 && mrn->found == 0 && mrn->hits == 0);
  CHECK(date->truth == 0 && date->found == 1);
  CHECK(r.total.truth == 4 && r.total.found == 4 && r.total.hits == 2);
  CHECK(r.bad_mentions == 2);
  CHECK(bs_eval_precision(ssn) == 0.5 && bs_eval_recall(ssn) == 1.0);
  CHECK(bs_eval_recall(mrn) == 0.0 && bs_eval_precision(mrn) == 1.0);
  CHECK(bs_eval_f1(&r.total) == 0.5);
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
  char command[512];
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  CHECK(system(command) == 0);
}
