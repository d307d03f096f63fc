/* The people step on hand-made cases: records from table rows and free-text passages,
 * joins by primary identifiers with their guards, name + date of birth, the hard cases
 * (placeholder SSN, married name, twins, father and son), and the persons' attributes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "link/persons.h"
#include "link_tests.h"
#include "store/writer.h"
#include "test.h"

/* One finding: type, value, record (0: free text), line. */
typedef struct spec {
  bs_element type;
  const char *value;
  uint64_t record, line;
} spec;

/* Where a finding was, for the findings that need it: field hint, place, column. */
typedef struct spot {
  const char *hint, *place;
  uint64_t column;
} spot;

/* spots: NULL, or one a finding. */
static void put_placed(bs_writer *w, const char *path, char sha_digit, const spec *findings,
                       const spot *spots) {
  bs_file_record r;
  bs_file_record_init(&r);
  r.path = path;
  r.status = BS_FILE_SCANNED;
  memset(r.sha256, sha_digit, 64);
  r.sha256[64] = '\0';
  for (const spec *s = findings; s->value; s++) {
    const spot *at = spots ? &spots[s - findings] : NULL;
    bs_finding f = {.line = s->line,
                    .column = at        ? at->column
                              : s->line ? 1
                                        : 0,
                    .row = s->record,
                    .record = s->record,
                    .confidence = 0.9f,
                    .type = (uint8_t)s->type};
    CHECK(bs_finding_list_add(&r.findings, &f, s->value, strlen(s->value), at ? at->hint : NULL,
                              at ? at->place : NULL) == BS_OK);
  }
  int64_t id;
  CHECK(bs_writer_put(w, &r, &id) == BS_OK && bs_writer_end_file(w) == BS_OK);
  bs_file_record_free(&r);
}

static void put_file(bs_writer *w, const char *path, char sha_digit, const spec *findings) {
  put_placed(w, path, sha_digit, findings, NULL);
}

/* A new case dir/name, open, with a writer of findings; NULL (and *store NULL or the
 * store) when that fails. */
static bs_writer *new_case(const char *dir, const char *name, bs_store **store) {
  char case_dir[256];
  snprintf(case_dir, sizeof case_dir, "%s/%s", dir, name);
  bs_case_settings settings = {"Link Clinic", "2026-11-01", NULL, NULL};
  *store = NULL;
  CHECK(bs_store_create(case_dir, &settings) == BS_OK);
  CHECK(bs_store_open(store, case_dir) == BS_OK);
  if (!*store) return NULL;
  bs_writer *w = NULL;
  CHECK(bs_writer_open(&w, *store, BS_WRITER_VALUES_MEMORY) == BS_OK);
  if (!w) {
    bs_store_close(*store);
    *store = NULL;
  }
  return w;
}

/* Ends the writer and runs the people step with its defaults (notice date 2026-12-01). */
static bs_people_summary finish_and_link(bs_writer *w, bs_store *store) {
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);
  bs_people_options options;
  bs_people_options_default(&options, 20261201);
  bs_people_summary sum;
  memset(&sum, 0, sizeof sum);
  CHECK(bs_people_run_with(&sum, store, &options) == BS_OK);
  return sum;
}

/* The persons table as "first last dob|elements|files" lines, sorted, into out. */
static void persons_of(bs_store *store, char *out, size_t cap) {
  sqlite3_stmt *stmt;
  out[0] = '\0';
  if (sqlite3_prepare_v2(bs_store_db(store),
                         "SELECT COALESCE(first,'') || ' ' || COALESCE(last,'') || ' ' ||"
                         " COALESCE(dob,'') || '|' || elements || '|' || files || '|' ||"
                         " COALESCE(street,'') || '|' || COALESCE(unit,'') || '|' ||"
                         " COALESCE(residence_state,'') || '|' || minor FROM persons ORDER BY 1",
                         -1, &stmt, NULL) != SQLITE_OK)
    return;
  size_t len = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW && len < cap)
    len +=
        (size_t)snprintf(out + len, cap - len, "%s\n", (const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
}

static int64_t count(bs_store *store, const char *sql) {
  sqlite3_stmt *stmt;
  int64_t n = -1;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return n;
}

static void test_people_case(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "case", &store);
  if (!w) return;
  /* A registration table: one person a row. */
  const spec registration[] = {
      {BS_EL_FIRST_NAME, "MARY", 1, 0},
      {BS_EL_LAST_NAME, "OKAFOR", 1, 0},
      {BS_EL_DOB, "1962-03-14", 1, 0},
      {BS_EL_SSN, "219384471", 1, 0},
      {BS_EL_ADDRESS, "1234 OAK ST APT 5", 1, 0},
      {BS_EL_ZIP, "62704", 1, 0},
      {BS_EL_CITY, "SPRINGFIELD", 1, 0},
      /* Twins: same birth date, last name and address; different first names and SSNs. */
      {BS_EL_FIRST_NAME, "ANA", 2, 0},
      {BS_EL_LAST_NAME, "DIAZ", 2, 0},
      {BS_EL_DOB, "2012-06-01", 2, 0},
      {BS_EL_SSN, "031954321", 2, 0},
      {BS_EL_ADDRESS, "9 ELM ST", 2, 0},
      {BS_EL_ZIP, "02139", 2, 0},
      {BS_EL_FIRST_NAME, "LUCIA", 3, 0},
      {BS_EL_LAST_NAME, "DIAZ", 3, 0},
      {BS_EL_DOB, "2012-06-01", 3, 0},
      {BS_EL_SSN, "031954322", 3, 0},
      {BS_EL_ADDRESS, "9 ELM ST", 3, 0},
      {BS_EL_ZIP, "02139", 3, 0},
      /* Father and son: same name and address, different birth dates, no SSN. */
      {BS_EL_NAME, "ROBERT JONES SR", 4, 0},
      {BS_EL_DOB, "1950-01-02", 4, 0},
      {BS_EL_ADDRESS, "5 PINE RD", 4, 0},
      {BS_EL_NAME, "ROBERT JONES JR", 5, 0},
      {BS_EL_DOB, "1980-02-03", 5, 0},
      {BS_EL_ADDRESS, "5 PINE RD", 5, 0},
      /* A placeholder SSN typed into two different people's rows. */
      {BS_EL_NAME, "JOHN PARK", 6, 0},
      {BS_EL_DOB, "1970-07-07", 6, 0},
      {BS_EL_SSN, "123456789", 6, 0},
      {BS_EL_NAME, "SUSAN LEE", 7, 0},
      {BS_EL_DOB, "1981-08-08", 7, 0},
      {BS_EL_SSN, "123456789", 7, 0},
      /* Known by his nickname elsewhere. */
      {BS_EL_NAME, "ROBERT SMITH", 8, 0},
      {BS_EL_DOB, "1960-01-01", 8, 0},
      {0, NULL, 0, 0}};
  put_file(w, "/share/registration.csv", 'a', registration);
  /* A later file: Mary's married name, same SSN and birth date; a lab row by MRN. */
  const spec billing[] = {{BS_EL_NAME, "MARY SMITH", 1, 0},  {BS_EL_DOB, "1962-03-14", 1, 0},
                          {BS_EL_SSN, "219384471", 1, 0},    {BS_EL_MRN, "00123456", 1, 0},
                          {BS_EL_MRN, "00123456", 2, 0},     {BS_EL_ICD10CM, "E119", 2, 0},
                          {BS_EL_NAME, "BOB SMITH", 3, 0},   {BS_EL_DOB, "1960-01-01", 3, 0},
                          {BS_EL_PHONE, "6175550123", 3, 0}, {0, NULL, 0, 0}};
  put_file(w, "/share/billing.csv", 'b', billing);
  /* Free text: two patients in one note, and a bare list of codes. */
  const spec note[] = {{BS_EL_DOB, "2012-06-01", 0, 2},           {BS_EL_SSN, "031954321", 0, 2},
                       {BS_EL_ICD10CM, "J45909", 0, 3},           {BS_EL_SSN, "555667777", 0, 5},
                       {BS_EL_DOB, "1999-09-09", 0, 5},           {BS_EL_ICD10CM, "I10", 0, 40},
                       {BS_EL_SERVICE_DATE, "2024-07-02", 0, 41}, {0, NULL, 0, 0}};
  put_file(w, "/share/note.txt", 'c', note);
  put_file(w, "/share/note-copy.txt", 'c', note); /* a duplicate: one more file */
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);

  bs_people_summary sum;
  CHECK(bs_people_run(&sum, store, 20261201) == BS_OK);
  char got[4096];
  persons_of(store, got, sizeof got);
  /* Ana's SSN in the note joins the note's first passage to her row (not her twin's);
   * the second passage names nobody but has an SSN: a person of its own, in both copies
   * of the note. Residence from the ZIP when no state is given. */
  static const char want[] =
      "  1999-09-09|dob;ssn|2||||0\n"
      "ANA DIAZ 2012-06-01|first_name;last_name;address;zip;dob;ssn;icd10cm|3|9 ELM ST||MA|1\n"
      "JOHN PARK 1970-07-07|name;dob;ssn|1||||0\n"
      "LUCIA DIAZ 2012-06-01|first_name;last_name;address;zip;dob;ssn|1|9 ELM ST||MA|1\n"
      "MARY OKAFOR 1962-03-14|name;first_name;last_name;address;city;zip;dob;ssn;mrn;icd10cm|2|"
      "1234 OAK ST|APT 5|IL|0\n"
      "ROBERT JONES 1950-01-02|name;address;dob|1|5 PINE RD|||0\n"
      "ROBERT JONES 1980-02-03|name;address;dob|1|5 PINE RD|||0\n"
      "ROBERT SMITH 1960-01-01|name;dob;phone|2||||0\n"
      "SUSAN LEE 1981-08-08|name;dob;ssn|1||||0\n";
  CHECK(strcmp(got, want) == 0);
  if (strcmp(got, want) != 0) printf("persons:\n%swant:\n%s", got, want);
  CHECK(sum.persons == 9 && sum.minors == 2 && sum.issues == 1);
  /* Twins' note passage joined Ana by her SSN, not Lucia. */
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason = 'ssn'") >= 2);
  /* The placeholder SSN: reported, not merged. */
  CHECK(count(store, "SELECT COUNT(*) FROM link_issues WHERE type = 10") == 1);
  /* The list of codes far from any patient: unattributed. */
  CHECK(count(store, "SELECT findings FROM unattributed WHERE type = 18") == 1);
  CHECK(count(store, "SELECT findings FROM unattributed WHERE type = 8") == 1);
  /* Re-running replaces the persons. */
  CHECK(bs_people_run(&sum, store, 20261201) == BS_OK &&
        count(store, "SELECT COUNT(*) FROM persons") == 9);
  /* The export: the columns counsel asked for. */
  char path[300];
  snprintf(path, sizeof path, "%s/persons.csv", dir);
  FILE *f = fopen(path, "w");
  CHECK(f && bs_people_export_csv(f, store) == BS_OK);
  if (f) fclose(f);
  f = fopen(path, "r");
  char line[512] = "";
  if (f) {
    CHECK(fgets(line, sizeof line, f) != NULL);
    fclose(f);
  }
  CHECK(!strcmp(line, "person_id,first,middle,last,suffix,dob,street,unit,city,state,zip,minor,"
                      "deceased,elements,files\n"));
  bs_store_close(store);
}

/* Documents: a note naming a parent inside a sentence, a message's own date, a date of
 * death, the review file and decisions through the store. */
static void test_people_documents(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "docs", &store);
  if (!w) return;
  /* "Accompanied by parent, Joan Justice (DOB ...)": her name and birth date are hers,
   * the diagnosis and phone on later lines still the patient's. */
  const spec note[] = {{BS_EL_NAME, "JUSTICE ADAM", 0, 4}, {BS_EL_DOB, "2020-03-19", 0, 4},
                       {BS_EL_MRN, "03737758", 0, 4},      {BS_EL_SERVICE_DATE, "2024-03-18", 0, 5},
                       {BS_EL_NAME, "JOAN JUSTICE", 0, 9}, {BS_EL_DOB, "1974-06-28", 0, 9},
                       {BS_EL_ICD10CM, "E1165", 0, 14},    {BS_EL_PHONE, "8108151501", 0, 18},
                       {BS_EL_DATE, "2024-03-18", 0, 21},  {0, NULL, 0, 0}};
  const spot note_at[] = {{NULL, NULL, 10}, {NULL, NULL, 32}, {NULL, NULL, 51},
                          {NULL, NULL, 18}, {NULL, NULL, 79}, {NULL, NULL, 97},
                          {NULL, NULL, 49}, {NULL, NULL, 15}, {NULL, NULL, 49}};
  put_placed(w, "/share/note.txt", 'a', note, note_at);
  /* A message: its Date: header is the message's. */
  const spec mail[] = {{BS_EL_NAME, "CLARA OSWALD", 0, 1},
                       {BS_EL_DATE, "2024-05-18", 0, 3},
                       {BS_EL_DOB, "1990-11-23", 0, 10},
                       {BS_EL_NAME, "CLARA OSWALD", 0, 10},
                       {0, NULL, 0, 0}};
  const spot mail_at[] = {
      {"From", "header", 7}, {"Date", "header", 7}, {NULL, "body", 40}, {NULL, "body", 14}};
  put_placed(w, "/share/msg.eml", 'b', mail, mail_at);
  /* A registration table with a date of death. */
  const spec rows[] = {{BS_EL_NAME, "EDGAR POE", 1, 0},
                       {BS_EL_DOB, "1949-01-19", 1, 0},
                       {BS_EL_DATE, "2024-10-07", 1, 0},
                       {BS_EL_NAME, "MARY SHELLEY", 2, 0},
                       {BS_EL_DOB, "1997-08-30", 2, 0},
                       {BS_EL_DATE, "2024-02-01", 2, 0},
                       {0, NULL, 0, 0}};
  const spot rows_at[] = {{"Name", NULL, 0}, {"DOB", NULL, 0}, {"Date of Death", NULL, 0},
                          {"Name", NULL, 0}, {"DOB", NULL, 0}, {"Last Visit", NULL, 0}};
  put_placed(w, "/share/registration.csv", 'c', rows, rows_at);
  /* A letter: "Early Branch, SC 29916" is the patient's city, not a second person. */
  const spec letter[] = {{BS_EL_NAME, "TYLER STRAUSS", 0, 11},
                         {BS_EL_DOB, "1962-06-27", 0, 12},
                         {BS_EL_ADDRESS, "223 E CONWAY PL", 0, 13},
                         {BS_EL_NAME, "EARLY BRANCH", 0, 14},
                         {BS_EL_STATE, "SC", 0, 14},
                         {BS_EL_ZIP, "29916", 0, 14},
                         {BS_EL_PHONE, "7762142169", 0, 15},
                         {BS_EL_MEMBER_ID, "U9807089001", 0, 16},
                         {0, NULL, 0, 0}};
  const spot letter_at[] = {{NULL, NULL, 5},  {NULL, NULL, 6},  {NULL, NULL, 10}, {NULL, NULL, 10},
                            {NULL, NULL, 24}, {NULL, NULL, 27}, {NULL, NULL, 8},  {NULL, NULL, 11}};
  put_placed(w, "/share/letter.txt", 'd', letter, letter_at);
  /* A letter about one person, named twice (with and without the middle initial), with
   * a table of visits whose rows name no one: the visits are hers. */
  const spec visits[] = {{BS_EL_NAME, "AMY G POND", 0, 9}, {BS_EL_NAME, "AMY POND", 0, 13},
                         {BS_EL_DOB, "1985-02-11", 0, 13}, {BS_EL_SERVICE_DATE, "2024-04-03", 1, 0},
                         {BS_EL_CPT, "36415", 1, 0},       {BS_EL_SERVICE_DATE, "2024-02-29", 2, 0},
                         {BS_EL_ICD10CM, "J45909", 2, 0},  {0, NULL, 0, 0}};
  const spot visits_at[] = {{NULL, NULL, 1},
                            {NULL, NULL, 27},
                            {NULL, NULL, 49},
                            {"Date of service", "table 1", 1},
                            {"CPT", "table 1", 3},
                            {"Date of service", "table 1", 1},
                            {"Diagnosis", "table 1", 2}};
  put_placed(w, "/share/request.doc", 'e', visits, visits_at);
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);

  char review_path[300];
  snprintf(review_path, sizeof review_path, "%s/review.csv", dir);
  FILE *review = fopen(review_path, "w");
  bs_people_options options;
  bs_people_options_default(&options, 20261201);
  options.review = review;
  bs_people_summary sum;
  CHECK(review && bs_people_run_with(&sum, store, &options) == BS_OK);
  if (review) fclose(review);
  CHECK(sum.persons == 7 && sum.deceased == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'POND' AND elements ="
                     " 'name;dob;service_date;icd10cm;cpt'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason ="
                     " 'same document, a row of its table'") == 2);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'STRAUSS' AND elements ="
                     " 'name;address;city;state;zip;dob;member_id;phone'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'BRANCH'") == 0);
  CHECK(count(store, "SELECT deceased FROM persons WHERE last = 'POE'") == 1);
  CHECK(count(store, "SELECT deceased FROM persons WHERE last = 'SHELLEY'") == 0);
  /* Adam has his diagnosis, phone and service date; the signature date repeats the
   * service date: no "date" element. Joan has her name and birth date only. */
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '2020-03-19' AND elements ="
                     " 'name;dob;service_date;mrn;icd10cm;phone'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1974-06-28' AND elements ="
                     " 'name;dob'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason ="
                     " 'same document, after a mention'") == 1);
  /* Clara: the header passage (name only) joined to the body's; no "date" element. */
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'OSWALD' AND elements = "
                     "'name;dob'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason LIKE 'match: %'"
                     " AND score IS NOT NULL") >= 1);
  CHECK(count(store, "SELECT findings FROM unattributed WHERE type = 9") == 1); /* the date */
  bs_store_close(store);
}

/* Messages signed with initials: the signature is the sender's (the From header), not
 * the person the body is about, and only when its initials and surname fit the sender. */
static void test_people_signatures(const char *dir) {
  CHECK(bs_records_abbreviates("D ONEIL", "DAVID ONEIL", NULL) == 1);
  CHECK(bs_records_abbreviates("M J SMITH", "MARY JANE SMITH", NULL) == 1);
  CHECK(bs_records_abbreviates("ONEIL D", "ONEIL DAVID", NULL) == 1);
  CHECK(bs_records_abbreviates("J ONEIL", "DAVID ONEIL", NULL) == 0);   /* another initial */
  CHECK(bs_records_abbreviates("D SMITH", "DAVID ONEIL", NULL) == 0);   /* another surname */
  CHECK(bs_records_abbreviates("D D ONEIL", "DAVID ONEIL", NULL) == 0); /* one word, two initials */
  CHECK(bs_records_abbreviates("DAVID ONEIL", "DAVID ONEIL", NULL) == 0); /* no initial */
  CHECK(bs_records_abbreviates("ONEIL", "DAVID ONEIL", NULL) == 0);
  CHECK(bs_records_abbreviates("D ONEIL SMITH", "DAVID ONEIL SMITH", NULL) == 0); /* two words */
  bs_nicknames nick;
  CHECK(bs_nicknames_load(&nick) == BS_OK);
  /* Gene for Eugene signs "E. Eckel"; an initial no name of hers stands for does not fit. */
  CHECK(bs_records_abbreviates("E ECKEL", "GENE ECKEL", &nick) == 1);
  CHECK(bs_records_abbreviates("E ECKEL", "GENE ECKEL", NULL) == 0);
  CHECK(bs_records_abbreviates("G ECKEL", "GENE ECKEL", &nick) == 1);
  CHECK(bs_records_abbreviates("Q ECKEL", "GENE ECKEL", &nick) == 0);
  CHECK(bs_nicknames_formal_initial(&nick, "LISA", 'A') &&
        !bs_nicknames_formal_initial(&nick, "LISA", 'Q'));
  bs_nicknames_free(&nick);
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "signed", &store);
  if (!w) return;
  /* "This is David Oneil, date of birth ... Thanks, D. Oneil". */
  const spec own[] = {{BS_EL_NAME, "DAVID ONEIL", 0, 1},
                      {BS_EL_EMAIL, "doneil@mail.test", 0, 1},
                      {BS_EL_NAME, "DAVID ONEIL", 0, 9},
                      {BS_EL_DOB, "1961-03-07", 0, 9},
                      {BS_EL_PHONE, "6424046568", 0, 10},
                      {BS_EL_NAME, "D ONEIL", 0, 13},
                      {0, NULL, 0, 0}};
  const spot own_at[] = {{"From", "header", 7}, {"From", "header", 20}, {NULL, "body", 14},
                         {NULL, "body", 40},    {NULL, "body", 20},     {NULL, "body", 1}};
  put_placed(w, "/share/own.eml", 'e', own, own_at);
  /* A mother writes about her son and signs with her initial: the signature is hers,
   * not her son's. A "J. Smith" further down fits the sender's name nowhere. */
  const spec parent[] = {{BS_EL_NAME, "MARY SMITH", 0, 1},
                         {BS_EL_EMAIL, "msmith@mail.test", 0, 1},
                         {BS_EL_NAME, "THOMAS SMITH", 0, 9},
                         {BS_EL_DOB, "2015-04-02", 0, 9},
                         {BS_EL_NAME, "M SMITH", 0, 13},
                         {BS_EL_NAME, "J SMITH", 0, 30},
                         {0, NULL, 0, 0}};
  const spot parent_at[] = {{"From", "header", 7}, {"From", "header", 19}, {NULL, "body", 20},
                            {NULL, "body", 50},    {NULL, "body", 1},      {NULL, "body", 1}};
  put_placed(w, "/share/parent.eml", 'f', parent, parent_at);
  bs_people_summary sum = finish_and_link(w, store);
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason ="
                     " 'same message, the sender''s signature'") == 2);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'ONEIL'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'ONEIL' AND dob = '1961-03-07'"
                     " AND elements = 'name;dob;phone;email'") == 1);
  /* Mary (header and signature), Thomas, and J. Smith on their own. */
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'SMITH'") == 3);
  CHECK(count(store,
              "SELECT COUNT(*) FROM persons WHERE first = 'THOMAS' AND dob = '2015-04-02'") == 1);
  CHECK(sum.persons == 4);
  bs_store_close(store);
}

/* A claim's address with its unit in a component of its own (X12 N301 and N302): the
 * person's mailing address keeps the unit. */
static void test_people_unit_line(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "unit", &store);
  if (!w) return;
  const spec claim[] = {{BS_EL_LAST_NAME, "JOBE", 1, 0},
                        {BS_EL_FIRST_NAME, "JUSTIN", 1, 0},
                        {BS_EL_ADDRESS, "9738 W ALBRIGHT ST", 1, 0},
                        {BS_EL_ADDRESS, "APT 199", 1, 0},
                        {BS_EL_CITY, "DELTA", 1, 0},
                        {BS_EL_STATE, "OH", 1, 0},
                        {BS_EL_ZIP, "43515", 1, 0},
                        {BS_EL_DOB, "1970-02-15", 1, 0},
                        {0, NULL, 0, 0}};
  put_file(w, "/share/claims.x12", 'g', claim);
  bs_people_summary sum = finish_and_link(w, store);
  CHECK(sum.persons == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'JOBE' AND street ="
                     " '9738 W ALBRIGHT ST' AND unit = 'APT 199' AND zip = '43515'") == 1);
  bs_store_close(store);
}

/* A FHIR bulk export: each resource type a file of its own; the encounters refer to
 * their patient by "Patient/<id>" in their place. An export of another server, in
 * another folder, has its own Patient/p1. */
static void test_people_fhir_files(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "fhir", &store);
  if (!w) return;
  const spec encounters[] = {{BS_EL_SERVICE_DATE, "2024-04-03", 1, 0},
                             {BS_EL_CPT, "99213", 1, 0},
                             {BS_EL_ICD10CM, "E119", 2, 0},
                             {0, NULL, 0, 0}};
  const spot encounters_at[] = {
      {"Encounter.period.start", "Encounter/e1 (Patient/p1)", 0},
      {"Encounter.type[cpt]", "Encounter/e1 (Patient/p1)", 0},
      {"Encounter.reasonCode[icd-10-cm]", "Encounter/e2 (Patient/p2)", 0}};
  const spec patients[] = {{BS_EL_LAST_NAME, "POND", 1, 0},
                           {BS_EL_FIRST_NAME, "AMELIA", 1, 0},
                           {BS_EL_DOB, "1985-02-11", 1, 0},
                           {0, NULL, 0, 0}};
  const spot patients_at[] = {{"Patient.name.family", "Patient/p1", 0},
                              {"Patient.name.given", "Patient/p1", 0},
                              {"Patient.birthDate", "Patient/p1", 0}};
  const spec other[] = {{BS_EL_CPT, "71046", 1, 0}, {0, NULL, 0, 0}};
  const spot other_at[] = {{"Encounter.type[cpt]", "Encounter/x (Patient/p1)", 0}};
  const struct {
    const char *path;
    const spec *findings;
    const spot *spots;
  } files[] = {{"/share/bulk/Encounter.ndjson", encounters, encounters_at},
               {"/share/bulk/Patient.ndjson", patients, patients_at},
               {"/share/other-server/Encounter.ndjson", other, other_at}};
  for (size_t i = 0; i < 3; i++) {
    bs_file_record r;
    bs_file_record_init(&r);
    r.path = files[i].path;
    r.status = BS_FILE_SCANNED;
    r.format = "fhir-ndjson";
    memset(r.sha256, 'k' + (int)i, 64);
    r.sha256[64] = '\0';
    for (const spec *s = files[i].findings; s->value; s++) {
      const spot *at = &files[i].spots[s - files[i].findings];
      bs_finding f = {
          .row = s->record, .record = s->record, .confidence = 0.9f, .type = (uint8_t)s->type};
      CHECK(bs_finding_list_add(&r.findings, &f, s->value, strlen(s->value), at->hint, at->place) ==
            BS_OK);
    }
    int64_t id;
    CHECK(bs_writer_put(w, &r, &id) == BS_OK && bs_writer_end_file(w) == BS_OK);
    bs_file_record_free(&r);
  }
  bs_people_summary sum = finish_and_link(w, store);
  CHECK(sum.persons == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE last = 'POND' AND elements ="
                     " 'first_name;last_name;dob;service_date;cpt'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM person_joins WHERE reason = 'same FHIR patient'") == 1);
  /* Patient/p2 and the other server's p1 are no one's: unattributed. */
  CHECK(count(store, "SELECT findings FROM unattributed WHERE type = 18") == 1);
  CHECK(count(store, "SELECT findings FROM unattributed WHERE type = 20") == 1);
  bs_store_close(store);
}

/* A worklist, a patient a line, whose second line's name was not found: the third
 * line's name stays with its own date of birth and MRN, not with the line above. */
static void test_people_list_lines(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "list", &store);
  if (!w) return;
  const spec list[] = {{BS_EL_NAME, "GREEN ALIYAH", 0, 5},
                       {BS_EL_DOB, "1930-11-17", 0, 5},
                       {BS_EL_MRN, "03484576", 0, 5},
                       {BS_EL_DOB, "1944-10-08", 0, 6},
                       {BS_EL_MRN, "01742396", 0, 6},
                       {BS_EL_NAME, "DECKER NANCY", 0, 7},
                       {BS_EL_PHONE, "3125550142", 0, 7},
                       {BS_EL_DOB, "1999-07-05", 0, 7},
                       {BS_EL_MRN, "05551435", 0, 7},
                       {BS_EL_NAME, "RHOADES LORI", 0, 8},
                       {BS_EL_DOB, "1937-08-04", 0, 8},
                       {BS_EL_MRN, "02843137", 0, 8},
                       {0, NULL, 0, 0}};
  const spot list_at[] = {{NULL, "body", 14}, {NULL, "body", 33}, {NULL, "body", 49},
                          {NULL, "body", 36}, {NULL, "body", 52}, {NULL, "body", 14},
                          {NULL, "body", 30}, {NULL, "body", 45}, {NULL, "body", 60},
                          {NULL, "body", 14}, {NULL, "body", 33}, {NULL, "body", 49}};
  put_placed(w, "/share/worklist.eml", 'l', list, list_at);
  CHECK(finish_and_link(w, store).persons == 4);
  /* Nancy keeps her name and the phone on her line. */
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1999-07-05' AND last IN"
                     " ('DECKER', 'NANCY') AND elements = 'name;dob;mrn;phone'") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1937-08-04' AND last IN"
                     " ('RHOADES', 'LORI')") == 1);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1930-11-17' AND last IN"
                     " ('GREEN', 'ALIYAH')") == 1);
  /* The line without a name: a person known by date of birth and MRN only. */
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1944-10-08' AND last IS NULL"
                     " AND elements = 'dob;mrn'") == 1);
  bs_store_close(store);
}

/* One person typed with accents in a letter and without in the EHR's export: one person,
 * shown as the letter spells the name when that spelling is kept. */
static void test_people_accents(const char *dir) {
  bs_store *store = NULL;
  bs_writer *w = new_case(dir, "accents", &store);
  if (!w) return;
  const spec letter[] = {{BS_EL_NAME, "JOS\u00c9 HERN\u00c1NDEZ", 0, 3},
                         {BS_EL_DOB, "1970-03-04", 0, 4},
                         {0, NULL, 0, 0}};
  const spec export[] = {{BS_EL_LAST_NAME, "HERNANDEZ", 1, 0}, {BS_EL_FIRST_NAME, "JOSE", 1, 0},
                         {BS_EL_DOB, "1970-03-04", 1, 0},      {BS_EL_SSN, "219099999", 1, 0},
                         {BS_EL_LAST_NAME, "HERNANDEZ", 2, 0}, {BS_EL_FIRST_NAME, "ROSA", 2, 0},
                         {BS_EL_DOB, "1972-05-06", 2, 0},      {0, NULL, 0, 0}};
  put_file(w, "/share/letter.docx", 'h', letter);
  put_file(w, "/share/export.csv", 'i', export);
  bs_people_summary sum = finish_and_link(w, store);
  CHECK(sum.persons == 2);
  CHECK(count(store, "SELECT COUNT(*) FROM persons WHERE dob = '1970-03-04' AND files = 2"
                     " AND elements LIKE '%ssn%'") == 1);
  bs_store_close(store);
}

void test_link(void) {
  char words[8][32];
  /* Titles, suffixes and initials dropped; hyphens and apostrophes split; sorted. */
  CHECK(bs_link_name_words("DR MARY-ANN O'NEIL J SMITH JR", words, 8) == 4 &&
        !strcmp(words[0], "ANN") && !strcmp(words[1], "MARY") && !strcmp(words[2], "NEIL") &&
        !strcmp(words[3], "SMITH"));
  char dir[] = "/tmp/bs-link-XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(0);
    return;
  }
  test_people_case(dir);
  test_people_documents(dir);
  test_people_signatures(dir);
  test_people_unit_line(dir);
  test_people_accents(dir);
  test_people_fhir_files(dir);
  test_people_list_lines(dir);
  test_link_matching();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  CHECK(system(cmd) == 0);
}
