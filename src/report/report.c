/* Reading a case into a report: settings and options, persons tallied by state of
 * residence and element set, unattributed findings, and files not examined. */
#include "report/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "report/calendar.h"

bs_status bs_report_warn(bs_report *report, const char *format, ...) {
  char(*grown)[256] =
      bs_reallocarray(report->warnings, report->warning_count + 1, sizeof *report->warnings);
  if (!grown) return BS_ENOMEM;
  report->warnings = grown;
  va_list args;
  va_start(args, format);
  vsnprintf(grown[report->warning_count++], sizeof *grown, format, args);
  va_end(args);
  return BS_OK;
}

static bs_status put_meta(sqlite3 *db, const char *key, const char *value) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta VALUES(?,?)", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

/* Checks one option against its pick-list, then stores it; an absent option keeps the
 * stored value. */
static bs_status settle_option(bs_store *store, const char *key, bs_hhs_list list,
                               const char *input, char *value, size_t cap, const char *flag,
                               char *err, size_t err_cap) {
  bs_status status = bs_store_setting(store, key, value, cap);
  if (status != BS_OK || !input) return status;
  char joined[256] = "", options[512];
  size_t used = 0;
  for (const char *p = input; *p;) {
    size_t len = strcspn(p, ",");
    char item[96];
    snprintf(item, sizeof item, "%.*s", (int)(len < 95 ? len : 95), p);
    char *start = item + strspn(item, " ");
    for (char *end = start + strlen(start); end > start && end[-1] == ' ';) *--end = '\0';
    int ambiguous = 0;
    const char *option = bs_hhs_option(list, start, &ambiguous);
    if (!option) {
      snprintf(err, err_cap, "%s: '%.60s' is %s; one of: %s", flag, start,
               ambiguous ? "ambiguous" : "not an option",
               bs_hhs_options(list, options, sizeof options));
      return BS_EINVAL;
    }
    if (list != BS_HHS_LOCATION && (p[len] || used)) {
      snprintf(err, err_cap, "%s takes one value", flag);
      return BS_EINVAL;
    }
    if (!strstr(joined, option)) {
      int n = snprintf(joined + used, sizeof joined - used, "%s%s", used ? "; " : "", option);
      if (n > 0 && (size_t)n < sizeof joined - used) used += (size_t)n;
    }
    p += len + (p[len] == ',');
  }
  snprintf(value, cap, "%s", joined);
  return put_meta(bs_store_db(store), key, joined);
}

static int table_exists(sqlite3 *db, const char *name) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
                         &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return found;
}

/* One person as tallied: state index, element bits and flags. */
typedef struct person_key {
  uint32_t state;
  uint32_t elements;
  uint8_t minor, deceased, no_address;
} person_key;

static int compare_keys(const void *a, const void *b) {
  const person_key *x = a, *y = b;
  if (x->state != y->state) return x->state < y->state ? -1 : 1;
  return x->elements < y->elements ? -1 : x->elements > y->elements;
}

static int compare_states(const void *a, const void *b) {
  return strcmp(((const bs_report_state *)a)->code, ((const bs_report_state *)b)->code);
}

static uint32_t parse_elements(const char *text) {
  uint32_t mask = 0;
  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, ";");
    char name[40];
    if (len < sizeof name) {
      memcpy(name, p, len);
      name[len] = '\0';
      bs_element type = bs_element_from_name(name);
      if (type != BS_EL_NONE) mask |= 1u << type;
    }
    p += len + (p[len] == ';');
  }
  return mask;
}

static int has_text(sqlite3_stmt *stmt, int column) {
  const unsigned char *text = sqlite3_column_text(stmt, column);
  return text && text[0];
}

static uint32_t group_bits(const bs_rules *rules, uint32_t elements) {
  uint32_t bits = 0;
  for (size_t g = 0; g < rules->group_count; g++)
    if (rules->groups[g].elements & elements) bits |= 1u << g;
  return bits;
}

static bs_status tally_persons(bs_report *r, sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT residence_state, elements, minor, deceased, street, zip, city,"
                         " state FROM persons",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  person_key *keys = NULL;
  size_t count = 0, cap = 0, state_cap = 0;
  bs_status status = BS_OK;
  int rc;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (count == cap) {
      size_t grown = cap ? cap * 2 : 1024;
      person_key *more = bs_reallocarray(keys, grown, sizeof *keys);
      if (!more) {
        status = BS_ENOMEM;
        break;
      }
      keys = more;
      cap = grown;
    }
    const char *state = (const char *)sqlite3_column_text(stmt, 0);
    char code[8];
    snprintf(code, sizeof code, "%s", state ? state : "");
    size_t s = 0;
    while (s < r->state_count && strcmp(r->states[s].code, code) != 0) s++;
    if (s == r->state_count) {
      if (r->state_count == state_cap) {
        size_t grown = state_cap ? state_cap * 2 : 64;
        bs_report_state *more = bs_reallocarray(r->states, grown, sizeof *more);
        if (!more) {
          status = BS_ENOMEM;
          break;
        }
        r->states = more;
        state_cap = grown;
      }
      memset(&r->states[s], 0, sizeof r->states[s]);
      memcpy(r->states[s].code, code, sizeof code);
      r->state_count++;
    }
    person_key *k = &keys[count++];
    k->state = (uint32_t)s;
    k->elements = parse_elements((const char *)sqlite3_column_text(stmt, 1));
    k->minor = sqlite3_column_int(stmt, 2) != 0;
    k->deceased = sqlite3_column_int(stmt, 3) != 0;
    /* A usable mailing address: a street and a ZIP, or a street, city and state. */
    k->no_address =
        !(has_text(stmt, 4) && (has_text(stmt, 5) || (has_text(stmt, 6) && has_text(stmt, 7))));
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(stmt);
  if (status == BS_OK) {
    /* States sorted by code; the person keys renumbered to follow. */
    size_t *order = bs_calloc(r->state_count + 1, sizeof *order);
    bs_report_state *sorted = bs_calloc(r->state_count + 1, sizeof *sorted);
    if (!order || !sorted) status = BS_ENOMEM;
    if (status == BS_OK) {
      memcpy(sorted, r->states, r->state_count * sizeof *sorted);
      qsort(sorted, r->state_count, sizeof *sorted, compare_states);
      for (size_t i = 0; i < r->state_count; i++)
        for (size_t j = 0; j < r->state_count; j++)
          if (!strcmp(r->states[i].code, sorted[j].code)) order[i] = j;
      for (size_t i = 0; i < count; i++) keys[i].state = (uint32_t)order[keys[i].state];
      bs_free(r->states);
      r->states = sorted;
      sorted = NULL;
    }
    bs_free(order);
    bs_free(sorted);
  }
  if (status == BS_OK && count) {
    qsort(keys, count, sizeof *keys, compare_keys);
    size_t distinct = 1;
    for (size_t i = 1; i < count; i++) distinct += compare_keys(&keys[i - 1], &keys[i]) != 0;
    r->combos = bs_calloc(distinct, sizeof *r->combos);
    if (!r->combos) status = BS_ENOMEM;
    for (size_t i = 0; status == BS_OK && i < count; i++) {
      if (!r->combo_count || compare_keys(&keys[i - 1], &keys[i]) != 0) {
        bs_report_combo *c = &r->combos[r->combo_count++];
        c->state = keys[i].state;
        c->elements = keys[i].elements;
        c->groups = group_bits(&r->rules, c->elements);
      }
      bs_report_combo *c = &r->combos[r->combo_count - 1];
      bs_report_state *st = &r->states[keys[i].state];
      c->persons++;
      c->minors += keys[i].minor;
      c->deceased += keys[i].deceased;
      c->no_address += keys[i].no_address;
      st->persons++;
      st->minors += keys[i].minor;
      st->deceased += keys[i].deceased;
      st->no_address += keys[i].no_address;
      r->persons++;
      r->minors += keys[i].minor;
      r->deceased += keys[i].deceased;
      r->no_address += keys[i].no_address;
      for (int t = 0; t < BS_EL_COUNT; t++) r->element_persons[t] += (keys[i].elements >> t) & 1;
    }
  }
  bs_free(keys);
  return status;
}

static bs_status read_unattributed(bs_report *r, sqlite3 *db) {
  if (!table_exists(db, "unattributed")) return BS_OK;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT type, findings FROM unattributed", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    int type = sqlite3_column_int(stmt, 0);
    if (type >= 0 && type < BS_EL_COUNT) r->unattributed[type] += sqlite3_column_int64(stmt, 1);
  }
  sqlite3_finalize(stmt);
  return BS_OK;
}

static char *dup_column(sqlite3_stmt *stmt, int column) {
  const char *text = (const char *)sqlite3_column_text(stmt, column);
  if (!text) return NULL;
  size_t len = strlen(text);
  char *copy = bs_malloc(len + 1);
  if (copy) memcpy(copy, text, len + 1);
  return copy;
}

/* Whole files not examined (encrypted, too large, damaged containers...) and parts of
 * files (image-only pages): counsel must assume what they hold was exposed. */
static bs_status read_unexamined(bs_report *r, sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, path, NULL, COALESCE(note, 'not examined') FROM files"
                         " WHERE status = 'not_examined'"
                         " UNION ALL SELECT d.file_id, f.path, d.place, d.message"
                         " FROM diagnostics d JOIN files f ON f.id = d.file_id"
                         " WHERE d.severity = 'unexamined' ORDER BY 1, 3",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  size_t cap = 0;
  bs_status status = BS_OK;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    if (r->unexamined_count == cap) {
      size_t grown = cap ? cap * 2 : 16;
      bs_report_unexamined *more = bs_reallocarray(r->unexamined, grown, sizeof *more);
      if (!more) {
        status = BS_ENOMEM;
        break;
      }
      r->unexamined = more;
      cap = grown;
    }
    bs_report_unexamined *u = &r->unexamined[r->unexamined_count++];
    u->file_id = sqlite3_column_int64(stmt, 0);
    u->path = dup_column(stmt, 1);
    u->place = dup_column(stmt, 2);
    u->reason = dup_column(stmt, 3);
    if (!u->path || !u->reason) status = BS_ENOMEM;
  }
  sqlite3_finalize(stmt);
  return status;
}

bs_status bs_report_build(bs_report *out, bs_store *store, const bs_report_options *options,
                          char *err, size_t err_cap) {
  memset(out, 0, sizeof *out);
  err[0] = '\0';
  sqlite3 *db = bs_store_db(store);
  bs_status status = bs_rules_load_embedded(&out->rules, err, err_cap);
  if (status != BS_OK) return status;
  char discovered[64];
  if ((status = bs_store_setting(store, "organization", out->organization,
                                 sizeof out->organization)) != BS_OK ||
      (status = bs_store_setting(store, "discovered", discovered, sizeof discovered)) != BS_OK ||
      (status = bs_store_setting(store, "window_from", out->window_from,
                                 sizeof out->window_from)) != BS_OK ||
      (status = bs_store_setting(store, "window_to", out->window_to, sizeof out->window_to)) !=
          BS_OK)
    return status;
  if (!bs_day_parse(discovered, &out->discovery)) {
    snprintf(err, err_cap, "the case has no valid discovery date (meta 'discovered')");
    return BS_EINVAL;
  }
  memcpy(out->discovered, discovered, sizeof out->discovered - 1);
  out->discovered[10] = '\0';
  if (!table_exists(db, "persons")) {
    snprintf(err, err_cap, "the case has no persons yet: run `breachscope people` first");
    return BS_ENOTFOUND;
  }
  if ((status = bs_store_exec(store, "BEGIN")) != BS_OK) return status;
  status = settle_option(store, "report_entity_type", BS_HHS_ENTITY_TYPE, options->entity_type,
                         out->entity_type, sizeof out->entity_type, "--entity-type", err, err_cap);
  if (status == BS_OK)
    status =
        settle_option(store, "report_breach_type", BS_HHS_BREACH_TYPE, options->breach_type,
                      out->breach_type, sizeof out->breach_type, "--breach-type", err, err_cap);
  if (status == BS_OK)
    status = settle_option(store, "report_locations", BS_HHS_LOCATION, options->locations,
                           out->locations, sizeof out->locations, "--location", err, err_cap);
  bs_store_exec(store, status == BS_OK ? "COMMIT" : "ROLLBACK");
  if (status != BS_OK) return status;
  out->hipaa = strcmp(out->entity_type, "none") != 0;
  if (!out->entity_type[0])
    status = bs_report_warn(out, "covered entity type not set (--entity-type): HIPAA rules "
                                 "applied as for a covered entity");
  if (status == BS_OK && !strcmp(out->entity_type, "Business Associate"))
    status = bs_report_warn(out, "a business associate tells the covered entity within 60 days "
                                 "of discovery (45 CFR 164.410); the HIPAA notices listed are "
                                 "the covered entity's");
  if (status == BS_OK) status = tally_persons(out, db);
  if (status == BS_OK) status = read_unattributed(out, db);
  if (status == BS_OK) status = read_unexamined(out, db);
  if (status == BS_OK) status = bs_report_obligations(out);
  return status;
}

void bs_report_free(bs_report *report) {
  if (!report) return;
  for (size_t i = 0; i < report->unexamined_count; i++) {
    bs_free(report->unexamined[i].path);
    bs_free(report->unexamined[i].place);
    bs_free(report->unexamined[i].reason);
  }
  bs_free(report->unexamined);
  bs_free(report->states);
  bs_free(report->combos);
  bs_free(report->obligations);
  bs_free(report->warnings);
  bs_rules_free(&report->rules);
  memset(report, 0, sizeof *report);
}
