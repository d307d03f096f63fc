/* Which rules of the table a case triggers, and by which day.
 *
 * Each rule counts persons (all, residents of its jurisdiction, residents of each state,
 * those without a mailing address, the deceased) whose elements satisfy its trigger; it
 * is an obligation when that count is within its thresholds. Counting is done on the
 * report's combinations (state x element set), so 600,000 persons cost as much as their
 * few thousand distinct combinations.
 *
 * Deadlines are calendar days (or business days where the law says so) counted from the
 * discovery date, from the end of the year of discovery, or from another obligation:
 * the jurisdiction's individual notice, or the notice to HHS. A statute that counts from
 * "determination" or "confirmation" of the breach is computed from discovery, the
 * earliest such a day can be, and says so. A deadline falling on a weekend or federal
 * holiday is reported as it falls, with a warning: the statutes count calendar days and
 * none of them moves the day. */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "report/calendar.h"
#include "report/report.h"

/* How many persons of a combination a rule counts. */
static size_t counted(const bs_rule *rule, const bs_report_combo *c) {
  switch (rule->count_of) {
  case BS_COUNT_NO_ADDRESS: return c->no_address;
  case BS_COUNT_DECEASED: return c->deceased;
  case BS_COUNT_ALL:
  case BS_COUNT_RESIDENTS:
  case BS_COUNT_EACH_STATE: return c->persons;
  }
  return 0;
}

/* Counts for one rule, over the persons of state (SIZE_MAX: all states). */
static void count_rule(const bs_report *r, const bs_rule *rule, size_t state, size_t *definite,
                       size_t *conditional) {
  *definite = *conditional = 0;
  for (size_t i = 0; i < r->combo_count; i++) {
    const bs_report_combo *c = &r->combos[i];
    if (state != SIZE_MAX && c->state != state) continue;
    int match = bs_rule_match(rule, c->elements);
    if (match == 2) *definite += counted(rule, c);
    if (match == 1) *conditional += counted(rule, c);
  }
}

static int within(const bs_rule *rule, size_t count) {
  long min = rule->min_count < 1 ? 1 : rule->min_count;
  return count >= (size_t)min && (rule->max_count < 0 || count <= (size_t)rule->max_count);
}

static bs_status add(bs_report *r, size_t *cap, const bs_rule *rule, const char *state,
                     size_t definite, size_t conditional) {
  size_t total = definite + conditional;
  if (!within(rule, total)) return BS_OK;
  if (r->obligation_count == *cap) {
    size_t grown = *cap ? *cap * 2 : 64;
    bs_obligation *more = bs_reallocarray(r->obligations, grown, sizeof *more);
    if (!more) return BS_ENOMEM;
    r->obligations = more;
    *cap = grown;
  }
  bs_obligation *o = &r->obligations[r->obligation_count++];
  memset(o, 0, sizeof *o);
  o->rule = rule;
  snprintf(o->state, sizeof o->state, "%s", state);
  o->persons = total;
  o->conditional = conditional;
  o->threshold_conditional = !within(rule, definite);
  o->status = BS_OBLIGATION_OWED;
  if (r->hipaa) {
    if (rule->hipaa == BS_HIPAA_EXEMPT) o->status = BS_OBLIGATION_EXEMPT;
    if (rule->hipaa == BS_HIPAA_DEEMED) o->status = BS_OBLIGATION_DEEMED;
    if (rule->hipaa == BS_HIPAA_UNCLEAR) o->status = BS_OBLIGATION_UNCLEAR;
  }
  o->deadline = -1;
  return BS_OK;
}

static size_t state_index(const bs_report *r, const char *code) {
  for (size_t s = 0; s < r->state_count; s++)
    if (!strcmp(r->states[s].code, code)) return s;
  return SIZE_MAX;
}

/* The obligation of a kind in a jurisdiction with a fixed deadline, or NULL. */
static const bs_obligation *find(const bs_report *r, const char *jurisdiction, const char *kind) {
  for (size_t i = 0; i < r->obligation_count; i++) {
    const bs_obligation *o = &r->obligations[i];
    if (o->deadline >= 0 && !strcmp(o->rule->jurisdiction, jurisdiction) &&
        !strcmp(o->rule->kind, kind))
      return o;
  }
  return NULL;
}

static long advance(const bs_rule *rule, long from) {
  return rule->business_days ? bs_day_add_business(from, rule->deadline_days)
                             : from + rule->deadline_days;
}

static const char *unit(const bs_rule *rule) {
  return rule->business_days ? "business days" : "calendar days";
}

/* Sets the deadline of o if its clock can be read now; 1 when set or never settable. */
static int settle(bs_report *r, bs_obligation *o) {
  const bs_rule *rule = o->rule;
  char base[11];
  switch (rule->clock) {
  case BS_CLOCK_NONE:
    snprintf(o->basis, sizeof o->basis, "no fixed day in the rule: %s", rule->deadline_text);
    return 1;
  case BS_CLOCK_DISCOVERY:
    o->deadline = advance(rule, r->discovery);
    snprintf(o->basis, sizeof o->basis, "%d %s after discovery (%s)", rule->deadline_days,
             unit(rule), r->discovered);
    if (rule->clock_text[0] && strncmp(rule->clock_text, "discovery", 9) != 0) {
      size_t n = strlen(o->basis);
      snprintf(o->basis + n, sizeof o->basis - n,
               "; the law counts from %.80s, computed from discovery: the earliest it can be",
               rule->clock_text);
    }
    return 1;
  case BS_CLOCK_YEAR_END: {
    int y, m, d;
    bs_day_to_civil(r->discovery, &y, &m, &d);
    o->deadline = advance(rule, bs_day_from_civil(y, 12, 31));
    snprintf(o->basis, sizeof o->basis, "%d %s after the end of %d, the year of discovery",
             rule->deadline_days, unit(rule), y);
    return 1;
  }
  case BS_CLOCK_INDIVIDUAL_NOTICE: {
    const bs_obligation *notice = find(r, rule->jurisdiction, "individual");
    const char *whose = "the individual notice";
    if (!notice) {
      /* A state without a day of its own: its residents are told by the HIPAA day at the
       * latest when HIPAA applies. */
      notice = r->hipaa ? find(r, "US", "individual") : NULL;
      whose = "the HIPAA individual notice (the state sets no day)";
    }
    if (!notice) {
      /* The individual notice may still be settled in a later pass. */
      for (size_t i = 0; i < r->obligation_count; i++) {
        const bs_obligation *other = &r->obligations[i];
        if (other->deadline < 0 && other->rule->clock != BS_CLOCK_NONE &&
            !strcmp(other->rule->kind, "individual") &&
            (!strcmp(other->rule->jurisdiction, rule->jurisdiction) ||
             !strcmp(other->rule->jurisdiction, "US")))
          return 0;
      }
      snprintf(o->basis, sizeof o->basis,
               "no fixed day: %d %s after individual notice, which has no fixed day (%s)",
               rule->deadline_days, unit(rule), rule->deadline_text);
      return 1;
    }
    o->deadline = advance(rule, notice->deadline);
    bs_day_format(notice->deadline, base);
    if (rule->deadline_days)
      snprintf(o->basis, sizeof o->basis, "%d %s after %s due %s", rule->deadline_days, unit(rule),
               whose, base);
    else
      snprintf(o->basis, sizeof o->basis, "no later than %s due %s", whose, base);
    return 1;
  }
  case BS_CLOCK_HHS_NOTICE: {
    const bs_obligation *hhs = find(r, "US", "hhs");
    if (!hhs) {
      snprintf(o->basis, sizeof o->basis, "no notice to HHS is owed");
      return 1;
    }
    o->deadline = advance(rule, hhs->deadline);
    bs_day_format(hhs->deadline, base);
    snprintf(o->basis, sizeof o->basis, "%d %s after the notice to HHS due %s", rule->deadline_days,
             unit(rule), base);
    return 1;
  }
  }
  return 1;
}

static void warn_day(bs_obligation *o) {
  if (o->deadline < 0) return;
  char holiday[80];
  int weekday = bs_day_weekday(o->deadline);
  if (bs_day_holiday(o->deadline, holiday, sizeof holiday))
    snprintf(o->warning, sizeof o->warning,
             "falls on %s, a federal holiday: reported as the law counts it, not moved", holiday);
  else if (weekday == 0 || weekday == 6)
    snprintf(o->warning, sizeof o->warning,
             "falls on a %s: reported as the law counts it, not moved",
             bs_day_weekday_name(o->deadline));
}

bs_status bs_report_obligations(bs_report *r) {
  size_t cap = 0;
  bs_status status = BS_OK;
  bs_free(r->obligations);
  r->obligations = NULL;
  r->obligation_count = 0;
  for (size_t i = 0; status == BS_OK && i < r->rules.count; i++) {
    const bs_rule *rule = &r->rules.items[i];
    size_t definite, conditional;
    if (!rule->alt_count) continue;
    if (rule->hipaa == BS_HIPAA_COVERED_ONLY && !r->hipaa) continue;
    switch (rule->count_of) {
    case BS_COUNT_EACH_STATE:
      for (size_t s = 0; status == BS_OK && s < r->state_count; s++) {
        if (!r->states[s].code[0]) continue;
        count_rule(r, rule, s, &definite, &conditional);
        status = add(r, &cap, rule, r->states[s].code, definite, conditional);
      }
      break;
    case BS_COUNT_RESIDENTS: {
      size_t s = state_index(r, rule->jurisdiction);
      if (s == SIZE_MAX) break;
      count_rule(r, rule, s, &definite, &conditional);
      status = add(r, &cap, rule, rule->jurisdiction, definite, conditional);
      break;
    }
    case BS_COUNT_ALL:
    case BS_COUNT_NO_ADDRESS:
    case BS_COUNT_DECEASED:
      count_rule(r, rule, SIZE_MAX, &definite, &conditional);
      status = add(r, &cap, rule, "", definite, conditional);
      break;
    }
  }
  /* Deadlines in passes: those counted from discovery or the year's end first, then those
   * counted from them. */
  char *done = status == BS_OK ? bs_calloc(r->obligation_count + 1, 1) : NULL;
  if (status == BS_OK && !done) status = BS_ENOMEM;
  for (int pass = 0, progress = 1; status == BS_OK && progress && pass < 4; pass++) {
    progress = 0;
    for (size_t i = 0; i < r->obligation_count; i++) {
      if (done[i]) continue;
      if (settle(r, &r->obligations[i])) {
        done[i] = 1;
        progress = 1;
        warn_day(&r->obligations[i]);
      }
    }
  }
  for (size_t i = 0; status == BS_OK && i < r->obligation_count; i++)
    if (!done[i])
      snprintf(r->obligations[i].basis, sizeof r->obligations[i].basis,
               "no fixed day: the notice it follows has none");
  bs_free(done);
  if (status == BS_OK && r->state_count && !r->states[0].code[0] && r->states[0].persons)
    status = bs_report_warn(r,
                            "%zu persons have no known state of residence: no state law could "
                            "be applied to them",
                            r->states[0].persons);
  return status;
}
