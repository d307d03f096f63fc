/* Tables derived from a report for its outputs (see tables.h). */
#include "report/tables.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static uint32_t combination_mask(const bs_report *r) {
  uint32_t mask = 0;
  for (size_t g = 0; g < r->rules.group_count; g++)
    if (r->rules.groups[g].in_combination) mask |= 1u << g;
  return mask;
}

static int compare_rows(const void *a, const void *b) {
  const bs_combination_row *x = a, *y = b;
  if (x->groups != y->groups) return x->groups < y->groups ? -1 : 1;
  return x->state < y->state ? -1 : x->state > y->state;
}

bs_status bs_report_combinations(bs_combination_row **out, size_t *count, const bs_report *r,
                                 int by_state) {
  *out = NULL;
  *count = 0;
  bs_combination_row *rows = bs_calloc(r->combo_count + 1, sizeof *rows);
  if (!rows) return BS_ENOMEM;
  uint32_t mask = combination_mask(r);
  for (size_t i = 0; i < r->combo_count; i++) {
    const bs_report_combo *c = &r->combos[i];
    rows[i] = (bs_combination_row){c->groups & mask, by_state ? c->state : SIZE_MAX,
                                   c->persons,       c->minors,
                                   c->deceased,      c->no_address};
  }
  qsort(rows, r->combo_count, sizeof *rows, compare_rows);
  size_t n = 0;
  for (size_t i = 0; i < r->combo_count; i++) {
    if (n && !compare_rows(&rows[n - 1], &rows[i])) {
      rows[n - 1].persons += rows[i].persons;
      rows[n - 1].minors += rows[i].minors;
      rows[n - 1].deceased += rows[i].deceased;
      rows[n - 1].no_address += rows[i].no_address;
    } else {
      rows[n++] = rows[i];
    }
  }
  *out = rows;
  *count = n;
  return BS_OK;
}

void bs_report_combination_label(char *out, size_t cap, const bs_report *r, uint32_t groups) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t g = 0; g < r->rules.group_count && used < cap; g++) {
    if (!(groups & (1u << g))) continue;
    int n = snprintf(out + used, cap - used, "%s%s", used ? " + " : "", r->rules.groups[g].name);
    if (n < 0) break;
    used += (size_t)n;
  }
  if (!used) snprintf(out, cap, "(none of the listed groups)");
}

const char *bs_report_substitute_decision(const bs_report *r) {
  if (!r->no_address) return "not needed: every person has a usable mailing address";
  if (r->no_address < 10)
    return "fewer than 10 persons without a usable address: an alternative form of written "
           "notice, telephone or other means (45 CFR 164.404(d)(2)(i))";
  return "10 or more persons without a usable address: conspicuous web posting for 90 days "
         "or major print or broadcast media, and a toll-free number for at least 90 days "
         "(45 CFR 164.404(d)(2)(ii))";
}

static void set(bs_hhs_field *f, const char *field, const char *source, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static void set(bs_hhs_field *f, const char *field, const char *source, const char *format, ...) {
  f->field = field;
  f->source = source;
  va_list args;
  va_start(args, format);
  vsnprintf(f->value, sizeof f->value, format, args);
  va_end(args);
}

size_t bs_report_hhs_fields(bs_hhs_field *out, const bs_report *r) {
  size_t n = 0;
  int media = 0;
  for (size_t i = 0; i < r->obligation_count; i++)
    media |= !strcmp(r->obligations[i].rule->kind, "media");
  const char *unset = "(not set: give it to breachscope report)";
  set(&out[n++], "report_type", "default", "Initial Breach Report");
  set(&out[n++], "breach_affecting", "persons in the case", "%s",
      r->persons >= 500 ? "500 or More Individuals" : "Fewer Than 500 Individuals");
  set(&out[n++], "covered_entity_name", "case: organization", "%s",
      r->organization[0] ? r->organization : "(not set in the case)");
  set(&out[n++], "covered_entity_type", "report --entity-type", "%s",
      r->entity_type[0] ? r->entity_type : unset);
  set(&out[n++], "breach_start_date", "case: window_from", "%s",
      r->window_from[0] ? r->window_from : "(not set in the case)");
  set(&out[n++], "breach_end_date", "case: window_to", "%s",
      r->window_to[0] ? r->window_to : "(not set in the case)");
  set(&out[n++], "discovery_start_date", "case: discovered", "%s", r->discovered);
  set(&out[n++], "discovery_end_date", "case: discovered", "%s", r->discovered);
  set(&out[n++], "approximate_number_of_individuals_affected", "persons in the case", "%zu",
      r->persons);
  set(&out[n++], "type_of_breach", "report --breach-type", "%s",
      r->breach_type[0] ? r->breach_type : unset);
  set(&out[n++], "location_of_breached_information", "report --location", "%s",
      r->locations[0] ? r->locations : unset);
  /* Types of PHI: each HHS category of the element groups, with its persons. */
  static const char *const types[] = {"Clinical", "Demographic", "Financial", "Other"};
  bs_hhs_field *phi = &out[n++];
  set(phi, "type_of_phi_involved", "elements of the persons (data/rules/element_groups.tsv)", "%s",
      "");
  size_t used = 0;
  for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
    uint32_t mask = 0;
    for (size_t g = 0; g < r->rules.group_count; g++)
      if (!strcmp(r->rules.groups[g].hhs_phi_type, types[t])) mask |= r->rules.groups[g].elements;
    size_t persons = 0;
    for (size_t i = 0; i < r->combo_count; i++)
      if (r->combos[i].elements & mask) persons += r->combos[i].persons;
    if (!persons || used >= sizeof phi->value) continue;
    int k = snprintf(phi->value + used, sizeof phi->value - used, "%s%s (%zu persons)",
                     used ? "; " : "", types[t], persons);
    if (k > 0) used += (size_t)k;
  }
  set(&out[n++], "substitute_notice_required", "persons without a usable address", "%s",
      r->no_address ? "Yes" : "No");
  set(&out[n++], "media_notice_required", "45 CFR 164.406 (more than 500 residents of a state)",
      "%s", media ? "Yes" : "No");
  return n;
}
