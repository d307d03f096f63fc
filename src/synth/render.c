/* Value forms. The normalized forms come from the scanner's own normalizers
 * (detect/internal.h): "as normalized by findings" is defined by them, so the truth
 * uses them rather than a second copy that could drift. */
#include "synth/render.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "detect/internal.h"

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

void bs_render_date(char *out, bs_date d, bs_date_style style) {
  char abbr[4];
  memcpy(abbr, month_names[d.month - 1], 3);
  abbr[3] = '\0';
  switch (style) {
  case BS_DATE_MDY: snprintf(out, BS_TEXT_MAX, "%02d/%02d/%04d", d.month, d.day, d.year); break;
  case BS_DATE_MDY_BARE: snprintf(out, BS_TEXT_MAX, "%d/%d/%04d", d.month, d.day, d.year); break;
  case BS_DATE_MDY_SHORT:
    if (d.year > 1935) {
      snprintf(out, BS_TEXT_MAX, "%d/%d/%02d", d.month, d.day, d.year % 100);
      break;
    }
    snprintf(out, BS_TEXT_MAX, "%d/%d/%04d", d.month, d.day, d.year);
    break;
  case BS_DATE_ISO: bs_render_iso(out, d); break;
  case BS_DATE_LONG:
    snprintf(out, BS_TEXT_MAX, "%s %d, %04d", month_names[d.month - 1], d.day, d.year);
    break;
  case BS_DATE_DMY_ABBR: snprintf(out, BS_TEXT_MAX, "%02d-%s-%04d", d.day, abbr, d.year); break;
  case BS_DATE_DMY_SPACE: snprintf(out, BS_TEXT_MAX, "%d %s %04d", d.day, abbr, d.year); break;
  default: snprintf(out, BS_TEXT_MAX, "%02d-%02d-%04d", d.month, d.day, d.year); break;
  }
}

bs_date_style bs_render_date_style(bs_random *r, int allow_short) {
  /* Weighted after what US practice systems print: slashes first. */
  static const bs_date_style styles[] = {
      BS_DATE_MDY, BS_DATE_MDY,  BS_DATE_MDY,      BS_DATE_MDY_BARE,  BS_DATE_MDY_SHORT,
      BS_DATE_ISO, BS_DATE_LONG, BS_DATE_DMY_ABBR, BS_DATE_DMY_SPACE, BS_DATE_MDY_DASH};
  bs_date_style s = styles[bs_random_below(r, sizeof styles / sizeof styles[0])];
  return s == BS_DATE_MDY_SHORT && !allow_short ? BS_DATE_MDY_BARE : s;
}

void bs_render_iso(char *out, bs_date d) {
  snprintf(out, BS_TEXT_MAX, "%04d-%02d-%02d", d.year, d.month, d.day);
}

void bs_render_phone(char *out, const char *p, bs_random *r) {
  switch (bs_random_below(r, 9)) {
  case 0:
  case 1: snprintf(out, BS_TEXT_MAX, "(%.3s) %.3s-%.4s", p, p + 3, p + 6); break;
  case 2:
  case 3: snprintf(out, BS_TEXT_MAX, "%.3s-%.3s-%.4s", p, p + 3, p + 6); break;
  case 4: snprintf(out, BS_TEXT_MAX, "%.3s.%.3s.%.4s", p, p + 3, p + 6); break;
  case 5: snprintf(out, BS_TEXT_MAX, "+1 %.3s %.3s %.4s", p, p + 3, p + 6); break;
  case 6: snprintf(out, BS_TEXT_MAX, "%.10s", p); break;
  case 7: snprintf(out, BS_TEXT_MAX, "1-%.3s-%.3s-%.4s", p, p + 3, p + 6); break;
  default: snprintf(out, BS_TEXT_MAX, "(%.3s)%.3s-%.4s", p, p + 3, p + 6); break;
  }
}

void bs_render_ssn(char *out, const char *s, bs_random *r, int bare_ok) {
  unsigned roll = bs_random_below(r, 10);
  if (bare_ok && roll < 3)
    snprintf(out, BS_TEXT_MAX, "%.9s", s);
  else if (roll == 9)
    snprintf(out, BS_TEXT_MAX, "%.3s %.2s %.4s", s, s + 3, s + 5);
  else
    snprintf(out, BS_TEXT_MAX, "%.3s-%.2s-%.4s", s, s + 3, s + 5);
}

void bs_render_mbi(char *out, const char *m, bs_random *r) {
  if (bs_random_chance(r, 30))
    snprintf(out, BS_TEXT_MAX, "%.4s-%.3s-%.4s", m, m + 4, m + 7);
  else
    snprintf(out, BS_TEXT_MAX, "%.11s", m);
}

void bs_render_undotted(char *out, const char *code) {
  size_t n = 0;
  for (const char *c = code; *c && n + 1 < BS_TEXT_MAX; c++)
    if (*c != '.') out[n++] = (char)toupper((unsigned char)*c);
  out[n] = '\0';
}

void bs_render_icd(char *out, const char *dotted, bs_random *r) {
  if (bs_random_chance(r, 70))
    snprintf(out, BS_TEXT_MAX, "%s", dotted);
  else
    bs_render_undotted(out, dotted);
}

void bs_render_card(char *out, const char *c, bs_random *r) {
  size_t len = strlen(c);
  unsigned roll = bs_random_below(r, 3);
  if (roll == 0 || len != 16) {
    snprintf(out, BS_TEXT_MAX, "%s", c);
    return;
  }
  char sep = roll == 1 ? ' ' : '-';
  snprintf(out, BS_TEXT_MAX, "%.4s%c%.4s%c%.4s%c%.4s", c, sep, c + 4, sep, c + 8, sep, c + 12);
}

static void upper(char *s) {
  for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

/* Swaps two inner letters of a word: "Jonh" for "John". */
static void typo(char *word, bs_random *r) {
  size_t n = strlen(word);
  if (n < 4) return;
  size_t i = 1 + bs_random_below(r, (uint32_t)(n - 2));
  if (!isalpha((unsigned char)word[i]) || !isalpha((unsigned char)word[i + 1])) return;
  char c = word[i];
  word[i] = word[i + 1];
  word[i + 1] = c;
}

bs_name_style bs_render_name_style(bs_random *r) {
  return (bs_name_style)bs_random_below(r, BS_NAME_STYLES);
}

void bs_render_name(char *out, const bs_person *p, bs_name_style style, bs_random *r, int typo_ok) {
  char first[32], last[40], middle[32] = "", suffix[8] = "";
  snprintf(first, sizeof first, "%s",
           style == BS_NAME_NICKNAME && p->nickname[0] ? p->nickname : p->first);
  snprintf(last, sizeof last, "%s", p->last);
  if (p->middle[0]) snprintf(middle, sizeof middle, " %c", p->middle[0]);
  if (p->suffix[0] && bs_random_chance(r, 60)) snprintf(suffix, sizeof suffix, " %s", p->suffix);
  if (typo_ok && bs_random_chance(r, 4)) typo(bs_random_chance(r, 50) ? first : last, r);
  switch (style) {
  case BS_NAME_FIRST_MIDDLE_LAST:
    if (p->middle[0] && p->middle[1] && bs_random_chance(r, 40))
      snprintf(out, BS_TEXT_MAX, "%s %s %s%s", first, p->middle, last, suffix);
    else
      snprintf(out, BS_TEXT_MAX, "%s%s%s %s%s", first, middle, middle[0] ? "." : "", last, suffix);
    break;
  case BS_NAME_LAST_FIRST: snprintf(out, BS_TEXT_MAX, "%s%s, %s", last, suffix, first); break;
  case BS_NAME_LAST_FIRST_MIDDLE:
    snprintf(out, BS_TEXT_MAX, "%s%s, %s%s", last, suffix, first, middle);
    break;
  case BS_NAME_UPPER:
    snprintf(out, BS_TEXT_MAX, "%s %s%s", first, last, suffix);
    upper(out);
    break;
  case BS_NAME_UPPER_LAST_FIRST:
    snprintf(out, BS_TEXT_MAX, "%s%s, %s%s", last, suffix, first, middle);
    upper(out);
    break;
  case BS_NAME_INITIAL: snprintf(out, BS_TEXT_MAX, "%c. %s", first[0], last); break;
  default: snprintf(out, BS_TEXT_MAX, "%s %s%s", first, last, suffix); break;
  }
}

void bs_render_word(char *out, const char *name, bs_random *r) {
  snprintf(out, BS_TEXT_MAX, "%s", name);
  if (bs_random_chance(r, 20)) upper(out);
}

/* "Street" -> "St" through the Pub 28 table ("ST" title-cased). */
static void suffix_abbreviation(char *out, size_t cap, const char *suffix, const bs_refdata *ref) {
  const bs_pair *p = bs_refdata_suffix(ref, suffix, strlen(suffix));
  if (!p) {
    snprintf(out, cap, "%s", suffix);
    return;
  }
  snprintf(out, cap, "%.*s", (int)p->value.len, p->value.text);
  for (size_t i = 1; out[i]; i++) out[i] = (char)tolower((unsigned char)out[i]);
}

void bs_render_street(char *out, const bs_address *a, const bs_refdata *ref, bs_random *r,
                      int with_unit) {
  char suffix[24], unit[32] = "", predir[16] = "";
  unsigned form = bs_random_below(r, 10);
  if (form < 4)
    snprintf(suffix, sizeof suffix, "%s", a->suffix);
  else
    suffix_abbreviation(suffix, sizeof suffix, a->suffix, ref);
  if (form == 9) {
    size_t n = strlen(suffix);
    snprintf(suffix + n, sizeof suffix - n, ".");
  }
  if (a->predir[0]) snprintf(predir, sizeof predir, "%s ", a->predir);
  if (with_unit && a->unit_kind[0]) {
    const char *kind = a->unit_kind;
    if (!strcmp(kind, "Apt") && bs_random_chance(r, 20)) kind = "Apartment";
    if (!strcmp(kind, "#"))
      snprintf(unit, sizeof unit, " #%s", a->unit);
    else
      snprintf(unit, sizeof unit, "%s %s %s", bs_random_chance(r, 40) ? "," : "", kind, a->unit);
  }
  snprintf(out, BS_TEXT_MAX, "%s %s%s %s%s", a->number, predir, a->name, suffix, unit);
  if (bs_random_chance(r, 12)) upper(out);
}

void bs_render_city(char *out, const char *city, bs_random *r) {
  snprintf(out, BS_TEXT_MAX, "%s", city);
  if (bs_random_chance(r, 25)) return;
  for (size_t i = 0; out[i]; i++) {
    int start = i == 0 || out[i - 1] == ' ' || out[i - 1] == '-' || out[i - 1] == '.';
    out[i] = (char)(start ? toupper((unsigned char)out[i]) : tolower((unsigned char)out[i]));
  }
}

void bs_render_zip(char *out, char *value, const bs_address *a, bs_random *r) {
  if (a->zip4[0] && bs_random_chance(r, 50)) {
    snprintf(out, BS_TEXT_MAX, "%s-%s", a->zip, a->zip4);
    snprintf(value, BS_TEXT_MAX, "%s-%s", a->zip, a->zip4);
  } else {
    snprintf(out, BS_TEXT_MAX, "%s", a->zip);
    snprintf(value, BS_TEXT_MAX, "%s", a->zip);
  }
}

void bs_render_norm_words(char *out, const char *text) {
  size_t n = bs_normalize_upper_words(text, strlen(text), out, BS_TEXT_MAX);
  out[n] = '\0';
}

void bs_render_norm_street(char *out, const char *text, const bs_refdata *ref) {
  size_t n = bs_normalize_street(ref, text, strlen(text), out, BS_TEXT_MAX);
  out[n] = '\0';
}
