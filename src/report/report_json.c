/* The report as one JSON document (yajl): what report.json holds and what the HTML
 * report renders. */
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "extract/utf8.h"
#include "report/calendar.h"
#include "report/report.h"
#include "report/tables.h"

/* Paths may hold bytes of another encoding: written with U+FFFD in their place. */
static void str(yajl_gen g, const char *text) {
  size_t len = strlen(text);
  if (bs_utf8_valid(text, len)) {
    yajl_gen_string(g, (const unsigned char *)text, len);
    return;
  }
  bs_buf fixed;
  bs_buf_init(&fixed, 4 * len + 16);
  if (bs_utf8_repair(&fixed, text, len) == BS_OK && fixed.data)
    yajl_gen_string(g, (const unsigned char *)fixed.data, fixed.len);
  else
    yajl_gen_string(g, (const unsigned char *)"?", 1);
  bs_buf_free(&fixed);
}

static void key_str(yajl_gen g, const char *key, const char *value) {
  str(g, key);
  if (value)
    str(g, value);
  else
    yajl_gen_null(g);
}

static void key_int(yajl_gen g, const char *key, long long value) {
  str(g, key);
  yajl_gen_integer(g, value);
}

static void key_counts(yajl_gen g, size_t persons, size_t minors, size_t deceased,
                       size_t no_address) {
  key_int(g, "persons", (long long)persons);
  key_int(g, "minors", (long long)minors);
  key_int(g, "deceased", (long long)deceased);
  key_int(g, "no_address", (long long)no_address);
}

static void gen_case(yajl_gen g, const bs_report *r) {
  str(g, "case");
  yajl_gen_map_open(g);
  key_str(g, "organization", r->organization);
  key_str(g, "discovered", r->discovered);
  key_str(g, "window_from", r->window_from[0] ? r->window_from : NULL);
  key_str(g, "window_to", r->window_to[0] ? r->window_to : NULL);
  key_str(g, "entity_type", r->entity_type[0] ? r->entity_type : NULL);
  key_str(g, "breach_type", r->breach_type[0] ? r->breach_type : NULL);
  key_str(g, "locations", r->locations[0] ? r->locations : NULL);
  str(g, "hipaa_applied");
  yajl_gen_bool(g, r->hipaa);
  yajl_gen_map_close(g);
}

static void gen_totals(yajl_gen g, const bs_report *r) {
  size_t whole = 0, parts = 0;
  long long unattributed = 0;
  for (size_t i = 0; i < r->unexamined_count; i++) r->unexamined[i].place ? parts++ : whole++;
  for (int t = 0; t < BS_EL_COUNT; t++) unattributed += r->unattributed[t];
  str(g, "totals");
  yajl_gen_map_open(g);
  key_counts(g, r->persons, r->minors, r->deceased, r->no_address);
  key_int(g, "unknown_state",
          r->state_count && !r->states[0].code[0] ? (long long)r->states[0].persons : 0);
  key_int(g, "files_not_examined", (long long)whole);
  key_int(g, "parts_not_examined", (long long)parts);
  key_int(g, "unattributed_findings", unattributed);
  key_int(g, "obligations", (long long)r->obligation_count);
  yajl_gen_map_close(g);
}

static void gen_states(yajl_gen g, const bs_report *r) {
  str(g, "states");
  yajl_gen_array_open(g);
  for (size_t s = 0; s < r->state_count; s++) {
    const bs_report_state *st = &r->states[s];
    yajl_gen_map_open(g);
    key_str(g, "state", st->code[0] ? st->code : NULL);
    key_counts(g, st->persons, st->minors, st->deceased, st->no_address);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
}

static void gen_elements(yajl_gen g, const bs_report *r) {
  str(g, "elements");
  yajl_gen_array_open(g);
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (!r->element_persons[t] && !r->unattributed[t]) continue;
    yajl_gen_map_open(g);
    key_str(g, "element", bs_element_name((bs_element)t));
    key_int(g, "persons", (long long)r->element_persons[t]);
    key_int(g, "unattributed_findings", r->unattributed[t]);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
}

static bs_status gen_combinations(yajl_gen g, const bs_report *r, int by_state) {
  bs_combination_row *rows;
  size_t count;
  bs_status status = bs_report_combinations(&rows, &count, r, by_state);
  if (status != BS_OK) return status;
  str(g, by_state ? "states_by_combination" : "combinations");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < count; i++) {
    char label[512];
    bs_report_combination_label(label, sizeof label, r, rows[i].groups);
    yajl_gen_map_open(g);
    key_str(g, "combination", label);
    if (by_state) {
      const char *code = r->states[rows[i].state].code;
      key_str(g, "state", code[0] ? code : NULL);
    }
    key_counts(g, rows[i].persons, rows[i].minors, rows[i].deceased, rows[i].no_address);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
  bs_free(rows);
  return BS_OK;
}

static void gen_obligations(yajl_gen g, const bs_report *r) {
  str(g, "obligations");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < r->obligation_count; i++) {
    const bs_obligation *o = &r->obligations[i];
    const bs_rule *rule = o->rule;
    char day[11] = "";
    if (o->deadline >= 0) bs_day_format(o->deadline, day);
    yajl_gen_map_open(g);
    key_str(g, "jurisdiction", rule->jurisdiction);
    key_str(g, "jurisdiction_name", rule->name);
    key_str(g, "state", o->state[0] ? o->state : NULL);
    key_str(g, "rule", rule->kind);
    key_str(g, "citation", rule->citation);
    key_str(g, "recipient", rule->recipient);
    key_str(g, "trigger", rule->trigger);
    key_int(g, "persons", (long long)o->persons);
    key_int(g, "conditional_persons", (long long)o->conditional);
    str(g, "threshold_met_only_if_conditions_hold");
    yajl_gen_bool(g, o->threshold_conditional);
    str(g, "min_count");
    rule->min_count >= 0 ? yajl_gen_integer(g, rule->min_count) : yajl_gen_null(g);
    str(g, "max_count");
    rule->max_count >= 0 ? yajl_gen_integer(g, rule->max_count) : yajl_gen_null(g);
    key_str(g, "status", bs_obligation_status_name(o->status));
    key_str(g, "deadline", day[0] ? day : NULL);
    key_str(g, "deadline_weekday", day[0] ? bs_day_weekday_name(o->deadline) : NULL);
    key_str(g, "deadline_basis", o->basis);
    key_str(g, "deadline_warning", o->warning[0] ? o->warning : NULL);
    key_str(g, "deadline_text", rule->deadline_text);
    key_str(g, "requirements", rule->requirements);
    key_str(g, "harm_threshold", rule->harm_threshold);
    key_str(g, "hipaa_covered_entity", bs_rule_hipaa_name(rule->hipaa));
    key_str(g, "hipaa_note", rule->hipaa_note);
    str(g, "verified");
    yajl_gen_bool(g, rule->verified);
    key_str(g, "verification", rule->verification);
    key_str(g, "last_checked", rule->last_checked);
    key_str(g, "sources", rule->sources);
    key_int(g, "rules_file_line", (long long)rule->line);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
}

static void gen_hhs(yajl_gen g, const bs_report *r) {
  bs_hhs_field fields[BS_HHS_FIELDS];
  size_t n = bs_report_hhs_fields(fields, r);
  str(g, "hhs_portal");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < n; i++) {
    yajl_gen_map_open(g);
    key_str(g, "field", fields[i].field);
    key_str(g, "value", fields[i].value);
    key_str(g, "source", fields[i].source);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
  str(g, "substitute_notice");
  yajl_gen_map_open(g);
  key_int(g, "persons_without_address", (long long)r->no_address);
  key_str(g, "decision", bs_report_substitute_decision(r));
  yajl_gen_map_close(g);
}

static void gen_unexamined(yajl_gen g, const bs_report *r) {
  str(g, "not_examined");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < r->unexamined_count; i++) {
    const bs_report_unexamined *u = &r->unexamined[i];
    yajl_gen_map_open(g);
    key_int(g, "file_id", u->file_id);
    key_str(g, "path", u->path);
    key_str(g, "place", u->place);
    key_str(g, "reason", u->reason);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
}

static void gen_rules(yajl_gen g, const bs_report *r) {
  str(g, "rules");
  yajl_gen_map_open(g);
  key_int(g, "count", (long long)r->rules.count);
  size_t verified = 0;
  for (size_t i = 0; i < r->rules.count; i++) verified += (size_t)r->rules.items[i].verified;
  key_int(g, "verified", (long long)verified);
  str(g, "jurisdictions");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < r->rules.count; i++) {
    const bs_rule *rule = &r->rules.items[i];
    if (i && !strcmp(rule->jurisdiction, r->rules.items[i - 1].jurisdiction)) continue;
    yajl_gen_map_open(g);
    key_str(g, "code", rule->jurisdiction);
    key_str(g, "name", rule->name);
    yajl_gen_map_close(g);
  }
  yajl_gen_array_close(g);
  yajl_gen_map_close(g);
}

bs_status bs_report_json(char **out, size_t *len, const bs_report *r) {
  *out = NULL;
  *len = 0;
  yajl_gen g = yajl_gen_alloc(NULL);
  if (!g) return BS_ENOMEM;
  /* "\/" in strings: the document is also embedded in a <script> element. */
  yajl_gen_config(g, yajl_gen_escape_solidus, 1);
  yajl_gen_config(g, yajl_gen_validate_utf8, 1);
  yajl_gen_map_open(g);
  key_str(g, "generator", "breachscope report");
  gen_case(g, r);
  gen_totals(g, r);
  gen_states(g, r);
  gen_elements(g, r);
  bs_status status = gen_combinations(g, r, 0);
  if (status == BS_OK) status = gen_combinations(g, r, 1);
  gen_obligations(g, r);
  gen_hhs(g, r);
  gen_unexamined(g, r);
  str(g, "warnings");
  yajl_gen_array_open(g);
  for (size_t i = 0; i < r->warning_count; i++) str(g, r->warnings[i]);
  yajl_gen_array_close(g);
  gen_rules(g, r);
  yajl_gen_map_close(g);
  const unsigned char *buf;
  size_t size;
  if (status == BS_OK && yajl_gen_get_buf(g, &buf, &size) != yajl_gen_status_ok)
    status = BS_EFORMAT;
  if (status == BS_OK) {
    *out = bs_malloc(size + 1);
    if (!*out) status = BS_ENOMEM;
  }
  if (status == BS_OK) {
    memcpy(*out, buf, size);
    (*out)[size] = '\0';
    *len = size;
  }
  yajl_gen_free(g);
  return status;
}
