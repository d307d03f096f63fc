/* The probabilistic step of `people` and its parts: comparators (NYSIIS, Jaro-Winkler,
 * dates of birth, names), blocking and clustering on records built in memory with the
 * hard cases (twins, Jr. and Sr., a married name, a surname typo, parent and child of
 * one name, a placeholder SSN on hundreds of people), the review band and decisions
 * read back, organisations' contact details, mentions inside a note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/compare.h"
#include "link/link.h"
#include "link/review.h"
#include "link_tests.h"
#include "test.h"

static void test_comparators(void) {
  /* Published NYSIIS codes (Taft 1970 as commonly tabulated). */
  static const char *const nysiis[][2] = {
      {"JAY", "JY"},        {"JOHN", "JAN"},    {"JANE", "JAN"},      {"ZAYNE", "ZAYN"},
      {"GUERRA", "GAR"},    {"IGA", "IG"},      {"COWAN", "CAN"},     {"LOUISA", "LAS"},
      {"ARNIE", "ARNY"},    {"OLSEN", "OLSAN"}, {"CORBAN", "CARBAN"}, {"NAVA", "NAV"},
      {"WATKINS", "WATCAN"}};
  for (size_t i = 0; i < sizeof nysiis / sizeof nysiis[0]; i++) {
    char code[16];
    bs_nysiis(nysiis[i][0], code, sizeof code);
    CHECK(!strcmp(code, nysiis[i][1]));
    if (strcmp(code, nysiis[i][1]) != 0) printf("nysiis %s: %s\n", nysiis[i][0], code);
  }
  char code[4];
  bs_nysiis("CHRISTENSEN", code, sizeof code); /* cut to the buffer */
  CHECK(strlen(code) == 3);
  bs_nysiis("", code, sizeof code);
  CHECK(code[0] == '\0');
  /* Jaro-Winkler: the textbook pairs. */
  CHECK(bs_jaro_winkler("MARTHA", "MARHTA") > 0.960 && bs_jaro_winkler("MARTHA", "MARHTA") < 0.962);
  CHECK(bs_jaro_winkler("DWAYNE", "DUANE") > 0.839 && bs_jaro_winkler("DWAYNE", "DUANE") < 0.841);
  CHECK(bs_jaro_winkler("DIXON", "DICKSONX") > 0.812 &&
        bs_jaro_winkler("DIXON", "DICKSONX") < 0.814);
  CHECK(bs_jaro_winkler("SMITH", "SMITH") == 1.0 && bs_jaro_winkler("ABC", "XYZ") == 0.0);
  CHECK(bs_jaro_winkler("", "") == 1.0 && bs_jaro_winkler("A", "") == 0.0);
  /* Dates of birth. */
  CHECK(bs_compare_dob(19800304, 19800304) == BS_DOB_EXACT);
  CHECK(bs_compare_dob(19800304, 19800403) == BS_DOB_SWAPPED);
  CHECK(bs_compare_dob(19800304, 19800305) == BS_DOB_TYPO);
  CHECK(bs_compare_dob(19800304, 18900304) == BS_DOB_TYPO); /* two neighbours exchanged */
  CHECK(bs_compare_dob(19800304, 19810405) == BS_DOB_DIFFERENT);
  CHECK(bs_compare_dob(0, 19800304) == BS_DOB_MISSING);
  /* Names. */
  bs_nicknames nick;
  CHECK(bs_nicknames_load(&nick) == BS_OK);
  CHECK(bs_compare_name(&nick, "ROBERT", "ROBERT") == BS_NAME_EXACT);
  CHECK(bs_compare_name(&nick, "BOB", "ROBERT") == BS_NAME_NICKNAME);
  CHECK(bs_compare_name(&nick, "PHILLIPS", "FILIPS") == BS_NAME_PHONETIC);
  CHECK(bs_compare_name(&nick, "BLANDING", "BLNADING") == BS_NAME_TYPO);
  CHECK(bs_compare_name(&nick, "J", "JOHN") == BS_NAME_INITIAL);
  CHECK(bs_compare_name(&nick, "K", "JOHN") == BS_NAME_DIFFERENT);
  CHECK(bs_compare_name(&nick, "E", "GENE") == BS_NAME_INITIAL); /* Eugene */
  CHECK(bs_compare_name(NULL, "E", "GENE") == BS_NAME_DIFFERENT);
  CHECK(bs_compare_name(&nick, "GENE", "Q") == BS_NAME_DIFFERENT);
  CHECK(bs_compare_name(&nick, "ALICE", "ANNA") == BS_NAME_DIFFERENT);
  CHECK(bs_compare_name(NULL, "BOB", "ROBERT") == BS_NAME_DIFFERENT); /* surnames: no nicknames */
  CHECK(bs_compare_name(&nick, "", "ANNA") == BS_NAME_MISSING);
  bs_nicknames_free(&nick);
}

/* One record's findings: type and value pairs, ended by a NULL value. */
typedef struct field {
  bs_element type;
  const char *value;
} field;

/* Adds a record (number > 0: a table row; 0: a passage) to set; returns its index. */
static size_t add(bs_record_set *set, int64_t content, uint64_t number, const field *fields) {
  size_t index = 0;
  CHECK(bs_records_new(set, content, number, &index) == BS_OK);
  for (const field *f = fields; f->value; f++)
    CHECK(bs_records_add(set, index, f->type, f->value) == BS_OK);
  return index;
}

static int same_person(const bs_linkage *l, size_t a, size_t b) {
  return l->person[a] != SIZE_MAX && l->person[a] == l->person[b];
}

/* The join that brought record b in, if any. */
static const bs_link_join *join_of(const bs_linkage *l, size_t b) {
  for (size_t i = 0; i < l->join_count; i++)
    if (l->joins[i].b == b || l->joins[i].a == b) return &l->joins[i];
  return NULL;
}

/* Many unrelated people, so that names and dates have frequencies as in a real file. */
static void add_crowd(bs_record_set *set, size_t people) {
  static const char *const given[] = {"OLIVIA",   "LIAM",   "EMMA",  "NOAH", "AVA",
                                      "ELIJAH",   "SOPHIA", "LUCAS", "MIA",  "MASON",
                                      "ISABELLA", "LOGAN",  "AMELIA"};
  static const char *const surname[] = {"GARCIA", "MILLER", "DAVIS",  "MARTIN", "LOPEZ",
                                        "CLARK",  "LEWIS",  "YOUNG",  "WALKER", "HALL",
                                        "ALLEN",  "KING",   "WRIGHT", "SCOTT",  "GREEN"};
  for (size_t i = 0; i < people; i++) {
    char name[64], dob[32];
    snprintf(name, sizeof name, "%s %s", given[i % 13], surname[(i / 13) % 15]);
    snprintf(dob, sizeof dob, "%04zu-%02zu-%02zu", 1930 + i % 80, 1 + i % 12, 1 + i % 28);
    field f[] = {{BS_EL_NAME, name}, {BS_EL_DOB, dob}, {0, NULL}};
    add(set, 100, 1000 + i, f);
  }
}

static void test_hard_cases(void) {
  bs_record_set set;
  CHECK(bs_records_begin(&set) == BS_OK);
  add_crowd(&set, 400);
  /* Twins: same date of birth, surname, address and phone; different given names. */
  field twin1[] = {{BS_EL_FIRST_NAME, "ANA"},   {BS_EL_LAST_NAME, "QUINTERO"},
                   {BS_EL_DOB, "2012-06-01"},   {BS_EL_ADDRESS, "9 ELM ST"},
                   {BS_EL_PHONE, "6175550100"}, {0, NULL}};
  field twin2[] = {{BS_EL_FIRST_NAME, "LUCIA"}, {BS_EL_LAST_NAME, "QUINTERO"},
                   {BS_EL_DOB, "2012-06-01"},   {BS_EL_ADDRESS, "9 ELM ST"},
                   {BS_EL_PHONE, "6175550100"}, {0, NULL}};
  size_t t1 = add(&set, 1, 1, twin1), t2 = add(&set, 1, 2, twin2);
  /* Father and son: Sr. and Jr., same address, different dates of birth; a payment row
   * naming the son by name alone. */
  field sr[] = {{BS_EL_NAME, "ROBERT JONES SR"},
                {BS_EL_DOB, "1950-01-02"},
                {BS_EL_ADDRESS, "5 PINE RD"},
                {0, NULL}};
  field jr[] = {{BS_EL_NAME, "ROBERT JONES JR"},
                {BS_EL_DOB, "1980-02-03"},
                {BS_EL_ADDRESS, "5 PINE RD"},
                {0, NULL}};
  field jr_paid[] = {{BS_EL_NAME, "ROBERT JONES JR"}, {BS_EL_CARD, "4111111111111111"}, {0, NULL}};
  size_t fs = add(&set, 1, 3, sr), fj = add(&set, 1, 4, jr), fp = add(&set, 2, 1, jr_paid);
  /* A married name: same given name, date of birth and address, new surname. */
  field maiden[] = {{BS_EL_NAME, "PRISCILLA OKAFOR"},
                    {BS_EL_DOB, "1962-03-14"},
                    {BS_EL_ADDRESS, "1234 OAK ST"},
                    {BS_EL_PHONE, "3125550111"},
                    {0, NULL}};
  field married[] = {{BS_EL_NAME, "PRISCILLA WAINWRIGHT"},
                     {BS_EL_DOB, "1962-03-14"},
                     {BS_EL_ADDRESS, "1234 OAK ST"},
                     {0, NULL}};
  size_t m1 = add(&set, 1, 5, maiden), m2 = add(&set, 3, 1, married);
  /* A typo in a surname, and day and month swapped in another copy. */
  field right[] = {{BS_EL_NAME, "BRUCE BLANDING"}, {BS_EL_DOB, "1961-04-10"}, {0, NULL}};
  field typo[] = {{BS_EL_NAME, "BLNADING BRUCE"}, {BS_EL_DOB, "1961-04-10"}, {0, NULL}};
  field swapped[] = {{BS_EL_NAME, "BRUCE BLANDING"}, {BS_EL_DOB, "1961-10-04"}, {0, NULL}};
  size_t b1 = add(&set, 1, 6, right), b2 = add(&set, 3, 2, typo), b3 = add(&set, 4, 1, swapped);
  /* Parent and child of one name; a bare mention of the name fits both. */
  field parent[] = {{BS_EL_NAME, "MARGUERITE FONTAINE"}, {BS_EL_DOB, "1970-05-05"}, {0, NULL}};
  field child[] = {{BS_EL_NAME, "MARGUERITE FONTAINE"}, {BS_EL_DOB, "2010-08-08"}, {0, NULL}};
  field bare[] = {{BS_EL_NAME, "MARGUERITE FONTAINE"}, {BS_EL_CARD, "5500000000000004"}, {0, NULL}};
  size_t p1 = add(&set, 1, 7, parent), p2 = add(&set, 1, 8, child), p3 = add(&set, 2, 2, bare);
  /* A rare name known by name alone elsewhere: joined. */
  field rare[] = {{BS_EL_NAME, "THADDEUS WOJCIECHOWSKI"}, {BS_EL_DOB, "1944-11-30"}, {0, NULL}};
  field rare_paid[] = {{BS_EL_NAME, "THADDEUS WOJCIECHOWSKI"}, {0, NULL}};
  size_t r1 = add(&set, 1, 9, rare), r2 = add(&set, 2, 3, rare_paid);
  /* Three hundred different people typed with one placeholder SSN. */
  static const char *const given[] = {"WALTER", "DOROTHY",   "HAROLD",  "BEATRICE", "CLARENCE",
                                      "EUNICE", "VERNON",    "GLADYS",  "MORRIS",   "THELMA",
                                      "LEROY",  "MILDRED",   "ORVILLE", "AGNES",    "RUFUS",
                                      "HAZEL",  "CORNELIUS", "IRMA",    "PERCY",    "LUCILLE"};
  static const char *const family[] = {"ABERNATHY",  "BRANNIGAN",   "CASTELLANOS", "DUNWOODY",
                                       "ESPINOZA",   "FAIRWEATHER", "GALLAGHER",   "HOLLOWAY",
                                       "IVANOVA",    "JABLONSKI",   "KOWALCZYK",   "LINDQVIST",
                                       "MONTGOMERY", "NAKAMURA",    "OYELARAN"};
  size_t first_placeholder = set.count;
  for (int i = 0; i < 300; i++) {
    char name[64], dob[32];
    snprintf(name, sizeof name, "%s %s", given[i % 20], family[i / 20]);
    snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1930 + i % 70, 1 + i * 5 % 12, 1 + i * 7 % 28);
    field f[] = {{BS_EL_NAME, name}, {BS_EL_DOB, dob}, {BS_EL_SSN, "999999999"}, {0, NULL}};
    add(&set, 5, (uint64_t)i + 1, f);
  }
  CHECK(bs_records_finish(&set, NULL) == BS_OK);
  bs_linkage link;
  CHECK(bs_link(&link, &set, NULL) == BS_OK);
  CHECK(!same_person(&link, t1, t2));
  CHECK(!same_person(&link, fs, fj) && !same_person(&link, fp, fs));
  CHECK(same_person(&link, fj, fp) || !same_person(&link, fs, fp)); /* never the father */
  CHECK(same_person(&link, m1, m2));
  CHECK(same_person(&link, b1, b2) && same_person(&link, b1, b3));
  const bs_link_join *j = join_of(&link, b2);
  CHECK(j && strstr(j->reason, "surname=typo") && j->score >= BS_LINK_MATCH_WEIGHT);
  j = join_of(&link, b3);
  CHECK(j && strstr(j->reason, "dob=swapped"));
  CHECK(!same_person(&link, p1, p2) && !same_person(&link, p3, p1) && !same_person(&link, p3, p2));
  int reviewed = 0;
  for (size_t i = 0; i < link.review_count; i++)
    if ((link.reviews[i].a == p3 || link.reviews[i].b == p3) &&
        strstr(link.reviews[i].evidence, "more than one person"))
      reviewed = 1;
  CHECK(reviewed);
  CHECK(same_person(&link, r1, r2));
  int apart = 1; /* every placeholder holder a person of their own */
  for (size_t i = first_placeholder; i < first_placeholder + 300; i++)
    for (size_t k = i + 1; k < first_placeholder + 300; k++)
      if (same_person(&link, i, k)) {
        apart = 0;
        printf("placeholder %zu and %zu joined: %s / %s\n", i, k,
               bs_records_value(&set, set.items[i].name),
               bs_records_value(&set, set.items[k].name));
      }
  CHECK(apart);
  CHECK(link.issue_count == 1 && link.issues[0].type == BS_EL_SSN);
  bs_linkage_free(&link);
  /* Without the address and phone, the married name is only for review. */
  bs_record_set alone;
  CHECK(bs_records_begin(&alone) == BS_OK);
  add_crowd(&alone, 400);
  field maiden2[] = {{BS_EL_NAME, "PRISCILLA OKAFOR"}, {BS_EL_DOB, "1962-03-14"}, {0, NULL}};
  field married2[] = {{BS_EL_NAME, "PRISCILLA WAINWRIGHT"}, {BS_EL_DOB, "1962-03-14"}, {0, NULL}};
  size_t a1 = add(&alone, 1, 1, maiden2), a2 = add(&alone, 2, 1, married2);
  CHECK(bs_records_finish(&alone, NULL) == BS_OK);
  CHECK(bs_link(&link, &alone, NULL) == BS_OK);
  CHECK(!same_person(&link, a1, a2));
  CHECK(link.review_count >= 1 && ((link.reviews[0].a == a1 && link.reviews[0].b == a2) ||
                                   (link.reviews[0].a == a2 && link.reviews[0].b == a1)));
  /* The review file: a header and the pair, evidence in clear. */
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  CHECK(out && bs_link_write_review(out, NULL, &alone, &link) == BS_OK);
  if (out) fclose(out);
  CHECK(text && !strncmp(text, "decision,score,record_a,record_b,", 33));
  CHECK(text && strstr(text, "PRISCILLA WAINWRIGHT") && strstr(text, "surname=different"));
  /* A person decides: the same. Read back, the pair joins. */
  char key_a[96], key_b[96], decisions_csv[512];
  bs_records_key(&alone, a1, key_a, sizeof key_a);
  bs_records_key(&alone, a2, key_b, sizeof key_b);
  snprintf(decisions_csv, sizeof decisions_csv,
           "decision,score,record_a,record_b\nsame,1.0,%s,%s\n,0,x,y\n", key_b, key_a);
  bs_link_decisions decisions;
  size_t line = 0;
  CHECK(bs_link_decisions_read(&decisions, decisions_csv, strlen(decisions_csv), &line) == BS_OK);
  CHECK(decisions.same == 1 && decisions.different == 0);
  bs_link_options options;
  bs_link_options_default(&options);
  options.decisions = &decisions;
  bs_linkage decided;
  CHECK(bs_link(&decided, &alone, &options) == BS_OK);
  CHECK(same_person(&decided, a1, a2) && decided.review_count == 0);
  j = join_of(&decided, a2);
  CHECK(j && !strcmp(j->reason, "reviewer said same"));
  bs_linkage_free(&decided);
  bs_link_decisions_free(&decisions);
  /* "different": the pair is neither joined nor asked again, even past the threshold. */
  snprintf(decisions_csv, sizeof decisions_csv, "record_a,record_b,decision\n%s,%s,Different\n",
           key_a, key_b);
  CHECK(bs_link_decisions_read(&decisions, decisions_csv, strlen(decisions_csv), &line) == BS_OK);
  options.decisions = &decisions;
  options.match_weight = -50;
  CHECK(bs_link(&decided, &alone, &options) == BS_OK);
  CHECK(!same_person(&decided, a1, a2));
  bs_linkage_free(&decided);
  bs_link_decisions_free(&decisions);
  free(text);
  bs_linkage_free(&link);
  bs_records_free(&alone);
  bs_records_free(&set);
}

static void test_decisions_errors(void) {
  bs_link_decisions d;
  size_t line = 0;
  static const char *const bad[] = {
      "",                                                      /* not even a header */
      "decision,record_a\nsame,x\n",                           /* no record_b column */
      "decision,record_a,record_b\nmaybe,x,y\n",               /* neither same nor different */
      "decision,record_a,record_b\nsame,x,y\ndifferent,y,x\n", /* both ways */
      "decision,record_a,record_b\nsame,,y\n",                 /* a key missing */
      "decision,record_a,record_b\nsame,\"x,y\n",              /* an open quote */
      "decision,record_a,record_b\nsame,a b,c\n",              /* a space: no record key */
  };
  static const size_t bad_line[] = {1, 1, 2, 3, 2, 2, 2};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK(bs_link_decisions_read(&d, bad[i], strlen(bad[i]), &line) == BS_EFORMAT);
    CHECK(line == bad_line[i]);
    if (line != bad_line[i]) printf("decisions case %zu: line %zu\n", i, line);
  }
  char long_key[400];
  memset(long_key, 'k', sizeof long_key - 1);
  long_key[sizeof long_key - 1] = '\0';
  char text[600];
  snprintf(text, sizeof text, "decision,record_a,record_b\nsame,%s,y\n", long_key);
  CHECK(bs_link_decisions_read(&d, text, strlen(text), &line) == BS_EFORMAT && line == 2);
}

/* Blocking keeps the comparisons linear: a thousand records on one date of birth. */
static void test_blocking(void) {
  bs_record_set set;
  CHECK(bs_records_begin(&set) == BS_OK);
  for (int i = 0; i < 1000; i++) {
    char name[64];
    snprintf(name, sizeof name, "GIVEN%c%c SURNAME%c%c", 'A' + i % 26, 'A' + i / 26 % 26,
             'A' + i / 3 % 26, 'A' + i / 78 % 26);
    field f[] = {{BS_EL_NAME, name}, {BS_EL_DOB, "1970-01-01"}, {0, NULL}};
    add(&set, 1, (uint64_t)i + 1, f);
  }
  CHECK(bs_records_finish(&set, NULL) == BS_OK);
  bs_linkage link;
  CHECK(bs_link(&link, &set, NULL) == BS_OK);
  CHECK(link.candidate_pairs > 0 && link.candidate_pairs <= 1000 * 64 * 3);
  bs_linkage_free(&link);
  bs_records_free(&set);
}

/* A letterhead's phone and address in the passages of many people are the writer's: out
 * of their records, listed; a table row's own copy of the value stays its own. */
static void test_shared_contacts(void) {
  bs_record_set set;
  CHECK(bs_records_begin(&set) == BS_OK);
  size_t rows[20];
  for (int i = 0; i < 20; i++) {
    char name[64], dob[32];
    snprintf(name, sizeof name, "LETTER%c RECIPIENT%c", 'A' + i, 'A' + i);
    snprintf(dob, sizeof dob, "19%02d-0%d-1%d", 40 + i, 1 + i % 9, i % 10);
    field f[] = {{BS_EL_ADDRESS, "1561 FLOYD ST STE 151"},
                 {BS_EL_CITY, "THORNE BAY"},
                 {BS_EL_ZIP, "99919"},
                 {BS_EL_PHONE, "6423598085"},
                 {BS_EL_NAME, name},
                 {BS_EL_DOB, dob},
                 {0, NULL}};
    rows[i] = add(&set, 10 + i, 0, f);
  }
  field own[] = {{BS_EL_NAME, "FRONT DESK"}, {BS_EL_PHONE, "6423598085"}, {0, NULL}};
  size_t desk = add(&set, 99, 1, own);
  CHECK(bs_records_finish(&set, NULL) == BS_OK);
  CHECK(set.shared_count == 2 && set.shared_by[0] == 20);
  CHECK(!set.items[rows[0]].phone && !set.items[rows[0]].address && !set.items[rows[0]].zip);
  CHECK(!(set.items[rows[0]].types & (1u << BS_EL_PHONE)));
  CHECK(!(set.items[rows[0]].types & (1u << BS_EL_CITY)));
  CHECK(set.items[desk].phone != 0);
  CHECK(set.unattributed[BS_EL_PHONE] == 20 && set.unattributed[BS_EL_ZIP] == 20);
  bs_records_free(&set);
  /* The threshold is a setting: 0 keeps everything. */
  CHECK(bs_records_begin(&set) == BS_OK);
  for (int i = 0; i < 20; i++) {
    char name[64];
    snprintf(name, sizeof name, "LETTER%c RECIPIENT%c", 'A' + i, 'A' + i);
    field f[] = {{BS_EL_PHONE, "6423598085"}, {BS_EL_NAME, name}, {0, NULL}};
    add(&set, 10 + i, 0, f);
  }
  bs_records_options keep = {0};
  CHECK(bs_records_finish(&set, &keep) == BS_OK);
  CHECK(set.shared_count == 0 && set.items[0].phone != 0);
  bs_records_free(&set);
}

/* A generic date repeating the record's date of service adds no element. */
static void test_repeated_dates(void) {
  bs_record_set set;
  CHECK(bs_records_begin(&set) == BS_OK);
  field note[] = {{BS_EL_NAME, "ADA LOVELACE"},
                  {BS_EL_SERVICE_DATE, "2024-07-02"},
                  {BS_EL_DATE, "2024-07-02"},
                  {0, NULL}};
  field other[] = {{BS_EL_NAME, "ADA LOVELACE"},
                   {BS_EL_SERVICE_DATE, "2024-07-02"},
                   {BS_EL_DATE, "2024-07-09"},
                   {0, NULL}};
  size_t a = add(&set, 1, 0, note), b = add(&set, 2, 0, other);
  CHECK(bs_records_finish(&set, NULL) == BS_OK);
  CHECK(!(set.items[a].types & (1u << BS_EL_DATE)));
  CHECK(set.items[b].types & (1u << BS_EL_DATE));
  CHECK(set.items[a].types & (1u << BS_EL_SERVICE_DATE));
  bs_records_free(&set);
}

/* EM learns the m of exact agreement from the candidate pairs: here every person's
 * records agree on the date of birth, so its m rises above the default. On data where
 * the commonest kind of pair is not a match (every given name a typo of the others) the
 * model it finds is refused and the defaults stay. */
static void test_estimate_m(void) {
  static const char *const given[] = {"WALTER", "DOROTHY",   "HAROLD",  "BEATRICE", "CLARENCE",
                                      "EUNICE", "VERNON",    "GLADYS",  "MORRIS",   "THELMA",
                                      "LEROY",  "MILDRED",   "ORVILLE", "AGNES",    "RUFUS",
                                      "HAZEL",  "CORNELIUS", "IRMA",    "PERCY",    "LUCILLE"};
  static const char *const family[] = {"ABERNATHY",  "BRANNIGAN",   "CASTELLANOS", "DUNWOODY",
                                       "ESPINOZA",   "FAIRWEATHER", "GALLAGHER",   "HOLLOWAY",
                                       "IVANOVA",    "JABLONSKI",   "KOWALCZYK",   "LINDQVIST",
                                       "MONTGOMERY", "NAKAMURA",    "OYELARAN"};
  for (int odd = 0; odd < 2; odd++) {
    bs_record_set set;
    CHECK(bs_records_begin(&set) == BS_OK);
    for (int i = 0; i < 300; i++) {
      char name[64], dob[32];
      if (odd)
        snprintf(name, sizeof name, "PERSON%c%c %s", 'A' + i % 26, 'A' + i / 26 % 26,
                 i % 2 ? "ABERNATHY" : "CASTELLANOS");
      else
        snprintf(name, sizeof name, "%s %s", given[i % 20], family[i / 20]);
      snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1930 + i % 70, 1 + i * 5 % 12, 1 + i * 7 % 28);
      for (int copy = 0; copy < 3; copy++) {
        field f[] = {{BS_EL_NAME, name}, {BS_EL_DOB, dob}, {0, NULL}};
        add(&set, 10 + copy, (uint64_t)i + 1, f);
      }
    }
    CHECK(bs_records_finish(&set, NULL) == BS_OK);
    bs_link_options options;
    bs_link_options_default(&options);
    CHECK(options.estimate == 0);
    bs_linkage link;
    CHECK(bs_link(&link, &set, &options) == BS_OK);
    CHECK(link.em_pairs == 0); /* the defaults unless asked */
    bs_linkage_free(&link);
    options.estimate = 1;
    CHECK(bs_link(&link, &set, &options) == BS_OK);
    CHECK(link.em_pairs > 100);
    if (odd) {
      CHECK(link.em_rounds == -1 && link.em_m_dob > 0.929 && link.em_m_dob < 0.931);
    } else {
      CHECK(link.em_rounds >= 1 && link.em_m_dob > 0.93 && link.em_m_dob < 1.0);
      CHECK(link.em_m_given > 0.9 && link.em_m_surname > 0.9);
      CHECK(link.persons == 300);
    }
    if (!odd && !(link.em_m_dob > 0.93))
      printf("em: %zu pairs, %d rounds, m dob %.3f given %.3f\n", link.em_pairs, link.em_rounds,
             link.em_m_dob, link.em_m_given);
    bs_linkage_free(&link);
    bs_records_free(&set);
  }
}

/* A street address agrees whichever component its unit came in: one line ("12 BIRCH LN
 * APT 4B"), or a second line of its own ("# 4B": HL7 XAD.2, X12 N302, FHIR line[1]); two
 * units of one street are two homes. The address is what vouches for a married name. */
static void test_address_units(void) {
  bs_record_set set;
  CHECK(bs_records_begin(&set) == BS_OK);
  add_crowd(&set, 400);
  field maiden[] = {{BS_EL_FIRST_NAME, "GRETA"}, {BS_EL_LAST_NAME, "OKONJO"},
                    {BS_EL_DOB, "1977-03-05"},   {BS_EL_ADDRESS, "12 BIRCH LN APT 4B"},
                    {BS_EL_CITY, "SPRINGFIELD"}, {0, NULL}};
  field married[] = {{BS_EL_FIRST_NAME, "GRETA"}, {BS_EL_LAST_NAME, "HALVORSEN"},
                     {BS_EL_DOB, "1977-03-05"},   {BS_EL_ADDRESS, "12 BIRCH LN"},
                     {BS_EL_ADDRESS, "# 4B"},     {0, NULL}};
  field neighbour[] = {{BS_EL_FIRST_NAME, "GRETA"}, {BS_EL_LAST_NAME, "FONSECA"},
                       {BS_EL_DOB, "1977-03-05"},   {BS_EL_ADDRESS, "12 BIRCH LN"},
                       {BS_EL_ADDRESS, "APT 7"},    {0, NULL}};
  size_t m = add(&set, 1, 1, maiden), w = add(&set, 2, 1, married), n = add(&set, 3, 1, neighbour);
  CHECK(bs_records_finish(&set, NULL) == BS_OK);
  CHECK(set.items[w].address2 && !strcmp(bs_records_value(&set, set.items[w].address2), "# 4B"));
  CHECK(!strcmp(bs_records_value(&set, set.items[w].address), "12 BIRCH LN"));
  CHECK(set.items[m].address2 == 0); /* a city after the street is no second line */
  bs_linkage link;
  CHECK(bs_link(&link, &set, NULL) == BS_OK);
  CHECK(same_person(&link, m, w));
  const bs_link_join *j = join_of(&link, w);
  CHECK(j && strstr(j->reason, " address") != NULL);
  CHECK(!same_person(&link, m, n) && !same_person(&link, w, n)); /* APT 7 is another home */
  bs_linkage_free(&link);
  bs_records_free(&set);
}

void test_link_matching(void) {
  test_estimate_m();
  test_comparators();
  test_hard_cases();
  test_decisions_errors();
  test_blocking();
  test_shared_contacts();
  test_repeated_dates();
  test_address_units();
}
