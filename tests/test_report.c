/* The obligations report: the calendar (weekdays, federal holidays, business days), the
 * rules table (every jurisdiction present, every rule's trigger, parse errors named by
 * file, line and column), obligations and deadlines on small hand-made cases, and the
 * report written from a case store (owner-only files, options remembered, re-run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "base/alloc.h"
#include "base/embedded.h"
#include "report/calendar.h"
#include "report/report.h"
#include "test.h"

static long day(const char *text) {
  long d = -1;
  CHECKF(bs_day_parse(text, &d), "%s", text);
  return d;
}

static void test_calendar(void) {
  char out[11], name[80];
  CHECK(day("1970-01-01") == 0);
  bs_day_format(day("2024-02-29"), out);
  CHECK(!strcmp(out, "2024-02-29"));
  long probe;
  CHECK(!bs_day_parse("2023-02-29", &probe));
  CHECK(!bs_day_parse("2024-13-01", &probe));
  CHECK(!bs_day_parse("2024-1-01", &probe));
  for (long d = day("1999-12-25"); d < day("2031-01-10"); d += 37) {
    int y, m, dd;
    bs_day_to_civil(d, &y, &m, &dd);
    CHECKF(bs_day_from_civil(y, m, dd) == d, "day %ld", d);
  }
  CHECK(!strcmp(bs_day_weekday_name(day("2024-07-20")), "Saturday"));
  CHECK(bs_day_weekday(day("2025-03-01")) == 6);
  /* 5 U.S.C. 6103: fixed, nth-weekday and last-weekday holidays, and observed days. */
  CHECK(bs_day_holiday(day("2024-09-02"), name, sizeof name) && !strcmp(name, "Labor Day"));
  CHECK(bs_day_holiday(day("2024-11-28"), name, sizeof name) && !strcmp(name, "Thanksgiving Day"));
  CHECK(bs_day_holiday(day("2024-05-27"), name, sizeof name) && !strcmp(name, "Memorial Day"));
  CHECK(bs_day_holiday(day("2024-01-15"), name, sizeof name) && strstr(name, "Martin Luther King"));
  CHECK(bs_day_holiday(day("2024-10-14"), name, sizeof name) && !strcmp(name, "Columbus Day"));
  CHECK(bs_day_holiday(day("2026-07-03"), name, sizeof name) &&
        !strcmp(name, "Independence Day (observed)"));
  CHECK(!bs_day_holiday(day("2026-07-04"), name, sizeof name)); /* a Saturday: observed Friday */
  CHECK(bs_day_holiday(day("2021-12-31"), name, sizeof name) &&
        !strcmp(name, "New Year's Day (observed)"));
  CHECK(bs_day_holiday(day("2023-11-10"), name, sizeof name) && strstr(name, "Veterans Day"));
  CHECK(bs_day_holiday(day("2022-06-20"), name, sizeof name) && strstr(name, "Juneteenth"));
  CHECK(!bs_day_holiday(day("2020-06-19"), name, sizeof name)); /* before 2021 */
  CHECK(!bs_day_holiday(day("2024-09-03"), name, sizeof name));
  /* Business days skip weekends and observed holidays. */
  CHECK(bs_day_add_business(day("2024-08-30"), 1) == day("2024-09-03"));
  CHECK(bs_day_add_business(day("2024-07-19"), 5) == day("2024-07-26"));
  CHECK(bs_day_add_business(day("2024-12-20"), 5) == day("2024-12-30"));
}

static const bs_rule *find_rule(const bs_rules *rules, const char *jurisdiction, const char *kind,
                                const char *citation) {
  for (size_t i = 0; i < rules->count; i++) {
    const bs_rule *r = &rules->items[i];
    if (!strcmp(r->jurisdiction, jurisdiction) && !strcmp(r->kind, kind) &&
        (!citation || !strcmp(r->citation, citation)))
      return r;
  }
  return NULL;
}

static uint32_t el(const char *names) {
  uint32_t mask = 0;
  char copy[256];
  snprintf(copy, sizeof copy, "%s", names);
  for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    bs_element type = bs_element_from_name(w);
    CHECKF(type != BS_EL_NONE, "%s", w);
    if (type != BS_EL_NONE) mask |= 1u << type;
  }
  return mask;
}

static void test_rules_table(const bs_rules *rules) {
  /* Every state, DC and inhabited territory of data/states.tsv has its rows; UM (no
   * permanent population), the freely associated states and the military codes have no
   * breach law of their own. */
  static const char *const not_jurisdictions[] = {"UM", "FM", "MH", "PW", "AA", "AE", "AP"};
  size_t states = 0;
  const char *p = bs_data_states;
  while (p < bs_data_states_end) {
    char code[8];
    size_t len = strcspn(p, "\t\n");
    snprintf(code, sizeof code, "%.*s", (int)(len < 7 ? len : 7), p);
    int skip = 0;
    for (size_t i = 0; i < sizeof not_jurisdictions / sizeof *not_jurisdictions; i++)
      skip |= !strcmp(code, not_jurisdictions[i]);
    if (!skip) {
      states++;
      CHECKF(find_rule(rules, code, "individual", NULL) || find_rule(rules, code, "none", NULL),
             "no rule for %s", code);
    }
    p = strchr(p, '\n');
    if (!p) break;
    p++;
  }
  CHECKF(states == 56, "%zu jurisdictions in states.tsv", states); /* 50 + DC + 5 territories */
  CHECK(find_rule(rules, "US", "individual", "45 CFR 164.404") != NULL);
  CHECK(find_rule(rules, "US", "media", "45 CFR 164.406") != NULL);
  CHECK(find_rule(rules, "US", "hhs", "45 CFR 164.408(b)") != NULL);
  CHECK(find_rule(rules, "US", "hhs", "45 CFR 164.408(c)") != NULL);
  CHECK(find_rule(rules, "US", "substitute", "45 CFR 164.404(d)(2)(i)") != NULL);
  CHECK(find_rule(rules, "US", "substitute", "45 CFR 164.404(d)(2)(ii)") != NULL);
  for (size_t i = 0; i < rules->count; i++) {
    const bs_rule *r = &rules->items[i];
    CHECKF(r->last_checked[0] && (r->alt_count == 0 || r->citation[0]), "line %zu", r->line);
    /* Each alternative triggers with one element of each of its terms, at its level. */
    for (size_t a = 0; a < r->alt_count; a++) {
      const bs_rule_alt *alt = &r->alts[a];
      uint32_t mask = 0;
      for (size_t t = 0; t < alt->term_count; t++) mask |= alt->terms[t] & -alt->terms[t];
      CHECKF(bs_rule_match(r, mask) >= (alt->conditional ? 1 : 2), "line %zu alternative %zu",
             r->line, a);
      /* ... and with any one term missing, only through another alternative. */
      for (size_t t = 0; alt->term_count > 1 && t < alt->term_count; t++) {
        uint32_t without = mask & ~alt->terms[t];
        int other = 0;
        for (size_t b = 0; b < r->alt_count; b++) {
          if (b == a) continue;
          size_t k = 0;
          while (k < r->alts[b].term_count && (r->alts[b].terms[k] & without)) k++;
          other |= k == r->alts[b].term_count;
        }
        if (!other) CHECKF(bs_rule_match(r, without) == 0, "line %zu without term %zu", r->line, t);
      }
    }
    int any_person = 0;
    for (size_t a = 0; a < r->alt_count; a++) any_person |= r->alts[a].term_count == 0;
    CHECKF(bs_rule_match(r, 0) == (any_person ? 2 : 0), "line %zu with no elements", r->line);
  }
  /* Trigger logic of particular laws, as the research table reads them. */
  const bs_rule *tx = find_rule(rules, "TX", "individual", NULL);
  const bs_rule *ga = find_rule(rules, "GA", "individual", NULL);
  const bs_rule *wa = find_rule(rules, "WA", "individual", NULL);
  const bs_rule *ct_cm = find_rule(rules, "CT", "credit_monitoring", NULL);
  const bs_rule *hipaa = find_rule(rules, "US", "individual", NULL);
  CHECK(tx && ga && wa && ct_cm && hipaa);
  if (!tx || !ga || !wa || !ct_cm || !hipaa) return;
  CHECK(bs_rule_match(tx, el("name ssn")) == 2);
  CHECK(bs_rule_match(tx, el("first_name last_name icd10cm")) == 2);
  CHECK(bs_rule_match(tx, el("last_name member_id")) == 2);
  CHECK(bs_rule_match(tx, el("ssn dob")) == 0); /* no name */
  CHECK(bs_rule_match(tx, el("name dob phone address")) == 0);
  CHECK(bs_rule_match(tx, el("name account")) == 1); /* the access code is unknown */
  CHECK(bs_rule_match(ga, el("name icd10cm cpt")) == 0);
  CHECK(bs_rule_match(ga, el("name drivers_license")) == 2);
  CHECK(bs_rule_match(wa, el("name dob")) == 2);
  CHECK(bs_rule_match(tx, el("name dob")) == 0);
  CHECK(bs_rule_match(ct_cm, el("name ssn")) == 2);
  CHECK(bs_rule_match(ct_cm, el("name itin")) == 2);
  CHECK(bs_rule_match(ct_cm, el("name icd10cm")) == 0);
  CHECK(bs_rule_match(hipaa, el("mrn")) == 2);
}

/* Every rule of the table on a case made to trigger it: its deadline is the clock plus
 * its days, counted here independently of obligations.c, and a weekend or holiday is
 * warned of, never moved. */
static void test_every_deadline(const bs_rules *rules) {
  const long discovery = day("2024-07-20");
  int year, month, dd;
  bs_day_to_civil(discovery, &year, &month, &dd);
  for (size_t i = 0; i < rules->count; i++) {
    const bs_rule *rule = &rules->items[i];
    if (!rule->alt_count) continue;
    const bs_rule_alt *alt = &rule->alts[0];
    uint32_t mask = 0;
    for (size_t t = 0; t < alt->term_count; t++) mask |= alt->terms[t];
    size_t persons = rule->min_count > 0 ? (size_t)rule->min_count : 1;
    const char *state = strcmp(rule->jurisdiction, "US") ? rule->jurisdiction : "TX";
    bs_report r;
    memset(&r, 0, sizeof r);
    char err[256];
    if (bs_rules_load_embedded(&r.rules, err, sizeof err) != BS_OK) {
      CHECKF(0, "%s", err);
      return;
    }
    snprintf(r.discovered, sizeof r.discovered, "2024-07-20");
    r.discovery = discovery;
    r.hipaa = 1;
    r.states = bs_calloc(1, sizeof *r.states);
    r.combos = bs_calloc(1, sizeof *r.combos);
    if (!r.states || !r.combos) {
      bs_report_free(&r);
      CHECK(0);
      return;
    }
    snprintf(r.states[0].code, sizeof r.states[0].code, "%s", state);
    r.state_count = r.combo_count = 1;
    r.combos[0] = (bs_report_combo){0, mask, 0, persons, 0, persons, persons};
    r.persons = r.states[0].persons = r.no_address = persons;
    CHECK(bs_report_obligations(&r) == BS_OK);
    /* The obligation of this very rule (same position in the table the report loaded). */
    const bs_rule *mine = &r.rules.items[i];
    const bs_obligation *o = NULL;
    for (size_t k = 0; k < r.obligation_count && !o; k++)
      if (r.obligations[k].rule == mine) o = &r.obligations[k];
    CHECKF(o != NULL, "line %zu: %s %s not triggered by its first alternative", rule->line,
           rule->jurisdiction, rule->kind);
    if (!o) {
      bs_report_free(&r);
      continue;
    }
    long base = -1;
    if (rule->clock == BS_CLOCK_DISCOVERY) base = discovery;
    if (rule->clock == BS_CLOCK_YEAR_END) base = bs_day_from_civil(year, 12, 31);
    for (size_t k = 0; k < r.obligation_count && rule->clock == BS_CLOCK_INDIVIDUAL_NOTICE; k++) {
      const bs_obligation *n = &r.obligations[k];
      if (!strcmp(n->rule->kind, "individual") && n->deadline >= 0 &&
          (!strcmp(n->rule->jurisdiction, rule->jurisdiction) ||
           (base < 0 && !strcmp(n->rule->jurisdiction, "US"))))
        base = n->deadline;
    }
    for (size_t k = 0; k < r.obligation_count && rule->clock == BS_CLOCK_HHS_NOTICE; k++)
      if (!strcmp(r.obligations[k].rule->kind, "hhs")) base = r.obligations[k].deadline;
    long want = -1;
    if (base >= 0) {
      want = base;
      for (int left = rule->deadline_days; left > 0;) {
        want++;
        char holiday[80];
        int w = bs_day_weekday(want);
        if (!rule->business_days || (w != 0 && w != 6 && !bs_day_holiday(want, holiday, 80)))
          left--;
      }
    }
    CHECKF(o->deadline == want, "line %zu: %s %s deadline %ld, want %ld", rule->line,
           rule->jurisdiction, rule->kind, o->deadline, want);
    char holiday[80];
    int off_day = want >= 0 && (bs_day_weekday(want) == 0 || bs_day_weekday(want) == 6 ||
                                bs_day_holiday(want, holiday, sizeof holiday));
    CHECKF(off_day == (o->warning[0] != '\0'), "line %zu: warning '%s'", rule->line, o->warning);
    bs_report_free(&r);
  }
}

static void expect_error(const char *groups, const char *rules_text, const char *want) {
  bs_rules rules;
  char err[256];
  bs_status status = bs_rules_parse(&rules, groups, strlen(groups), "g.tsv", rules_text,
                                    strlen(rules_text), "r.tsv", err, sizeof err);
  CHECKF(status == BS_EFORMAT && strstr(err, want), "want '%s', got '%s'", want, err);
  bs_rules_free(&rules);
}

static const char rule_header[] =
    "jurisdiction\tname\trule\tcitation\trecipient\ttrigger\tcount_of\tmin_count\tmax_count\t"
    "deadline_days\tdeadline_unit\tdeadline_from\tdeadline_text\tclock\thipaa_covered_entity\t"
    "hipaa_note\tharm_threshold\trequirements\tverified\tverification\tlast_checked\tsources\n";

static void test_rules_errors(void) {
  const char *groups = "group\telements\thhs_phi_type\tin_combination\tdescription\n"
                       "name\tname last_name\tDemographic\tyes\tn\n"
                       "ssn\tssn\tDemographic\tyes\ts\n";
  char rules_text[2048];
  /* A good row first, so that each error below is the only change. */
  snprintf(rules_text, sizeof rules_text,
           "%sXX\tX\tindividual\tcite\twho\tname+ssn, mrn?\tresidents\t1\t\t30\tdays\tdiscovery\t"
           "t\t\t\t\t\t\tno\t\t2026-11-23\t\n",
           rule_header);
  bs_rules rules;
  char err[256];
  CHECK(bs_rules_parse(&rules, groups, strlen(groups), "g", rules_text, strlen(rules_text), "r",
                       err, sizeof err) == BS_OK);
  CHECK(rules.count == 1 && rules.items[0].alt_count == 2 && rules.items[0].alts[1].conditional);
  CHECK(rules.count == 1 && rules.items[0].deadline_days == 30);
  bs_rules_free(&rules);
  expect_error("group\telements\n", rules_text, "g.tsv: line 1: 2 fields; 5 expected");
  expect_error("group\telements\thhs_phi_type\tin_combination\tdescription\nx\tnope\t\tno\td\n",
               rules_text, "g.tsv: line 2: column elements: 'nope' is not an element type");
  snprintf(
      rules_text, sizeof rules_text,
      "%sXX\tX\tindividual\tcite\twho\tname+sssn\tresidents\t1\t\t30\tdays\tdiscovery\tt\t\t\t\t"
      "\t\tno\t\t2026-11-23\t\n",
      rule_header);
  expect_error(groups, rules_text, "r.tsv: line 2: column trigger: 'sssn' is neither");
  snprintf(rules_text, sizeof rules_text,
           "%sXX\tX\tindividual\tcite\twho\tname+ssn\tresidents\t1\t\tthirty\tdays\tdiscovery\tt"
           "\t\t\t\t\t\tno\t\t2026-11-23\t\n",
           rule_header);
  expect_error(groups, rules_text, "line 2: column deadline_days: 'thirty' is not a whole number");
  snprintf(rules_text, sizeof rules_text,
           "%sXX\tX\tindividual\tcite\twho\tname+ssn\tresidents\t10\t9\t\t\t\tt\t\t\t\t\t\tno\t\t"
           "2026-11-23\t\n",
           rule_header);
  expect_error(groups, rules_text, "column max_count: below min_count");
  snprintf(
      rules_text, sizeof rules_text,
      "%sXX\tX\tindividual\tcite\twho\tname+ssn\tresidents\t1\t\t\t\t\tt\t\tmaybe\t\t\t\tno\t\t"
      "2026-11-23\t\n",
      rule_header);
  expect_error(groups, rules_text, "column hipaa_covered_entity: 'maybe' is not one");
  snprintf(rules_text, sizeof rules_text, "%sXX\tX\tindividual\tcite\twho\tname+ssn\tresidents\n",
           rule_header);
  expect_error(groups, rules_text, "r.tsv: line 2: 7 fields; 22 expected");
  snprintf(rules_text, sizeof rules_text,
           "%sXX\tX\tindividual\tcite\twho\tname+ssn\tresidents\t1\t\t\t\tdiscovery\tt\t\t\t\t\t\t"
           "no\t\t2026-11-23\t\n",
           rule_header);
  expect_error(groups, rules_text, "counted from discovery without deadline_days");
  snprintf(rules_text, sizeof rules_text,
           "%sXX\tX\tindividual\tcite\twho\tname,\tresidents\t1\t\t\t\t\tt\t\t\t\t\t\tno\t\t"
           "2026-11-23\t\n",
           rule_header);
  expect_error(groups, rules_text, "an element group is missing");
  expect_error(groups, "jurisdiction\tname\n", "r.tsv: line 1: 2 fields; 22 expected");
  expect_error(groups, "", "r.tsv: line 1: empty file");
}

/* A report with the embedded rules and hand-made persons: each combination given as
 * state, elements, persons, no_address. */
typedef struct combo_spec {
  const char *state, *elements;
  size_t persons, no_address, deceased;
} combo_spec;

static int setup(bs_report *r, const char *discovered, int hipaa, const combo_spec *specs) {
  memset(r, 0, sizeof *r);
  char err[256];
  if (bs_rules_load_embedded(&r->rules, err, sizeof err) != BS_OK) return 0;
  snprintf(r->discovered, sizeof r->discovered, "%s", discovered);
  r->discovery = day(discovered);
  r->hipaa = hipaa;
  size_t n = 0;
  while (specs[n].state) n++;
  r->states = bs_calloc(n + 1, sizeof *r->states);
  r->combos = bs_calloc(n + 1, sizeof *r->combos);
  if (!r->states || !r->combos) return 0;
  for (size_t i = 0; i < n; i++) {
    size_t s = 0;
    while (s < r->state_count && strcmp(r->states[s].code, specs[i].state) != 0) s++;
    if (s == r->state_count) snprintf(r->states[r->state_count++].code, 8, "%s", specs[i].state);
    bs_report_combo *c = &r->combos[r->combo_count++];
    c->state = s;
    c->elements = el(specs[i].elements);
    c->persons = specs[i].persons;
    c->no_address = specs[i].no_address;
    c->deceased = specs[i].deceased;
    r->states[s].persons += c->persons;
    r->persons += c->persons;
    r->no_address += c->no_address;
  }
  return bs_report_obligations(r) == BS_OK;
}

static const bs_obligation *find_obligation(const bs_report *r, const char *jurisdiction,
                                            const char *kind, const char *citation,
                                            const char *state) {
  for (size_t i = 0; i < r->obligation_count; i++) {
    const bs_obligation *o = &r->obligations[i];
    if (!strcmp(o->rule->jurisdiction, jurisdiction) && !strcmp(o->rule->kind, kind) &&
        (!citation || !strcmp(o->rule->citation, citation)) && (!state || !strcmp(o->state, state)))
      return o;
  }
  return NULL;
}

static void test_hipaa_obligations(void) {
  bs_report r;
  /* 600 persons: 501 Texans, 99 Floridians; 12 without an address. */
  combo_spec big[] = {{"TX", "name dob icd10cm", 400, 12, 0},
                      {"TX", "name ssn", 101, 0, 0},
                      {"FL", "name dob", 99, 0, 2},
                      {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-20", 1, big));
  const bs_obligation *o = find_obligation(&r, "US", "individual", NULL, NULL);
  CHECK(o && o->persons == 600 && o->deadline == day("2024-09-18"));
  o = find_obligation(&r, "US", "hhs", "45 CFR 164.408(b)", NULL);
  CHECK(o && o->deadline == day("2024-09-18"));
  CHECK(!find_obligation(&r, "US", "hhs", "45 CFR 164.408(c)", NULL));
  CHECK(find_obligation(&r, "US", "media", NULL, "TX") != NULL); /* 501: more than 500 */
  CHECK(!find_obligation(&r, "US", "media", NULL, "FL"));
  o = find_obligation(&r, "US", "substitute", "45 CFR 164.404(d)(2)(ii)", NULL);
  CHECK(o && o->persons == 12);
  CHECK(!find_obligation(&r, "US", "substitute", "45 CFR 164.404(d)(2)(i)", NULL));
  o = find_obligation(&r, "US", "next_of_kin", NULL, NULL);
  CHECK(o && o->persons == 2);
  /* Texas: 60 days for residents, the AG within 30 days when 250 or more. */
  o = find_obligation(&r, "TX", "individual", NULL, "TX");
  CHECK(o && o->persons == 501 && o->deadline == day("2024-09-18") &&
        o->status == BS_OBLIGATION_OWED);
  o = find_obligation(&r, "TX", "regulator", NULL, "TX");
  CHECK(o && o->deadline == day("2024-08-19") && strstr(o->basis, "30 calendar days"));
  /* Florida residents with name and date of birth only: no Florida law is triggered. */
  CHECK(!find_obligation(&r, "FL", "individual", NULL, NULL));
  bs_report_free(&r);

  /* Fewer than 500: the yearly HHS log, due 60 days after the end of the year. */
  combo_spec small[] = {{"OH", "name mrn", 9, 9, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2023-05-02", 1, small));
  o = find_obligation(&r, "US", "hhs", "45 CFR 164.408(c)", NULL);
  CHECK(o && o->deadline == day("2024-02-29")); /* 2024 is a leap year */
  CHECK(!find_obligation(&r, "US", "hhs", "45 CFR 164.408(b)", NULL));
  o = find_obligation(&r, "US", "substitute", "45 CFR 164.404(d)(2)(i)", NULL);
  CHECK(o && o->persons == 9);
  CHECK(!find_obligation(&r, "US", "media", NULL, NULL));
  bs_report_free(&r);
  CHECK(setup(&r, "2024-05-02", 1, small));
  o = find_obligation(&r, "US", "hhs", "45 CFR 164.408(c)", NULL);
  CHECK(o && o->deadline == day("2025-03-01") && strstr(o->warning, "Saturday"));
  bs_report_free(&r);
}

static void test_state_obligations(void) {
  bs_report r;
  const bs_obligation *o;
  /* A deadline on a holiday: reported as it falls (2024-07-04 + 60 = Labor Day). */
  combo_spec one[] = {{"TX", "name ssn", 10, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-04", 1, one));
  o = find_obligation(&r, "US", "individual", NULL, NULL);
  CHECK(o && o->deadline == day("2024-09-02") && strstr(o->warning, "Labor Day"));
  CHECK(!find_obligation(&r, "TX", "regulator", NULL, NULL)); /* 10 < 250 */
  bs_report_free(&r);

  /* California: the AG 15 days after the 30-day individual notice, above 500 residents. */
  combo_spec ca[] = {{"CA", "name ssn", 501, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-20", 1, ca));
  o = find_obligation(&r, "CA", "individual", NULL, NULL);
  CHECK(o && o->deadline == day("2024-08-19") && o->status == BS_OBLIGATION_OWED);
  o = find_obligation(&r, "CA", "regulator", NULL, NULL);
  CHECK(o && o->deadline == day("2024-09-03"));
  o = find_obligation(&r, "CA", "credit_monitoring", NULL, NULL);
  CHECK(o && o->persons == 501);
  bs_report_free(&r);
  ca[0].persons = 500;
  CHECK(setup(&r, "2024-07-20", 1, ca));
  CHECK(!find_obligation(&r, "CA", "regulator", NULL, NULL));
  bs_report_free(&r);

  /* Arizona exempts HIPAA covered entities; an entity outside HIPAA owes the notice. */
  combo_spec az[] = {{"AZ", "name icd10cm", 3, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-20", 1, az));
  o = find_obligation(&r, "AZ", "individual", NULL, NULL);
  CHECK(o && o->status == BS_OBLIGATION_EXEMPT && o->deadline == day("2024-09-03"));
  bs_report_free(&r);
  CHECK(setup(&r, "2024-07-20", 0, az));
  o = find_obligation(&r, "AZ", "individual", NULL, NULL);
  CHECK(o && o->status == BS_OBLIGATION_OWED);
  CHECK(!find_obligation(&r, "US", "individual", NULL, NULL)); /* not a HIPAA entity */
  bs_report_free(&r);

  /* Vermont: the AG within 14 business days of discovery. */
  combo_spec vt[] = {{"VT", "name ssn", 1, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-08-23", 1, vt));
  o = find_obligation(&r, "VT", "regulator", NULL, NULL);
  /* Aug 23 (Fri) + 14 business days, Labor Day skipped: Sept 13. */
  CHECK(o && o->deadline == day("2024-09-13") && strstr(o->basis, "business days"));
  bs_report_free(&r);

  /* New York: a HIPAA entity tells the AG within 5 business days of notifying HHS. */
  combo_spec ny[] = {{"NY", "name dob", 600, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-20", 1, ny));
  o = find_obligation(&r, "NY", "regulator", "N.Y. Gen. Bus. Law 899-aa(9)", NULL);
  CHECK(o && o->deadline == day("2024-09-25"));                /* HHS due Sept 18 (Wed) */
  CHECK(!find_obligation(&r, "NY", "individual", NULL, NULL)); /* name + dob: not NY PI */
  bs_report_free(&r);

  /* Conditional elements: a financial account number alone counts only conditionally. */
  combo_spec nj[] = {{"NJ", "name account", 4, 0, 0}, {NULL, NULL, 0, 0, 0}};
  CHECK(setup(&r, "2024-07-20", 1, nj));
  o = find_obligation(&r, "NJ", "individual", NULL, NULL);
  CHECK(o && o->conditional == 4 && o->threshold_conditional);
  /* New Jersey sets no day: its State Police notice follows the HIPAA day. */
  o = find_obligation(&r, "NJ", "regulator", NULL, NULL);
  CHECK(o && o->deadline == day("2024-09-18") && strstr(o->basis, "HIPAA"));
  bs_report_free(&r);
}

/* A case store with a persons table shaped as `breachscope people` writes it. */
static int make_case(const char *dir) {
  bs_case_settings settings = {"Test Clinic", "2024-07-20", "2024-07-01", "2024-07-15"};
  if (bs_store_create(dir, &settings) != BS_OK) return 0;
  bs_store *store;
  if (bs_store_open(&store, dir) != BS_OK) return 0;
  bs_status status = bs_store_exec(
      store,
      "CREATE TABLE persons(id INTEGER PRIMARY KEY, person_id TEXT NOT NULL UNIQUE, first TEXT,"
      " middle TEXT, last TEXT, suffix TEXT, dob TEXT, street TEXT, unit TEXT, city TEXT,"
      " state TEXT, zip TEXT, residence_state TEXT, minor INTEGER NOT NULL, deceased INTEGER NOT"
      " NULL, elements TEXT NOT NULL, files INTEGER NOT NULL);"
      "CREATE TABLE unattributed(type INTEGER PRIMARY KEY, findings INTEGER NOT NULL);"
      "INSERT INTO persons VALUES(1,'P1','ANN',NULL,'LEE',NULL,'1980-01-02','1 MAIN ST',NULL,"
      " 'AUSTIN','TX','78701','TX',0,0,'name;dob;ssn;address;city;state;zip',1);"
      "INSERT INTO persons VALUES(2,'P2','BO',NULL,'KIM',NULL,'2015-03-04',NULL,NULL,NULL,NULL,"
      " NULL,NULL,1,0,'name;dob;icd10cm',2);"
      "INSERT INTO persons VALUES(3,'P3','CY',NULL,'DOE',NULL,NULL,'9 ELM ST',NULL,'RENO','NV',"
      " '89501','NV',0,1,'name;address;city;state;zip;member_id',1);"
      "INSERT INTO unattributed VALUES(10, 4);"
      "INSERT INTO files(id, path, status, note, scanned_at) VALUES(1, 'scan.pdf',"
      " 'not_examined', 'encrypted', '2024-07-21');"
      "INSERT INTO files(id, path, status, scanned_at) VALUES(2, 'fax.pdf', 'scanned',"
      " '2024-07-21');"
      "INSERT INTO files(id, path, status, note, scanned_at) VALUES(3, 'x</script><!--y.zip',"
      " 'not_examined', 'encrypted', '2024-07-21');"
      "INSERT INTO diagnostics(file_id, severity, place, message) VALUES(2, 'unexamined',"
      " 'page 2', 'image only');");
  bs_store_close(store);
  return status == BS_OK;
}

static const char *json_string(yajl_val root, const char **path) {
  yajl_val v = yajl_tree_get(root, path, yajl_t_string);
  return v ? YAJL_GET_STRING(v) : NULL;
}

static void test_case_report(void) {
  char dir[64] = "/tmp/bs-test-report-XXXXXX";
  if (!mkdtemp(dir)) {
    CHECKF(0, "mkdtemp failed");
    return;
  }
  char case_dir[128], path[256];
  snprintf(case_dir, sizeof case_dir, "%s/case", dir);
  CHECK(make_case(case_dir));
  bs_store *store = NULL;
  CHECK(bs_store_open(&store, case_dir) == BS_OK);
  bs_report r;
  char err[512];
  bs_report_options bad = {"dentist", NULL, NULL};
  CHECK(bs_report_build(&r, store, &bad, err, sizeof err) == BS_EINVAL &&
        strstr(err, "--entity-type: 'dentist' is not an option"));
  bs_report_free(&r);
  bs_report_options ambiguous = {NULL, NULL, "other"};
  CHECK(bs_report_build(&r, store, &ambiguous, err, sizeof err) == BS_OK &&
        !strcmp(r.locations, "Other")); /* the exact option wins over a longer one */
  bs_report_free(&r);
  bs_report_options options = {"provider", "hacking", "network, e-mail, email"};
  CHECK(bs_report_build(&r, store, &options, err, sizeof err) == BS_EINVAL &&
        strstr(err, "'e-mail' is not an option"));
  bs_report_free(&r);
  options.locations = "network, email";
  CHECK(bs_report_build(&r, store, &options, err, sizeof err) == BS_OK);
  CHECK(r.persons == 3 && r.minors == 1 && r.deceased == 1 && r.no_address == 1);
  CHECK(!strcmp(r.entity_type, "Healthcare Provider") &&
        !strcmp(r.breach_type, "Hacking/IT Incident"));
  CHECK(!strcmp(r.locations, "Network Server; Email"));
  CHECK(r.unexamined_count == 3 && r.unattributed[10] == 4);
  CHECK(r.state_count == 3 && r.states[0].code[0] == '\0' && r.states[0].persons == 1);
  CHECK(find_obligation(&r, "TX", "individual", NULL, NULL) != NULL);
  CHECK(find_obligation(&r, "NV", "individual", NULL, NULL) != NULL);
  CHECK(find_obligation(&r, "US", "hhs", "45 CFR 164.408(c)", NULL) != NULL);
  CHECK(bs_report_write(&r, case_dir) == BS_OK);
  bs_report_free(&r);
  static const char *const files[] = {
      "report.html",     "report.json",      "obligations.csv",           "states.csv",
      "elements.csv",    "combinations.csv", "states_by_combination.csv", "hhs_portal.csv",
      "not_examined.csv"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    struct stat st;
    snprintf(path, sizeof path, "%s/report/%s", case_dir, files[i]);
    CHECKF(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size > 0, "%s", path);
  }
  /* A path cannot end the page's data script. */
  snprintf(path, sizeof path, "%s/report/report.html", case_dir);
  FILE *page = fopen(path, "r");
  static char html[1 << 20];
  size_t html_len = page ? fread(html, 1, sizeof html - 1, page) : 0;
  html[html_len] = '\0';
  if (page) fclose(page);
  CHECK(html_len > 1000 && !strstr(html, "x</script>") && !strstr(html, "<!--y") &&
        strstr(html, "x\\u003c\\/script>\\u003c!--y.zip"));
  struct stat st;
  snprintf(path, sizeof path, "%s/report", case_dir);
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700);
  /* The options are remembered: a run without them keeps them. */
  bs_report_options none = {NULL, NULL, NULL};
  CHECK(bs_report_build(&r, store, &none, err, sizeof err) == BS_OK &&
        !strcmp(r.entity_type, "Healthcare Provider") &&
        !strcmp(r.locations, "Network Server; Email"));
  char *json = NULL;
  size_t len = 0;
  CHECK(bs_report_json(&json, &len, &r) == BS_OK);
  bs_report_free(&r);
  char parse_err[256];
  yajl_val root = json ? yajl_tree_parse(json, parse_err, sizeof parse_err) : NULL;
  CHECKF(root != NULL, "%s", parse_err);
  const char *entity[] = {"case", "entity_type", NULL};
  const char *phi_path[] = {"hhs_portal", NULL};
  CHECK(root && json_string(root, entity) &&
        !strcmp(json_string(root, entity), "Healthcare Provider"));
  yajl_val portal = root ? yajl_tree_get(root, phi_path, yajl_t_array) : NULL;
  int phi_found = 0;
  for (size_t i = 0; portal && i < portal->u.array.len; i++) {
    const char *field[] = {"field", NULL}, *value[] = {"value", NULL};
    const char *f = json_string(portal->u.array.values[i], field);
    const char *v = json_string(portal->u.array.values[i], value);
    if (f && v && !strcmp(f, "type_of_phi_involved"))
      phi_found = strstr(v, "Clinical (1 persons)") && strstr(v, "Demographic (3 persons)");
  }
  CHECK(phi_found);
  yajl_tree_free(root);
  bs_free(json);
  /* A re-run after more persons replaces the files. */
  CHECK(bs_store_exec(store,
                      "INSERT INTO persons VALUES(4,'P4','DI',NULL,'FOX',NULL,NULL,"
                      "'2 OAK ST',NULL,'ERIE','PA','16501','PA',0,0,'name;ssn',1)") == BS_OK);
  CHECK(bs_report_build(&r, store, &none, err, sizeof err) == BS_OK && r.persons == 4);
  CHECK(bs_report_write(&r, case_dir) == BS_OK);
  bs_report_free(&r);
  snprintf(path, sizeof path, "%s/report/states.csv", case_dir);
  FILE *f = fopen(path, "r");
  char text[1024] = "";
  size_t got = f ? fread(text, 1, sizeof text - 1, f) : 0;
  text[got] = '\0';
  if (f) fclose(f);
  CHECK(strstr(text, "\"PA\",1,0,0,0") != NULL);
  bs_store_close(store);
  /* A case without persons is refused with a message. */
  char bare[128];
  snprintf(bare, sizeof bare, "%s/bare", dir);
  bs_case_settings settings = {"X", "2024-07-20", NULL, NULL};
  CHECK(bs_store_create(bare, &settings) == BS_OK && bs_store_open(&store, bare) == BS_OK);
  CHECK(bs_report_build(&r, store, &none, err, sizeof err) == BS_ENOTFOUND &&
        strstr(err, "breachscope people"));
  bs_report_free(&r);
  bs_store_close(store);
  char command[256];
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  CHECK(system(command) == 0);
}

void test_report(void) {
  test_calendar();
  bs_rules rules;
  char err[256];
  bs_status status = bs_rules_load_embedded(&rules, err, sizeof err);
  CHECKF(status == BS_OK, "%s", err);
  if (status == BS_OK) test_rules_table(&rules);
  if (status == BS_OK) test_every_deadline(&rules);
  bs_rules_free(&rules);
  test_rules_errors();
  test_hipaa_obligations();
  test_state_obligations();
  test_case_report();
}
