/* Letters: the template format, enrollment codes, Intelligent Mail barcodes, and whole
 * runs on a small case: each variant's sections read back from the PDF with pdftotext,
 * the store tables, re-runs keeping the codes, and the address block inside the
 * envelope's window on a page rendered with pdftoppm. Works in its own folder under
 * /tmp and removes it. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "letters/enroll.h"
#include "letters/imb.h"
#include "letters/recipient.h"
#include "letters/run.h"
#include "letters/template.h"
#include "letters/words.h"
#include "test.h"

static bs_template *parse(const char *text, char *error, size_t cap) {
  bs_template *t = NULL;
  if (bs_template_parse(&t, text, strlen(text), error, cap) != BS_OK) return NULL;
  return t;
}

/* The text of the blocks that apply to these facts, expanded, one a line. */
static void applied_text(bs_buf *out, const bs_template *t, const bs_letter_facts *facts) {
  const char *values[BS_FIELD_COUNT] = {0};
  values[BS_FIELD_name] = "Ann & Bo";
  for (size_t i = 0; i < t->block_count; i++)
    if (bs_template_block_applies(t, &t->blocks[i], facts)) {
      bs_template_expand(out, t->blocks[i].text, values);
      bs_buf_append_char(out, '\n');
    }
}

static void test_template_format(void) {
  char error[256];
  bs_template *t = parse("# Title\n\n%% a comment\nfirst line\nsame paragraph {name}\n\n"
                         "%if element ssn,card\n## SSN\n- bullet **{code}**\n%else\nno ssn\n%end\n"
                         "%if not state MA\nnot MA\n%end\n%if minor\nminor\n%end\n"
                         "%label dob birth date\n",
                         error, sizeof error);
  CHECKF(t != NULL, "parse: %s", error);
  if (!t) return;
  CHECK(t->block_count == 7);
  CHECK(t->blocks[0].kind == BS_BLOCK_TITLE && !strcmp(t->blocks[0].text, "Title"));
  CHECK(t->blocks[1].kind == BS_BLOCK_PARAGRAPH &&
        !strcmp(t->blocks[1].text, "first line same paragraph {name}"));
  CHECK(t->blocks[1].fields == 1u << BS_FIELD_name);
  CHECK(t->blocks[2].kind == BS_BLOCK_HEADING && t->blocks[3].kind == BS_BLOCK_BULLET);
  CHECK(t->labels[BS_EL_DOB] && !strcmp(t->labels[BS_EL_DOB], "birth date"));
  CHECK(t->state_count == 1 && !strcmp(t->states[0], "MA"));

  bs_letter_facts ssn_ca = {.elements = 1u << BS_EL_SSN, .state = "CA"};
  bs_letter_facts minor_ma = {.elements = 1u << BS_EL_DOB, .state = "MA", .minor = 1};
  bs_buf a, b;
  bs_buf_init(&a, 1 << 16);
  bs_buf_init(&b, 1 << 16);
  applied_text(&a, t, &ssn_ca);
  applied_text(&b, t, &minor_ma);
  CHECK(strstr(a.data, "SSN\n") && strstr(a.data, "not MA") && !strstr(a.data, "no ssn"));
  CHECK(!strstr(a.data, "minor"));
  CHECK(strstr(b.data, "no ssn") && !strstr(b.data, "not MA") && strstr(b.data, "minor"));
  /* Values are escaped for Pango; ** becomes bold. */
  CHECK(strstr(a.data, "same paragraph Ann &amp; Bo") != NULL);
  CHECK(strstr(a.data, "<b></b>") != NULL); /* {code} empty here */
  char variant[48];
  bs_template_variant(t, &ssn_ca, variant, sizeof variant);
  CHECK(!strcmp(variant, "adult-general-basic"));
  bs_template_variant(t, &minor_ma, variant, sizeof variant);
  CHECK(!strcmp(variant, "minor-MA-basic"));
  bs_letter_facts dead = {.deceased = 1, .minor = 1, .monitoring = 1};
  bs_template_variant(t, &dead, variant, sizeof variant);
  CHECK(!strcmp(variant, "deceased-general-monitoring"));
  bs_buf_free(&a);
  bs_buf_free(&b);
  bs_template_free(t);

  /* Bad templates: the error names the line and what is wrong. */
  static const struct {
    const char *text, *error;
  } bad[] = {
      {"ok\n{nope}\n", "line 2: unknown field {nope}"},
      {"a {name\n", "line 1: '{' without '}'"},
      {"x }\n", "line 1: '}' without '{'"},
      {"**bold\n", "line 1: '**' opened"},
      {"%if element ssn\nx\n", "%if not closed"},
      {"%end\n", "line 1: %end without %if"},
      {"x\n%else\n", "line 2: %else without %if"},
      {"%if minor\na\n%else\nb\n%else\nc\n%end\n", "line 5: a second %else"},
      {"%if element nothing\n%end\n", "line 1: unknown element type"},
      {"%if state California\n%end\n", "line 1: a state is two capital letters"},
      {"%if minor now\n%end\n", "line 1: this condition takes no list"},
      {"%if colour red\n%end\n", "line 1: unknown condition"},
      {"%frobnicate\n", "line 1: unknown directive"},
      {"%label ssn\n", "line 1: %label needs the words"},
      {"ok\n\nbad \xff byte\n", "line 3 column 5: invalid UTF-8"},
      {"tab\x01here\n", "line 1 column 4: control character"},
      {"#Title\n", "line 1 column 1: a title is '# '"},
      {"%% only a comment\n", "the template has no text"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    bs_template *x = parse(bad[i].text, error, sizeof error);
    CHECKF(!x && strstr(error, bad[i].error), "case %zu: got '%s'", i, x ? "(parsed)" : error);
    bs_template_free(x);
  }
  char deep[1024] = "";
  for (int i = 0; i <= BS_TEMPLATE_MAX_DEPTH; i++) strcat(deep, "%if minor\n");
  bs_template *x = parse(deep, error, sizeof error);
  CHECK(!x && strstr(error, "nested too deep"));
  bs_template_free(x);
}

/* The default template: parses, and holds the federal and state content it claims. */
static void test_template_default(void) {
  char error[256];
  bs_template *t = NULL;
  CHECKF(bs_template_default(&t, error, sizeof error) == BS_OK, "%s", error);
  if (!t) return;
  static const char *const headings[] = {"What Happened", "What Information Was Involved",
                                         "What We Are Doing", "What You Can Do",
                                         "For More Information"};
  for (size_t h = 0; h < 5; h++) {
    int found = 0;
    for (size_t i = 0; i < t->block_count; i++)
      found |= t->blocks[i].kind == BS_BLOCK_HEADING && !strcmp(t->blocks[i].text, headings[h]);
    CHECKF(found, "heading %s", headings[h]);
  }
  CHECK(t->blocks[0].kind == BS_BLOCK_TITLE && !strcmp(t->blocks[0].text, "Notice of Data Breach"));
  static const char *const states[] = {"MA", "CA", "IA", "OR", "NM", "MD", "NC", "DC", "NY", "RI"};
  for (size_t s = 0; s < sizeof states / sizeof states[0]; s++) {
    int found = 0;
    for (int i = 0; i < t->state_count; i++) found |= !strcmp(t->states[i], states[s]);
    CHECKF(found, "state %s has wording", states[s]);
  }
  /* Massachusetts: nothing of the nature of the breach. */
  bs_letter_facts ma = {.elements = 1u << BS_EL_SSN, .state = "MA", .window = 1};
  bs_letter_facts tx = {.elements = 1u << BS_EL_SSN, .state = "TX", .window = 1};
  bs_buf a, b;
  bs_buf_init(&a, 1 << 20);
  bs_buf_init(&b, 1 << 20);
  applied_text(&a, t, &ma);
  applied_text(&b, t, &tx);
  CHECK(!strstr(a.data, "What Happened") && !strstr(a.data, "unauthorized person"));
  CHECK(strstr(a.data, "police report") != NULL);
  CHECK(strstr(b.data, "What Happened") && strstr(b.data, "unauthorized person"));
  CHECK(!strstr(b.data, "police report") || strstr(b.data, "local police"));
  bs_buf_free(&a);
  bs_buf_free(&b);
  bs_template_free(t);
}

static void test_words(void) {
  bs_buf out;
  bs_buf_init(&out, 4096);
  bs_words_elements(&out, NULL,
                    1u << BS_EL_FIRST_NAME | 1u << BS_EL_LAST_NAME | 1u << BS_EL_ZIP |
                        1u << BS_EL_SSN | 1u << BS_EL_NPI);
  CHECKF(!strcmp(out.data, "name, address, and Social Security number"), "%s", out.data);
  bs_buf_reset(&out);
  bs_words_elements(&out, NULL, 1u << BS_EL_DOB | 1u << BS_EL_ICD10CM);
  CHECKF(!strcmp(out.data, "date of birth and diagnosis information"), "%s", out.data);
  bs_buf_free(&out);
  char date[64];
  bs_words_date(date, sizeof date, "2024-07-20");
  CHECK(!strcmp(date, "July 20, 2024"));
}

static int compare_codes(const void *a, const void *b) { return memcmp(a, b, BS_ENROLL_CODE_SIZE); }

static void test_enrollment_codes(void) {
  enum { DRAWS = 1000000 };
  char(*codes)[BS_ENROLL_CODE_SIZE] = bs_malloc((size_t)DRAWS * BS_ENROLL_CODE_SIZE);
  CHECK(codes != NULL);
  if (!codes) return;
  int well_formed = 1;
  for (int i = 0; i < DRAWS; i++) {
    bs_enroll_draw(codes[i]);
    well_formed &= strlen(codes[i]) == 14 && codes[i][4] == '-' && codes[i][9] == '-' &&
                   !strpbrk(codes[i], "ILOU") && bs_enroll_valid(codes[i]);
  }
  CHECK(well_formed);
  qsort(codes, DRAWS, BS_ENROLL_CODE_SIZE, compare_codes);
  int duplicates = 0;
  for (int i = 1; i < DRAWS; i++)
    duplicates += !memcmp(codes[i - 1], codes[i], BS_ENROLL_CODE_SIZE);
  CHECKF(duplicates == 0, "%d duplicate codes in a million draws", duplicates);
  /* Every symbol uses the alphabet's 32 values: the draws are not biased to a few. */
  int seen[128] = {0};
  for (int i = 0; i < DRAWS; i += 97)
    for (int k = 0; k < 14; k++) seen[(unsigned char)codes[i][k]] = 1;
  int symbols = 0;
  for (int c = 0; c < 128; c++) symbols += seen[c] && c != '-';
  CHECK(symbols == 32);

  /* Every single-symbol error and every neighbour swap (but 0/Z) is caught. */
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  int missed = 0, swaps_missed = 0;
  for (int i = 0; i < 2000; i++) {
    char *code = codes[i * 500];
    for (int pos = 0; pos < 14; pos++) {
      if (code[pos] == '-') continue;
      char keep = code[pos];
      for (int s = 0; s < 32; s++) {
        if (alphabet[s] == keep) continue;
        code[pos] = alphabet[s];
        missed += bs_enroll_valid(code);
      }
      code[pos] = keep;
      int next = pos + 1 < 14 && code[pos + 1] == '-' ? pos + 2 : pos + 1;
      if (next < 14 && code[next] != keep &&
          !((keep == '0' && code[next] == 'Z') || (keep == 'Z' && code[next] == '0'))) {
        code[pos] = code[next];
        code[next] = keep;
        swaps_missed += bs_enroll_valid(code);
        code[next] = code[pos];
        code[pos] = keep;
      }
    }
  }
  CHECKF(missed == 0, "%d single-symbol errors passed the check", missed);
  CHECKF(swaps_missed == 0, "%d neighbour swaps passed the check", swaps_missed);
  /* Readers' slips Crockford's alphabet forgives, and what it refuses. */
  char lower[BS_ENROLL_CODE_SIZE];
  snprintf(lower, sizeof lower, "%s", codes[7]);
  for (char *c = lower; *c; c++)
    if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
  CHECK(bs_enroll_valid(lower));
  CHECK(!bs_enroll_valid("") && !bs_enroll_valid("ABCD-EFGH-JKM") &&
        !bs_enroll_valid("ABCD-EFGH-JKMN-P"));
  CHECK(!bs_enroll_valid("ABCD-EFGH-JKU0"));
  int values[2] = {1, 2};
  CHECK(bs_enroll_check_value(values, 2) == 27); /* the worked example of enroll.c */
  bs_free(codes);
}

static void test_imb(void) {
  FILE *f = fopen("tests/data/letters/usps_imb_test_vectors_b3200.tsv", "r");
  CHECKF(f != NULL, "test vectors (run from the repository root)");
  if (!f) return;
  char line[512];
  int rows = 0;
  while (fgets(line, sizeof line, f)) {
    char *fields[7] = {0};
    char *save = NULL, *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    int n = 0;
    /* strsep keeps the empty routing column. */
    while (n < 7 && (fields[n] = strsep(&p, "\t"))) n++;
    (void)save;
    if (n != 7 || !strcmp(fields[0], "tracking_code")) continue;
    rows++;
    bs_imb_fields in = {.barcode_id = atoi(fields[2]),
                        .service_type = atoi(fields[3]),
                        .serial = (uint32_t)strtoul(fields[5], NULL, 10)};
    snprintf(in.mailer_id, sizeof in.mailer_id, "%s", fields[4]);
    snprintf(in.routing, sizeof in.routing, "%s", fields[1]);
    char digits[BS_IMB_DIGITS_SIZE], expected[BS_IMB_DIGITS_SIZE];
    snprintf(expected, sizeof expected, "%s%s", fields[0], fields[1]);
    CHECK(bs_imb_digits(digits, &in) == BS_OK && !strcmp(digits, expected));
    bs_imb_fields back;
    CHECK(bs_imb_parse(&back, digits) == BS_OK);
    CHECK(back.barcode_id == in.barcode_id && back.service_type == in.service_type &&
          !strcmp(back.mailer_id, in.mailer_id) && back.serial == in.serial &&
          !strcmp(back.routing, in.routing));
    char bars[BS_IMB_BARS + 1];
    CHECK(bs_imb_bars(bars, digits) == BS_OK);
    CHECKF(!strcmp(bars, fields[6]), "routing '%s': zint %s", fields[1], bars);
  }
  fclose(f);
  CHECK(rows == 4);
  /* A nine-digit mailer ID leaves six digits of serial. */
  bs_imb_fields nine = {.barcode_id = 0,
                        .service_type = 300,
                        .mailer_id = "901234567",
                        .serial = 654321,
                        .routing = "021081234"};
  char digits[BS_IMB_DIGITS_SIZE];
  bs_imb_fields back;
  CHECK(bs_imb_digits(digits, &nine) == BS_OK && !strcmp(digits, "00300901234567654321021081234"));
  CHECK(bs_imb_parse(&back, digits) == BS_OK && !strcmp(back.mailer_id, "901234567") &&
        back.serial == 654321 && !strcmp(back.routing, "021081234"));
  /* Fields out of their ranges. */
  bs_imb_fields bad = nine;
  bad.serial = 1000000;
  CHECK(bs_imb_digits(digits, &bad) == BS_EINVAL);
  bad = nine;
  bad.barcode_id = 5;
  CHECK(bs_imb_digits(digits, &bad) == BS_EINVAL);
  bad = nine;
  snprintf(bad.mailer_id, sizeof bad.mailer_id, "912345"); /* six digits cannot start with 9 */
  CHECK(bs_imb_digits(digits, &bad) == BS_EINVAL);
  bad = nine;
  snprintf(bad.routing, sizeof bad.routing, "1234567");
  CHECK(bs_imb_digits(digits, &bad) == BS_EINVAL);
  CHECK(bs_imb_parse(&back, "0030090123456765432") == BS_EINVAL);
  CHECK(bs_imb_parse(&back, "0530090123456765432102108") == BS_EINVAL);
}

/* ---- whole runs on a small case ---- */

typedef struct person_row {
  const char *id, *first, *middle, *last, *street, *unit, *city, *state, *zip;
  int minor, deceased;
  const char *elements;
} person_row;

static const person_row people[] = {
    {"P01", "MARIA", "", "GARCIA", "120 HILL ST", "APT 4", "LOS ANGELES", "CA", "90012", 0, 0,
     "name;address;zip;dob;ssn;icd10cm"},
    {"P02", "LIAM", "", "OBRIEN", "9 ELM RD", "", "BOSTON", "MA", "02108", 1, 0,
     "name;address;dob;mrn"},
    {"P03", "HAROLD", "J", "WEISS", "77 PARK AVE", "", "NEW YORK", "NY", "100160001", 0, 1,
     "name;address;dob;service_date;member_id"},
    {"P04", "NO", "", "ADDRESS", "", "", "", "TX", "", 0, 0, "name;ssn"},
    {"P05", "ANA", "", "SILVA", "5 BAY ST", "", "AUSTIN", "TX", "78701", 0, 0,
     "name;address;card;cpt"},
};

static int seed_case(const char *dir) {
  bs_case_settings settings = {"Riverbend Family Medicine", "2024-07-20", "2024-07-01",
                               "2024-07-15"};
  if (bs_store_create(dir, &settings) != BS_OK) return 0;
  bs_store *store;
  if (bs_store_open(&store, dir) != BS_OK) return 0;
  /* The persons table as `breachscope people` makes it (src/link/persons.c). */
  int ok =
      bs_store_exec(store, "CREATE TABLE persons(id INTEGER PRIMARY KEY, person_id TEXT NOT NULL "
                           "UNIQUE, first TEXT, middle TEXT, last TEXT, suffix TEXT, dob TEXT, "
                           "street TEXT, unit TEXT, city TEXT, state TEXT, zip TEXT, "
                           "residence_state TEXT, minor INTEGER NOT NULL, deceased INTEGER NOT "
                           "NULL, elements TEXT NOT NULL, files INTEGER NOT NULL)") == BS_OK;
  sqlite3_stmt *stmt = NULL;
  ok = ok && sqlite3_prepare_v2(bs_store_db(store),
                                "INSERT INTO persons(person_id, first, middle, last, street, "
                                "unit, city, state, zip, residence_state, minor, deceased, "
                                "elements, files) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
                                -1, &stmt, NULL) == SQLITE_OK;
  for (size_t i = 0; ok && i < sizeof people / sizeof people[0]; i++) {
    const person_row *p = &people[i];
    const char *text[] = {p->id,   p->first, p->middle, p->last, p->street,
                          p->unit, p->city,  p->state,  p->zip,  p->state};
    for (int k = 0; k < 10; k++) sqlite3_bind_text(stmt, k + 1, text[k], -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 11, p->minor);
    sqlite3_bind_int(stmt, 12, p->deceased);
    sqlite3_bind_text(stmt, 13, p->elements, -1, SQLITE_STATIC);
    ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  bs_store_close(store);
  return ok;
}

static bs_letters_options run_options(const char *dir, const bs_template *t) {
  bs_letters_options o = {.case_dir = dir, .tmpl = t, .batch_size = 2, .threads = 2};
  bs_letter_settings *s = &o.settings;
  s->organization = "Riverbend Family Medicine";
  s->return_lines[0] = "PO Box 1200";
  s->return_lines[1] = "Springfield, IL 62704";
  s->phone = "1-800-555-0100";
  s->hours = "Monday to Friday, 9 a.m. to 5 p.m.";
  s->discovered = "2024-07-20";
  s->window_from = "2024-07-01";
  s->window_to = "2024-07-15";
  s->mail_date = "2024-09-03";
  s->monitoring_vendor = "Example Monitoring";
  s->monitoring_url = "enroll.example.com";
  s->monitoring_months = 24;
  s->enroll_by = "2024-12-02";
  s->service_type = 300;
  s->mailer_id = "123456";
  return o;
}

/* One column of a query's only row, or "" (into out). */
static void query_text(bs_store *store, const char *sql, char *out, size_t cap) {
  sqlite3_stmt *stmt;
  out[0] = '\0';
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
}

/* The text of pages first..last of a PDF, by pdftotext. */
static void pdf_text(bs_buf *out, const char *pdf, int first, int last) {
  char command[4400];
  snprintf(command, sizeof command, "pdftotext -f %d -l %d '%s' - 2>/dev/null", first, last, pdf);
  bs_buf_reset(out);
  FILE *p = popen(command, "r");
  if (!p) return;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) bs_buf_append(out, chunk, n);
  pclose(p);
  /* pdftotext breaks lines where the PDF does: join them so phrases can be searched. */
  for (size_t i = 0; i < out->len; i++)
    if (out->data[i] == '\n') out->data[i] = ' ';
}

/* The letter of a person, extracted: its batch and pages come from the letters table. */
static int letter_text(bs_buf *out, bs_store *store, const char *dir, const char *person) {
  char sql[256], batch[128], first[16], last[16];
  snprintf(sql, sizeof sql, "SELECT batch FROM letters WHERE person_id = '%s'", person);
  query_text(store, sql, batch, sizeof batch);
  snprintf(sql, sizeof sql, "SELECT first_page FROM letters WHERE person_id = '%s'", person);
  query_text(store, sql, first, sizeof first);
  snprintf(sql, sizeof sql, "SELECT last_page FROM letters WHERE person_id = '%s'", person);
  query_text(store, sql, last, sizeof last);
  if (!batch[0]) return 0;
  char pdf[4200];
  snprintf(pdf, sizeof pdf, "%s/letters/%s", dir, batch);
  pdf_text(out, pdf, atoi(first), atoi(last));
  return out->len > 0;
}

static int has(const bs_buf *b, const char *text) { return b->data && strstr(b->data, text); }

static void check_sections(bs_store *store, const char *dir) {
  bs_buf text;
  bs_buf_init(&text, 1 << 20);
  char code[32];
  /* California adult with an SSN: every heading, the SSN named, a code offered. */
  CHECK(letter_text(&text, store, dir, "P01"));
  static const char *const headings[] = {
      "Notice of Data Breach", "What Happened",   "What Information Was Involved",
      "What We Are Doing",     "What You Can Do", "For More Information"};
  for (size_t h = 0; h < 6; h++) CHECKF(has(&text, headings[h]), "P01: %s", headings[h]);
  CHECK(has(&text, "MARIA GARCIA") && has(&text, "120 HILL ST APT 4"));
  CHECK(has(&text, "Dear Maria Garcia:"));
  CHECK(has(&text, "Social Security number") && has(&text, "diagnosis information"));
  CHECK(has(&text, "July 20, 2024") && has(&text, "July 1, 2024")); /* discovery and breach */
  CHECK(has(&text, "1-800-555-0100") && has(&text, "toll-free"));
  query_text(store, "SELECT code FROM enrollment WHERE person_id = 'P01'", code, sizeof code);
  CHECK(code[0] && has(&text, code) && has(&text, "enroll.example.com"));
  CHECK(has(&text, "Page 1 of 2") && has(&text, "Page 2 of 2"));

  /* Massachusetts minor: to the parent or guardian, nothing of how it happened, the
   * police report right; no code (no SSN or financial data). */
  CHECK(letter_text(&text, store, dir, "P02"));
  CHECK(has(&text, "PARENT OR GUARDIAN OF LIAM OBRIEN"));
  CHECK(has(&text, "Dear Parent or Guardian of Liam Obrien:"));
  CHECK(!has(&text, "What Happened") && !has(&text, "unauthorized person"));
  CHECK(has(&text, "police report") && has(&text, "medical record number"));
  CHECK(!has(&text, "enrollment code"));
  query_text(store, "SELECT code FROM enrollment WHERE person_id = 'P02'", code, sizeof code);
  CHECK(code[0] == '\0');

  /* Deceased New Yorker: to the estate, the New York agencies. */
  CHECK(letter_text(&text, store, dir, "P03"));
  CHECK(has(&text, "TO THE ESTATE OF HAROLD J WEISS"));
  CHECK(has(&text, "estate or next of kin") && has(&text, "New York Attorney General"));
  CHECK(has(&text, "health insurance member ID") && has(&text, "What Happened"));

  /* Texan with a payment card: a code, and the bank advice; no state section. */
  CHECK(letter_text(&text, store, dir, "P05"));
  CHECK(has(&text, "payment card number") && has(&text, "card issuer"));
  CHECK(!has(&text, "Attorney General,") && !has(&text, "police report about"));
  query_text(store, "SELECT code FROM enrollment WHERE person_id = 'P05'", code, sizeof code);
  CHECK(code[0] && has(&text, code));
  bs_buf_free(&text);
}

static int file_has(const char *path, const char *text) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[2048];
  int found = 0;
  while (!found && fgets(line, sizeof line, f)) found = strstr(line, text) != NULL;
  fclose(f);
  return found;
}

/* Page 1 of a PDF as a grey map at 72 dpi (one pixel a point), read back. */
static unsigned char *page_pixels(const char *pdf, const char *png_base, int *width, int *height) {
  char command[8600], path[4300];
  snprintf(command, sizeof command, "pdftoppm -f 1 -l 1 -r 72 -gray -singlefile '%s' '%s'", pdf,
           png_base);
  if (system(command) != 0) return NULL;
  snprintf(path, sizeof path, "%s.pgm", png_base);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  int maxval = 0;
  unsigned char *pixels = NULL;
  if (fscanf(f, "P5 %d %d %d", width, height, &maxval) == 3 && maxval == 255 && *width > 0 &&
      *height > 0 && *width < 4000 && *height < 4000 && fgetc(f) != EOF) {
    size_t size = (size_t)*width * (size_t)*height;
    pixels = bs_malloc(size);
    if (pixels && fread(pixels, 1, size, f) != size) {
      bs_free(pixels);
      pixels = NULL;
    }
  }
  fclose(f);
  return pixels;
}

/* The visual check: on page 1 of a proof letter, every dark pixel between the return
 * window and the body's top lies inside the address window, and there are some. */
static void check_window(const char *dir) {
  char pdf[4200], base[4200];
  snprintf(pdf, sizeof pdf, "%s/letters/proof.pdf", dir);
  snprintf(base, sizeof base, "%s/proof-page", dir);
  int w = 0, h = 0;
  unsigned char *px = page_pixels(pdf, base, &w, &h);
  CHECKF(px != NULL, "pdftoppm rendered the proof");
  if (!px) return;
  CHECK(w == 612 && h == 792);
  int inside = 0, outside = 0, return_inside = 0, return_outside = 0;
  for (int y = 0; y < 230 && y < h; y++)
    for (int x = 0; x < w / 2; x++) {
      if (px[y * w + x] > 128) continue;
      int in_address = x >= BS_ADDRESS_X && x < BS_ADDRESS_X + BS_ADDRESS_WIDTH &&
                       y >= BS_ADDRESS_Y && y < BS_ADDRESS_Y + BS_ADDRESS_HEIGHT;
      int in_return = x >= BS_RETURN_X && x < BS_RETURN_X + BS_RETURN_WIDTH && y >= BS_RETURN_Y &&
                      y < BS_RETURN_Y + BS_RETURN_HEIGHT;
      if (y >= BS_RETURN_Y + BS_RETURN_HEIGHT) {
        inside += in_address;
        outside += !in_address;
      } else {
        return_inside += in_return;
        return_outside += !in_return;
      }
    }
  CHECKF(inside > 300, "%d dark pixels in the address window", inside);
  CHECKF(outside == 0, "%d dark pixels of the address block outside the window", outside);
  CHECKF(return_inside > 100 && return_outside == 0, "return address: %d in, %d out", return_inside,
         return_outside);
  /* The barcode's bars are there: dark columns under the last address line. */
  int bar_rows = 0;
  for (int y = (int)BS_ADDRESS_Y + 40; y < BS_ADDRESS_Y + BS_ADDRESS_HEIGHT; y++) {
    int dark = 0;
    for (int x = (int)BS_ADDRESS_X; x < BS_ADDRESS_X + BS_ADDRESS_WIDTH; x++)
      dark += px[y * w + x] < 160;
    bar_rows += dark >= 40;
  }
  CHECKF(bar_rows >= 3, "barcode rows: %d", bar_rows);
  bs_free(px);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void test_runs(void) {
  char root[64];
  snprintf(root, sizeof root, "/tmp/bs-test-letters-XXXXXX");
  if (!mkdtemp(root)) {
    CHECKF(0, "mkdtemp failed");
    return;
  }
  char dir[128];
  snprintf(dir, sizeof dir, "%s/case", root);
  CHECK(seed_case(dir));
  char error[256];
  bs_template *t = NULL;
  CHECK(bs_template_default(&t, error, sizeof error) == BS_OK);
  bs_store *store = NULL;
  CHECK(bs_store_open(&store, dir) == BS_OK);
  if (!t || !store) {
    bs_template_free(t);
    bs_store_close(store);
    return;
  }
  bs_letters_options o = run_options(dir, t);
  bs_letters_summary *sum = bs_calloc(1, sizeof *sum);
  CHECK(bs_letters_run(sum, store, &o) == BS_OK);
  CHECK(sum->persons == 5 && sum->letters == 4 && sum->unmailable == 1);
  CHECK(sum->batches == 2 && sum->codes_issued == 3 && sum->codes_exported == 3);
  char value[256], path[512];
  query_text(store, "SELECT COUNT(*) FROM letters", value, sizeof value);
  CHECK(!strcmp(value, "4"));
  query_text(store, "SELECT COUNT(DISTINCT letter_id) || ' ' || MIN(mailed_on) FROM letters", value,
             sizeof value);
  CHECK(!strcmp(value, "4 2024-09-03"));
  query_text(store, "SELECT imb FROM letters WHERE person_id = 'P03'", value, sizeof value);
  bs_imb_fields back;
  CHECK(bs_imb_parse(&back, value) == BS_OK && !strcmp(back.routing, "100160001") &&
        !strcmp(back.mailer_id, "123456") && back.service_type == 300);
  check_sections(store, dir);

  snprintf(path, sizeof path, "%s/letters/manifest.csv", dir);
  CHECK(file_has(path, "\"PARENT OR GUARDIAN OF LIAM OBRIEN\""));
  CHECK(file_has(path, "minor-MA-basic"));
  snprintf(path, sizeof path, "%s/letters/substitute-notice.csv", dir);
  CHECK(file_has(path, "\"P04\"") && file_has(path, "no street address"));
  snprintf(path, sizeof path, "%s/letters/monitoring-enrollment.csv", dir);
  char code[32];
  query_text(store, "SELECT code FROM enrollment WHERE person_id = 'P04'", code, sizeof code);
  CHECK(code[0] && file_has(path, code)); /* no address, yet a code for the substitute notice */
  CHECK(!file_has(path, "GARCIA"));
  struct stat st;
  snprintf(path, sizeof path, "%s/letters/batch-00001.pdf", dir);
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

  /* A re-run of `people` (persons replaced, same ids) and of `letters`: same codes. */
  char before[64], after[64];
  query_text(store,
             "SELECT group_concat(code) FROM (SELECT code FROM enrollment ORDER BY person_id)",
             before, sizeof before);
  CHECK(bs_store_exec(store, "CREATE TABLE saved AS SELECT * FROM persons; DELETE FROM persons;"
                             "INSERT INTO persons SELECT * FROM saved; DROP TABLE saved") == BS_OK);
  CHECK(bs_letters_run(sum, store, &o) == BS_OK && sum->codes_issued == 0 && sum->letters == 4);
  query_text(store,
             "SELECT group_concat(code) FROM (SELECT code FROM enrollment ORDER BY person_id)",
             after, sizeof after);
  CHECK(before[0] && !strcmp(before, after));
  query_text(store, "SELECT MIN(letter_id) FROM letters", value, sizeof value);
  CHECK(!strcmp(value, "L000000005")); /* letter numbers never repeat */

  /* --only: one person's letter replaced, the others kept. */
  o.only = "P05";
  CHECK(bs_letters_run(sum, store, &o) == BS_OK && sum->letters == 1);
  query_text(store, "SELECT COUNT(*) || ' ' || MAX(letter_id) FROM letters", value, sizeof value);
  CHECK(!strcmp(value, "4 L000000009"));
  query_text(store, "SELECT batch FROM letters WHERE person_id = 'P05'", value, sizeof value);
  CHECK(!strcmp(value, "reprint-L000000009.pdf"));
  o.only = "P99";
  CHECK(bs_letters_run(sum, store, &o) == BS_ENOTFOUND);

  /* --proof: one letter of each variant, recorded nowhere. */
  o.only = NULL;
  o.proof = 1;
  CHECK(bs_letters_run(sum, store, &o) == BS_OK && sum->letters == 4 && sum->variant_count == 4);
  query_text(store, "SELECT COUNT(*) FROM letters", value, sizeof value);
  CHECK(!strcmp(value, "4"));
  check_window(dir);

  /* A run that fails half-way (a letter past the page limit) leaves the letters of the
   * run before whole: table, manifest and batch files. */
  char before_rows[64], after_rows[64];
  query_text(store, "SELECT group_concat(letter_id) FROM letters", before_rows, sizeof before_rows);
  bs_buf huge;
  bs_buf_init(&huge, 1 << 22);
  bs_buf_printf(&huge, "%s", "# Too long\n\n%if element card\n");
  for (int i = 0; i < 1500; i++) /* about 120 pages, past the limit of 64 */
    bs_buf_printf(&huge, "%s\n\n",
                  "A paragraph long enough to take two lines on the page: "
                  "words, words and more words, until the line is full and "
                  "the rest goes to the next one.");
  bs_buf_printf(&huge, "%s", "%end\n");
  bs_template *too_long = NULL;
  CHECK(bs_template_parse(&too_long, huge.data, huge.len, error, sizeof error) == BS_OK);
  bs_buf_free(&huge);
  o.tmpl = too_long;
  o.proof = 0;
  CHECK(too_long && bs_letters_run(sum, store, &o) == BS_ELIMIT);
  query_text(store, "SELECT group_concat(letter_id) FROM letters", after_rows, sizeof after_rows);
  CHECK(before_rows[0] && !strcmp(before_rows, after_rows));
  snprintf(path, sizeof path, "%s/letters/manifest.csv", dir);
  CHECK(file_has(path, "L000000005"));
  snprintf(path, sizeof path, "%s/letters/batch-00001.pdf", dir);
  CHECK(access(path, F_OK) == 0);
  snprintf(path, sizeof path, "%s/letters/.partial", dir);
  CHECK(access(path, F_OK) != 0);
  bs_template_free(too_long);

  /* A template of the user's own: its sections and nothing else. */
  bs_template *own = parse("# Notice\n\nDear {addressee}:\n%if element card\nYour card.\n%end\n",
                           error, sizeof error);
  CHECK(own != NULL);
  o.tmpl = own;
  o.proof = 0;
  CHECK(bs_letters_run(sum, store, &o) == BS_OK && sum->letters == 4);
  bs_buf text;
  bs_buf_init(&text, 1 << 20);
  CHECK(letter_text(&text, store, dir, "P05") && has(&text, "Your card.") &&
        !has(&text, "What Happened") && has(&text, "Page 1 of 1"));
  CHECK(letter_text(&text, store, dir, "P01") && !has(&text, "Your card."));
  bs_buf_free(&text);
  bs_template_free(own);

  bs_free(sum);
  bs_store_close(store);
  bs_template_free(t);
  nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Pages first..last (from 1) of a whole document's text, whose pages end in form feeds. */
static void letter_pages(bs_buf *out, const bs_buf *whole, int first, int last) {
  bs_buf_reset(out);
  const char *p = whole->data ? whole->data : "";
  for (int page = 1; *p && page <= last; page++) {
    const char *end = strchr(p, '\f');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (page >= first) bs_buf_append(out, p, len);
    p += len + (end != NULL);
  }
}

/* Every variant of the default template, one letter each, read back from the PDF:
 * the addressee by audience, the headings (Massachusetts without "What Happened"), the
 * code only when offered, each state's wording only for its residents, one or two pages. */
static void test_every_variant(void) {
  static const struct {
    const char *state, *marker;
  } states[] = {
      {"TX", NULL},
      {"CA", NULL},
      {"MA", "Massachusetts law gives you the right to obtain a police report"},
      {"IA", "report suspected identity theft to local law enforcement"},
      {"OR", "report suspected identity theft to local law enforcement"},
      {"NM", "Fair Credit Reporting Act"},
      {"MD", "Maryland Attorney General"},
      {"NC", "North Carolina Attorney General"},
      {"DC", "Attorney General for the District of Columbia"},
      {"NY", "New York Attorney General"},
      {"RI", "Rhode Island Attorney General"},
  };
  enum { STATES = sizeof states / sizeof states[0], LETTERS = STATES * 3 * 2 };
  char root[64];
  snprintf(root, sizeof root, "/tmp/bs-test-variants-XXXXXX");
  if (!mkdtemp(root)) {
    CHECKF(0, "mkdtemp failed");
    return;
  }
  char pdf[128], error[256];
  snprintf(pdf, sizeof pdf, "%s/variants.pdf", root);
  bs_template *t = NULL;
  CHECK(bs_template_default(&t, error, sizeof error) == BS_OK);
  bs_letters_options o = run_options(root, t);
  bs_renderer *r = NULL;
  CHECK(t && bs_renderer_create(&r, t, &o.settings) == BS_OK && bs_renderer_begin(r, pdf) == BS_OK);
  bs_letter_result *results = bs_calloc(LETTERS, sizeof *results);
  bs_recipient *people_made = bs_calloc(LETTERS, sizeof *people_made);
  int made = 0;
  for (int s = 0; r && results && people_made && s < (int)STATES; s++)
    for (int audience = 0; audience < 3; audience++)
      for (int offer = 0; offer < 2; offer++, made++) {
        bs_recipient *p = &people_made[made];
        snprintf(p->person_id, sizeof p->person_id, "V%02d", made);
        snprintf(p->first, sizeof p->first, "ROSA");
        snprintf(p->last, sizeof p->last, "QUINTERO%c", 'A' + made % 26);
        snprintf(p->street, sizeof p->street, "1 MAIN ST");
        snprintf(p->city, sizeof p->city, "ANYTOWN");
        snprintf(p->state, sizeof p->state, "%s", states[s].state);
        snprintf(p->residence, sizeof p->residence, "%s", states[s].state);
        snprintf(p->zip, sizeof p->zip, "12345");
        p->minor = audience == 1;
        p->deceased = audience == 2;
        p->elements = 1u << BS_EL_NAME | 1u << BS_EL_DOB | 1u << BS_EL_MRN;
        if (offer) {
          p->elements |= 1u << BS_EL_SSN;
          bs_enroll_draw(p->code);
        }
        CHECK(bs_renderer_letter(r, &results[made], p, (uint64_t)made + 1) == BS_OK);
      }
  CHECK(r && bs_renderer_end(r) == BS_OK);
  bs_renderer_free(r);
  bs_buf text, whole;
  bs_buf_init(&text, 1 << 20);
  bs_buf_init(&whole, 1 << 24);
  pdf_text(&whole, pdf, 1, results ? results[made - 1].last_page : 1); /* once: pages end in \f */
  static const char *const audiences[] = {"adult", "minor", "deceased"};
  static const char *const lines[] = {"ROSA ", "PARENT OR GUARDIAN OF ROSA ",
                                      "TO THE ESTATE OF ROSA "};
  static const char *const dears[] = {"Dear Rosa ", "Dear Parent or Guardian of Rosa ",
                                      "Dear Family or Estate of Rosa "};
  for (int i = 0; i < made; i++) {
    const bs_letter_result *res = &results[i];
    int s = i / 6, audience = i / 2 % 3, offer = i % 2;
    char expected[48];
    snprintf(expected, sizeof expected, "%s-%s-%s", audiences[audience],
             s == 0 ? "general" : states[s].state, offer ? "monitoring" : "basic");
    CHECKF(!strcmp(res->variant, expected), "%s != %s", res->variant, expected);
    CHECKF(res->last_page - res->first_page <= 1, "%s: %d pages", expected,
           res->last_page - res->first_page + 1);
    CHECKF(!strncmp(res->lines[0], lines[audience], strlen(lines[audience])), "%s: %s", expected,
           res->lines[0]);
    letter_pages(&text, &whole, res->first_page, res->last_page);
    CHECKF(has(&text, lines[audience]) && has(&text, dears[audience]), "%s: addressee", expected);
    int ma = !strcmp(states[s].state, "MA");
    CHECKF(has(&text, "Notice of Data Breach") && has(&text, "What Information Was Involved") &&
               has(&text, "What We Are Doing") && has(&text, "What You Can Do") &&
               has(&text, "For More Information") && has(&text, "1-800-555-0100"),
           "%s: headings", expected);
    CHECKF((has(&text, "What Happened") == 0) == ma, "%s: What Happened", expected);
    CHECKF(has(&text, "medical record number"), "%s: elements", expected);
    CHECKF((has(&text, "date of birth, Social Security number, and medical record number") != 0) ==
               offer,
           "%s: the person's own elements", expected);
    CHECKF((has(&text, "did not hold a Social Security number") != 0) == (!offer && !ma),
           "%s: no SSN said so", expected);
    int code_shown = people_made[i].code[0] && has(&text, people_made[i].code);
    CHECKF(code_shown == offer && has(&text, "Enter your enrollment code") == offer,
           "%s: enrollment code", expected);
    for (int k = 1; k < (int)STATES; k++) {
      if (!states[k].marker) continue;
      int own = !strcmp(states[k].marker, states[s].marker ? states[s].marker : "");
      CHECKF((has(&text, states[k].marker) != 0) == own, "%s: wording of %s", expected,
             states[k].state);
    }
  }
  CHECK(made == LETTERS);
  bs_buf_free(&text);
  bs_buf_free(&whole);
  bs_free(results);
  bs_free(people_made);
  bs_template_free(t);
  unlink(pdf);
  rmdir(root);
}

void test_letters(void) {
  test_template_format();
  test_template_default();
  test_words();
  test_enrollment_codes();
  test_imb();
  test_runs();
  test_every_variant();
}
