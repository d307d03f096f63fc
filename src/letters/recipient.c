/* Recipients of letters (see recipient.h). */
#include "letters/recipient.h"

#include <ctype.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

const char bs_recipient_sql[] =
    "SELECT p.person_id, p.first, p.middle, p.last, p.suffix, p.street, p.unit, p.city, p.state,"
    " p.zip, p.residence_state, p.minor, p.deceased, p.elements, e.code"
    " FROM persons p LEFT JOIN enrollment e USING(person_id)"
    " WHERE ?1 IS NULL OR p.person_id = ?1 ORDER BY p.id";

/* A text column into out, as valid UTF-8 (Pango and the CSV files need it): bad bytes
 * replaced, and a value cut at a character's boundary when longer than out. */
static void column(char *out, size_t cap, sqlite3_stmt *row, int i) {
  const char *text = (const char *)sqlite3_column_text(row, i);
  char *valid = text ? g_utf8_make_valid(text, -1) : NULL;
  snprintf(out, cap, "%s", valid ? valid : "");
  g_free(valid);
  const char *end = NULL;
  if (!g_utf8_validate(out, -1, &end)) out[end - out] = '\0';
}

uint32_t bs_recipient_elements(const char *names) {
  uint32_t mask = 0;
  char name[32];
  for (const char *p = names; p && *p;) {
    size_t len = strcspn(p, ";");
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

void bs_recipient_read(bs_recipient *out, sqlite3_stmt *row) {
  column(out->person_id, sizeof out->person_id, row, 0);
  column(out->first, sizeof out->first, row, 1);
  column(out->middle, sizeof out->middle, row, 2);
  column(out->last, sizeof out->last, row, 3);
  column(out->suffix, sizeof out->suffix, row, 4);
  column(out->street, sizeof out->street, row, 5);
  column(out->unit, sizeof out->unit, row, 6);
  column(out->city, sizeof out->city, row, 7);
  column(out->state, sizeof out->state, row, 8);
  column(out->zip, sizeof out->zip, row, 9);
  column(out->residence, sizeof out->residence, row, 10);
  out->minor = sqlite3_column_int(row, 11) != 0;
  out->deceased = sqlite3_column_int(row, 12) != 0;
  out->elements = bs_recipient_elements((const char *)sqlite3_column_text(row, 13));
  column(out->code, sizeof out->code, row, 14);
}

void bs_recipient_routing(char out[12], const bs_recipient *r) {
  char digits[12];
  size_t n = 0;
  for (const char *c = r->zip; *c; c++) {
    if (*c == '-' || *c == ' ') continue;
    if (!isdigit((unsigned char)*c) || n == 9) {
      out[0] = '\0';
      return;
    }
    digits[n++] = *c;
  }
  digits[n] = '\0';
  snprintf(out, 12, "%s", n == 5 || n == 9 ? digits : "");
}

const char *bs_recipient_unmailable(const bs_recipient *r) {
  char routing[12];
  if (!r->first[0] && !r->last[0]) return "no name";
  if (!r->street[0]) return "no street address";
  if (!r->city[0] || !r->state[0]) return "no city or state";
  bs_recipient_routing(routing, r);
  if (!routing[0]) return "no valid ZIP code";
  return NULL;
}

/* Words joined by single spaces, empty ones skipped. */
static void join(char *out, size_t cap, const char *const *words, size_t count) {
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < count; i++) {
    if (!words[i][0] || n >= cap) continue;
    int w = snprintf(out + n, cap - n, "%s%s", n ? " " : "", words[i]);
    if (w > 0) n += (size_t)w;
  }
}

/* Upper case in place (any script), kept within the line's size. */
static void upper(char *s, size_t cap) {
  char *up = g_utf8_strup(s, -1);
  snprintf(s, cap, "%s", up);
  g_free(up);
  const char *end = NULL;
  if (!g_utf8_validate(s, -1, &end)) s[end - s] = '\0';
}

int bs_recipient_lines(char lines[BS_RECIPIENT_LINES][BS_RECIPIENT_LINE_SIZE],
                       const bs_recipient *r) {
  char name[BS_RECIPIENT_LINE_SIZE - 24]; /* room for "PARENT OR GUARDIAN OF " */
  const char *parts[] = {r->first, r->middle, r->last, r->suffix};
  join(name, sizeof name, parts, 4);
  int n = 0;
  if (r->deceased)
    snprintf(lines[n++], BS_RECIPIENT_LINE_SIZE, "TO THE ESTATE OF %s", name);
  else if (r->minor)
    snprintf(lines[n++], BS_RECIPIENT_LINE_SIZE, "PARENT OR GUARDIAN OF %s", name);
  else
    snprintf(lines[n++], BS_RECIPIENT_LINE_SIZE, "%s", name);
  const char *delivery[] = {r->street, r->unit};
  join(lines[n++], BS_RECIPIENT_LINE_SIZE, delivery, 2);
  snprintf(lines[n++], BS_RECIPIENT_LINE_SIZE, "%s %s  %s", r->city, r->state, r->zip);
  for (int i = 0; i < n; i++) upper(lines[i], BS_RECIPIENT_LINE_SIZE);
  return n;
}

/* "O'NEIL-SMITH" -> "O'Neil-Smith", "JOSÉ" -> "José": capitals after a space, hyphen,
 * apostrophe or period. (Names such as McDonald come out Mcdonald: the store keeps
 * no mixed case to follow.) */
static void title_case(char *s, size_t cap) {
  GString *out = g_string_sized_new(strlen(s) + 8);
  int start = 1;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    g_string_append_unichar(out, start ? g_unichar_totitle(c) : g_unichar_tolower(c));
    start = c == ' ' || c == '-' || c == '\'' || c == '.' || c == 0x2019;
  }
  snprintf(s, cap, "%s", out->str);
  g_string_free(out, TRUE);
  const char *end = NULL;
  if (!g_utf8_validate(s, -1, &end)) s[end - s] = '\0';
}

void bs_recipient_name(char *out, size_t cap, const bs_recipient *r) {
  char middle[8] = "";
  if (r->middle[0]) snprintf(middle, sizeof middle, "%.1s.", r->middle);
  char first[64], last[64];
  snprintf(first, sizeof first, "%s", r->first);
  snprintf(last, sizeof last, "%s", r->last);
  title_case(first, sizeof first);
  title_case(last, sizeof last);
  char suffix[24];
  if (strcmp(r->suffix, "JR") == 0 || strcmp(r->suffix, "SR") == 0)
    snprintf(suffix, sizeof suffix, "%c%c.", r->suffix[0], r->suffix[1] - 'A' + 'a');
  else
    snprintf(suffix, sizeof suffix, "%s", r->suffix);
  const char *parts[] = {first, middle, last, suffix};
  join(out, cap, parts, 4);
}

void bs_recipient_addressee(char *out, size_t cap, const bs_recipient *r) {
  char name[160];
  bs_recipient_name(name, sizeof name, r);
  if (r->deceased)
    snprintf(out, cap, "Family or Estate of %s", name);
  else if (r->minor)
    snprintf(out, cap, "Parent or Guardian of %s", name);
  else
    snprintf(out, cap, "%s", name);
}

void bs_recipient_facts(bs_letter_facts *out, const bs_recipient *r, int window) {
  memset(out, 0, sizeof *out);
  out->elements = r->elements;
  snprintf(out->state, sizeof out->state, "%.2s", r->residence[0] ? r->residence : r->state);
  out->minor = r->minor;
  out->deceased = r->deceased;
  out->monitoring = r->code[0] != '\0';
  out->window = window;
}
