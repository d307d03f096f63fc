/* Parsing of the rules table and its element groups (see rules.h and data/rules/). */
#include "report/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/embedded.h"
#include "detect/element.h"

#define MAX_RULES   4096
#define MAX_COLUMNS 32

static const char *const group_columns[] = {"group", "elements", "hhs_phi_type", "in_combination",
                                            "description"};

/* The rules file's columns, in order (data/rules/README.md says what each holds). */
#define RULE_COLUMNS(X)                                                                            \
  X(JURISDICTION, "jurisdiction")                                                                  \
  X(NAME, "name")                                                                                  \
  X(RULE, "rule")                                                                                  \
  X(CITATION, "citation")                                                                          \
  X(RECIPIENT, "recipient")                                                                        \
  X(TRIGGER, "trigger")                                                                            \
  X(COUNT_OF, "count_of")                                                                          \
  X(MIN_COUNT, "min_count")                                                                        \
  X(MAX_COUNT, "max_count")                                                                        \
  X(DEADLINE_DAYS, "deadline_days")                                                                \
  X(DEADLINE_UNIT, "deadline_unit")                                                                \
  X(DEADLINE_FROM, "deadline_from")                                                                \
  X(DEADLINE_TEXT, "deadline_text")                                                                \
  X(CLOCK, "clock")                                                                                \
  X(HIPAA, "hipaa_covered_entity")                                                                 \
  X(HIPAA_NOTE, "hipaa_note")                                                                      \
  X(HARM, "harm_threshold")                                                                        \
  X(REQUIREMENTS, "requirements")                                                                  \
  X(VERIFIED, "verified")                                                                          \
  X(VERIFICATION, "verification")                                                                  \
  X(LAST_CHECKED, "last_checked")                                                                  \
  X(SOURCES, "sources")

enum {
#define RULE_COLUMN_ENUM(id, name) COL_##id,
  RULE_COLUMNS(RULE_COLUMN_ENUM)
#undef RULE_COLUMN_ENUM
      COL_COUNT
};

static const char *const rule_columns[] = {
#define RULE_COLUMN_NAME(id, name) name,
    RULE_COLUMNS(RULE_COLUMN_NAME)
#undef RULE_COLUMN_NAME
};

static const char *const count_names[] = {"all", "residents", "each_state", "no_address",
                                          "deceased"};
static const char *const clock_names[] = {"", "discovery", "individual_notice", "year_end",
                                          "hhs_notice"};
static const char *const hipaa_names[] = {"applies", "exempt", "deemed_compliant", "unclear",
                                          "covered_only"};

const char *bs_rule_count_name(bs_rule_count count) {
  return (unsigned)count < sizeof count_names / sizeof *count_names ? count_names[count] : "?";
}

const char *bs_rule_hipaa_name(bs_rule_hipaa hipaa) {
  return (unsigned)hipaa < sizeof hipaa_names / sizeof *hipaa_names ? hipaa_names[hipaa] : "?";
}

/* A parse in progress: the file's name and line, for messages. */
typedef struct parse {
  const char *file;
  size_t line;
  const char *column;
  char *err;
  size_t err_cap;
} parse;

static bs_status fail(parse *p, const char *format, ...) __attribute__((format(printf, 2, 3)));
static bs_status fail(parse *p, const char *format, ...) {
  if (p->err_cap) {
    int n = p->column ? snprintf(p->err, p->err_cap, "%s: line %zu: column %s: ", p->file, p->line,
                                 p->column)
                      : snprintf(p->err, p->err_cap, "%s: line %zu: ", p->file, p->line);
    if (n >= 0 && (size_t)n < p->err_cap) {
      va_list args;
      va_start(args, format);
      vsnprintf(p->err + n, p->err_cap - (size_t)n, format, args);
      va_end(args);
    }
  }
  return BS_EFORMAT;
}

/* Cuts the next line off *cursor (NUL-terminating it in place, without its '\r'). */
static char *next_line(char **cursor, char *end) {
  if (*cursor >= end) return NULL;
  char *line = *cursor;
  char *nl = memchr(line, '\n', (size_t)(end - line));
  char *stop = nl ? nl : end;
  *cursor = nl ? nl + 1 : end;
  *stop = '\0';
  if (stop > line && stop[-1] == '\r') stop[-1] = '\0';
  return line;
}

/* Splits a line at tabs into exactly `want` fields. */
static bs_status split_fields(parse *p, char *line, char **fields, size_t want) {
  size_t n = 0;
  for (char *f = line;;) {
    if (n == want) return fail(p, "%zu fields or more; %zu expected", n + 1, want);
    fields[n++] = f;
    char *tab = strchr(f, '\t');
    if (!tab) break;
    *tab = '\0';
    f = tab + 1;
  }
  if (n != want) return fail(p, "%zu fields; %zu expected", n, want);
  return BS_OK;
}

static bs_status check_header(parse *p, char *line, const char *const *names, size_t count) {
  char *fields[MAX_COLUMNS] = {0};
  if (!line) return fail(p, "empty file; a header line is expected");
  bs_status status = split_fields(p, line, fields, count);
  for (size_t i = 0; status == BS_OK && i < count; i++)
    if (!fields[i] || strcmp(fields[i], names[i]) != 0)
      status = fail(p, "header field %zu is '%.40s'; '%s' expected", i + 1,
                    fields[i] ? fields[i] : "", names[i]);
  return status;
}

static int is_blank(const char *line) { return line[strspn(line, " \t")] == '\0'; }

/* A whole non-negative number up to 10^9, or -1 when empty. */
static bs_status number(parse *p, const char *text, long *out) {
  *out = -1;
  if (!*text) return BS_OK;
  size_t len = strspn(text, "0123456789");
  if (len != strlen(text) || len > 9) return fail(p, "'%.20s' is not a whole number", text);
  *out = strtol(text, NULL, 10);
  return BS_OK;
}

static bs_status choice(parse *p, const char *text, const char *const *names, size_t count,
                        int *out) {
  for (size_t i = 0; i < count; i++)
    if (!strcmp(text, names[i])) {
      *out = (int)i;
      return BS_OK;
    }
  return fail(p, "'%.40s' is not one of the allowed values", text);
}

static int is_day(const char *text) {
  if (strlen(text) != 10 || text[4] != '-' || text[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return 0;
  int month = (text[5] - '0') * 10 + (text[6] - '0'), day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static const bs_rule_group *find_group(const bs_rules *rules, const char *name, size_t len) {
  for (size_t i = 0; i < rules->group_count; i++)
    if (strlen(rules->groups[i].name) == len && !memcmp(rules->groups[i].name, name, len))
      return &rules->groups[i];
  return NULL;
}

/* An element mask from a word: a group name, an element type name, or "person". */
static bs_status term_mask(parse *p, const bs_rules *rules, const char *word, size_t len,
                           uint32_t *out) {
  const bs_rule_group *group = find_group(rules, word, len);
  if (group) {
    *out = group->elements;
    return BS_OK;
  }
  char name[40];
  if (len < sizeof name) {
    memcpy(name, word, len);
    name[len] = '\0';
    bs_element type = bs_element_from_name(name);
    if (type != BS_EL_NONE) {
      *out = 1u << type;
      return BS_OK;
    }
  }
  return fail(p, "'%.*s' is neither an element group nor an element type",
              (int)(len < 40 ? len : 40), word);
}

/* trigger := alt (',' alt)* ; alt := "person" | term ('+' term)* ['?'] */
static bs_status parse_trigger(parse *p, const bs_rules *rules, bs_rule *rule) {
  const char *s = rule->trigger;
  rule->alt_count = 0;
  if (!*s) return BS_OK; /* a row that triggers nothing (no statute found) */
  for (;;) {
    if (rule->alt_count == BS_RULE_MAX_ALTS)
      return fail(p, "more than %d alternatives", BS_RULE_MAX_ALTS);
    bs_rule_alt *alt = &rule->alts[rule->alt_count++];
    memset(alt, 0, sizeof *alt);
    s += strspn(s, " ");
    size_t len = strcspn(s, "+,? ");
    if (len == 6 && !memcmp(s, "person", 6)) {
      s += len;
    } else {
      for (;;) {
        len = strcspn(s, "+,? ");
        if (!len) return fail(p, "an element group is missing near '%.20s'", s);
        if (alt->term_count == BS_RULE_MAX_TERMS)
          return fail(p, "more than %d terms joined by '+'", BS_RULE_MAX_TERMS);
        bs_status status = term_mask(p, rules, s, len, &alt->terms[alt->term_count++]);
        if (status != BS_OK) return status;
        s += len;
        if (*s != '+') break;
        s++;
      }
    }
    if (*s == '?') {
      alt->conditional = 1;
      s++;
    }
    s += strspn(s, " ");
    if (!*s) return BS_OK;
    if (*s != ',') return fail(p, "unexpected '%c'", *s);
    s++;
  }
}

static bs_status parse_groups(bs_rules *out, parse *p, char *text, size_t len) {
  char *cursor = text, *end = text + len;
  bs_status status = check_header(p, next_line(&cursor, end), group_columns, 5);
  for (char *line; status == BS_OK && (line = next_line(&cursor, end));) {
    p->line++;
    if (is_blank(line)) continue;
    char *f[5] = {0};
    if ((status = split_fields(p, line, f, 5)) != BS_OK) break;
    if (out->group_count == BS_RULE_MAX_GROUPS)
      return fail(p, "more than %d groups", BS_RULE_MAX_GROUPS);
    bs_rule_group *g = &out->groups[out->group_count];
    p->column = "group";
    if (!*f[0] || strcspn(f[0], "+,? ") != strlen(f[0]))
      return fail(p, "a group name is one word without + , or ?");
    /* A group may take an element type's name (the group "name" holds the element
     * "name" and "last_name"): in triggers, group names come first. */
    if (!strcmp(f[0], "person") || find_group(out, f[0], strlen(f[0])))
      return fail(p, "'%.40s' is already a name", f[0]);
    p->column = "elements";
    g->elements = 0;
    for (char *w = f[1]; *w;) {
      size_t wl = strcspn(w, " ");
      if (wl) {
        char name[40];
        if (wl >= sizeof name) return fail(p, "'%.40s' is not an element type", w);
        memcpy(name, w, wl);
        name[wl] = '\0';
        bs_element type = bs_element_from_name(name);
        if (type == BS_EL_NONE) return fail(p, "'%s' is not an element type", name);
        g->elements |= 1u << type;
      }
      w += wl + (w[wl] == ' ');
    }
    if (!g->elements) return fail(p, "no element type");
    p->column = "in_combination";
    int yes = 0;
    static const char *const no_yes[] = {"no", "yes"};
    if ((status = choice(p, f[3], no_yes, 2, &yes)) != BS_OK) break;
    p->column = NULL;
    g->name = f[0];
    g->hhs_phi_type = f[2];
    g->in_combination = yes;
    g->description = f[4];
    out->group_count++;
  }
  return status;
}

static bs_status parse_rule(bs_rules *rules, parse *p, char **f, bs_rule *r) {
  bs_status status = BS_OK;
  int value = 0;
  r->line = p->line;
  p->column = "jurisdiction";
  if (strlen(f[COL_JURISDICTION]) != 2 || f[COL_JURISDICTION][0] < 'A' ||
      f[COL_JURISDICTION][0] > 'Z' || f[COL_JURISDICTION][1] < 'A' || f[COL_JURISDICTION][1] > 'Z')
    return fail(p, "'%.20s' is not a two-letter code", f[COL_JURISDICTION]);
  r->jurisdiction = f[COL_JURISDICTION];
  p->column = "name";
  if (!*f[COL_NAME]) return fail(p, "empty");
  r->name = f[COL_NAME];
  p->column = "rule";
  if (!*f[COL_RULE] || strspn(f[COL_RULE], "abcdefghijklmnopqrstuvwxyz_") != strlen(f[COL_RULE]))
    return fail(p, "'%.40s' is not a rule name (lower-case letters and _)", f[COL_RULE]);
  r->kind = f[COL_RULE];
  r->citation = f[COL_CITATION];
  r->recipient = f[COL_RECIPIENT];
  r->trigger = f[COL_TRIGGER];
  p->column = "trigger";
  if ((status = parse_trigger(p, rules, r)) != BS_OK) return status;
  if (r->alt_count && !*r->citation) return (p->column = "citation"), fail(p, "empty");
  p->column = "count_of";
  if (!*f[COL_COUNT_OF])
    r->count_of = BS_COUNT_ALL;
  else if ((status = choice(p, f[COL_COUNT_OF], count_names, 5, &value)) != BS_OK)
    return status;
  else
    r->count_of = (bs_rule_count)value;
  p->column = "min_count";
  if ((status = number(p, f[COL_MIN_COUNT], &r->min_count)) != BS_OK) return status;
  p->column = "max_count";
  if ((status = number(p, f[COL_MAX_COUNT], &r->max_count)) != BS_OK) return status;
  if (r->max_count >= 0 && r->min_count > r->max_count) return fail(p, "below min_count");
  p->column = "deadline_days";
  long days;
  if ((status = number(p, f[COL_DEADLINE_DAYS], &days)) != BS_OK) return status;
  if (days > 3660) return fail(p, "more than ten years");
  r->deadline_days = (int)days;
  p->column = "deadline_unit";
  static const char *const units[] = {"", "days", "business_days"};
  if ((status = choice(p, f[COL_DEADLINE_UNIT], units, 3, &value)) != BS_OK) return status;
  r->business_days = value == 2;
  p->column = "deadline_from";
  if ((status = choice(p, f[COL_DEADLINE_FROM], clock_names, 5, &value)) != BS_OK) return status;
  r->clock = (bs_rule_clock)value;
  /* A day count needs a clock and a unit; days from discovery need a count. */
  if (days >= 0 && (r->clock == BS_CLOCK_NONE || !*f[COL_DEADLINE_UNIT]))
    return fail(p, "deadline_days without deadline_from and deadline_unit");
  if (days < 0 && (r->clock == BS_CLOCK_DISCOVERY || r->clock == BS_CLOCK_YEAR_END))
    return fail(p, "counted from %s without deadline_days", f[COL_DEADLINE_FROM]);
  if (days < 0 && r->clock != BS_CLOCK_NONE) r->deadline_days = 0;
  r->deadline_text = f[COL_DEADLINE_TEXT];
  r->clock_text = f[COL_CLOCK];
  p->column = "hipaa_covered_entity";
  if (!*f[COL_HIPAA])
    r->hipaa = BS_HIPAA_APPLIES;
  else if ((status = choice(p, f[COL_HIPAA], hipaa_names, 5, &value)) != BS_OK)
    return status;
  else
    r->hipaa = (bs_rule_hipaa)value;
  r->hipaa_note = f[COL_HIPAA_NOTE];
  r->harm_threshold = f[COL_HARM];
  r->requirements = f[COL_REQUIREMENTS];
  p->column = "verified";
  static const char *const no_yes[] = {"no", "yes"};
  if ((status = choice(p, f[COL_VERIFIED], no_yes, 2, &r->verified)) != BS_OK) return status;
  r->verification = f[COL_VERIFICATION];
  p->column = "last_checked";
  if (!is_day(f[COL_LAST_CHECKED]))
    return fail(p, "'%.20s' is not YYYY-MM-DD", f[COL_LAST_CHECKED]);
  r->last_checked = f[COL_LAST_CHECKED];
  r->sources = f[COL_SOURCES];
  p->column = NULL;
  return BS_OK;
}

static bs_status parse_rules(bs_rules *out, parse *p, char *text, size_t len) {
  char *cursor = text, *end = text + len;
  bs_status status = check_header(p, next_line(&cursor, end), rule_columns, COL_COUNT);
  size_t cap = 0;
  for (char *line; status == BS_OK && (line = next_line(&cursor, end));) {
    p->line++;
    if (is_blank(line)) continue;
    char *f[COL_COUNT] = {0};
    if ((status = split_fields(p, line, f, COL_COUNT)) != BS_OK) break;
    if (out->count == MAX_RULES) return fail(p, "more than %d rules", MAX_RULES);
    if (out->count == cap) {
      size_t grown = cap ? cap * 2 : 64;
      bs_rule *items = bs_reallocarray(out->items, grown, sizeof *items);
      if (!items) return BS_ENOMEM;
      out->items = items;
      cap = grown;
    }
    bs_rule *r = &out->items[out->count];
    memset(r, 0, sizeof *r);
    if ((status = parse_rule(out, p, f, r)) != BS_OK) break;
    out->count++;
  }
  if (status == BS_OK && !out->count) return fail(p, "no rules");
  return status;
}

static char *copy_text(const char *text, size_t len) {
  char *copy = bs_malloc(len + 1);
  if (copy) {
    memcpy(copy, text, len);
    copy[len] = '\0';
  }
  return copy;
}

bs_status bs_rules_parse(bs_rules *out, const char *groups_text, size_t groups_len,
                         const char *groups_name, const char *rules_text, size_t rules_len,
                         const char *rules_name, char *err, size_t err_cap) {
  memset(out, 0, sizeof *out);
  if (err_cap) err[0] = '\0';
  parse p = {groups_name, 1, NULL, err, err_cap};
  if (memchr(groups_text, '\0', groups_len)) return fail(&p, "a NUL byte");
  p.file = rules_name;
  if (memchr(rules_text, '\0', rules_len)) return fail(&p, "a NUL byte");
  out->text[0] = copy_text(groups_text, groups_len);
  out->text[1] = copy_text(rules_text, rules_len);
  if (!out->text[0] || !out->text[1]) return BS_ENOMEM;
  p.file = groups_name;
  bs_status status = parse_groups(out, &p, out->text[0], groups_len);
  if (status == BS_OK && !out->group_count) status = fail(&p, "no groups");
  p = (parse){rules_name, 1, NULL, err, err_cap};
  if (status == BS_OK) status = parse_rules(out, &p, out->text[1], rules_len);
  return status;
}

bs_status bs_rules_load_embedded(bs_rules *out, char *err, size_t err_cap) {
  return bs_rules_parse(out, bs_data_element_groups,
                        (size_t)(bs_data_element_groups_end - bs_data_element_groups),
                        "data/rules/element_groups.tsv", bs_data_breach_rules,
                        (size_t)(bs_data_breach_rules_end - bs_data_breach_rules),
                        "data/rules/breach_rules.tsv", err, err_cap);
}

void bs_rules_free(bs_rules *rules) {
  if (!rules) return;
  bs_free(rules->items);
  bs_free(rules->text[0]);
  bs_free(rules->text[1]);
  memset(rules, 0, sizeof *rules);
}

int bs_rule_match(const bs_rule *rule, uint32_t elements) {
  int best = 0;
  for (size_t a = 0; a < rule->alt_count && best < 2; a++) {
    const bs_rule_alt *alt = &rule->alts[a];
    size_t t = 0;
    while (t < alt->term_count && (alt->terms[t] & elements)) t++;
    if (t < alt->term_count) continue;
    int level = alt->conditional ? 1 : 2;
    if (level > best) best = level;
  }
  return best;
}
