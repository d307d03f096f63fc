/* Places: street lines normalized to USPS Publication 28 forms, PO boxes, and
 * "City, ST 12345" with the ZIP checked against the state's assigned prefixes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "detect/internal.h"

/* The ASCII case of bs_normalize_upper_words. */
static size_t upper_words_ascii(const char *text, size_t len, char *out, size_t cap) {
  size_t n = 0;
  int space = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (isspace(c) || c == ',') {
      space = n > 0;
      continue;
    }
    if (c == '.') continue;
    if (space) {
      if (n + 1 >= cap) return 0;
      out[n++] = ' ';
      space = 0;
    }
    if (n + 1 >= cap) return 0;
    out[n++] = (char)toupper(c);
  }
  return n;
}

/* Text beyond ASCII: composed (NFC) so that an accent typed apart joins its letter,
 * each character upper-cased by Unicode's rules ("José" -> "JOSÉ"), a typographic
 * apostrophe written as ASCII's; a space of any script separates words. Text that is not UTF-8
 * takes the ASCII route, its other bytes kept as they are. */
size_t bs_normalize_upper_words(const char *text, size_t len, char *out, size_t cap) {
  size_t i = 0;
  while (i < len && (unsigned char)text[i] < 0x80) i++;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t nfc_len =
      i == len ? -1
               : utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &nfc,
                              UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (nfc_len < 0) {
    free(nfc);
    return upper_words_ascii(text, len, out, cap);
  }
  size_t n = 0;
  int space = 0;
  for (utf8proc_ssize_t at = 0; at < nfc_len;) {
    utf8proc_int32_t c;
    at += utf8proc_iterate(nfc + at, nfc_len - at, &c);
    if (c == ',' || (c < 0x80 && isspace(c)) || utf8proc_category(c) == UTF8PROC_CATEGORY_ZS) {
      space = n > 0;
      continue;
    }
    if (c == '.') continue;
    if (c == 0x2019 || c == 0x02BC) c = '\''; /* typographic apostrophes: O’Neil */
    utf8proc_uint8_t bytes[4];
    utf8proc_ssize_t width = utf8proc_encode_char(utf8proc_toupper(c), bytes);
    if (n + (size_t)width + (space ? 1 : 0) >= cap) {
      n = 0;
      break;
    }
    if (space) out[n++] = ' ';
    space = 0;
    memcpy(out + n, bytes, (size_t)width);
    n += (size_t)width;
  }
  free(nfc); /* utf8proc allocates with malloc */
  return n;
}

static const char *directional(const char *word, size_t len) {
  static const char *const names[][2] = {
      {"NORTH", "N"},      {"SOUTH", "S"},      {"EAST", "E"},       {"WEST", "W"},
      {"NORTHEAST", "NE"}, {"NORTHWEST", "NW"}, {"SOUTHEAST", "SE"}, {"SOUTHWEST", "SW"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i][0]) == len && strncasecmp(word, names[i][0], len) == 0) return names[i][1];
  return NULL;
}

/* "1234 north Oak Street, Apt. 5" -> "1234 N OAK ST APT 5" (Pub 28: standard suffix,
 * directional and unit abbreviations, upper case, no punctuation). The suffix is the
 * last word that is one, before any unit designator. */
size_t bs_normalize_street(const bs_refdata *ref, const char *text, size_t len, char *out,
                           size_t cap) {
  char words[256];
  size_t wlen = bs_normalize_upper_words(text, len, words, sizeof words);
  if (wlen == 0) return 0;
  const char *tok[32];
  size_t toklen[32], count = 0;
  for (size_t i = 0; i < wlen && count < 32;) {
    size_t j = i;
    while (j < wlen && words[j] != ' ') j++;
    tok[count] = words + i;
    toklen[count++] = j - i;
    i = j + 1;
  }
  size_t unit_at = count;
  for (size_t i = 1; i < count; i++)
    if (bs_refdata_unit(ref, tok[i], toklen[i]) || tok[i][0] == '#') {
      unit_at = i;
      break;
    }
  size_t suffix_at = count;
  for (size_t i = unit_at; i-- > 1;)
    if (bs_refdata_suffix(ref, tok[i], toklen[i])) {
      suffix_at = i;
      break;
    }
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const char *w = tok[i];
    size_t l = toklen[i];
    const bs_pair *p;
    const char *dir;
    if ((i == suffix_at && (p = bs_refdata_suffix(ref, w, l))) ||
        (i >= unit_at && (p = bs_refdata_unit(ref, w, l))))
      w = p->value.text, l = p->value.len;
    else if ((i == 1 || i == suffix_at + 1) && (dir = directional(w, l)))
      w = dir, l = strlen(dir);
    if (n + l + 2 > cap) return 0;
    if (n) out[n++] = ' ';
    memcpy(out + n, w, l);
    n += l;
  }
  return n;
}

/* End of a secondary unit after a street line (", Apt 5", " Suite 200", " #12"), or
 * `at` when there is none. Pub 28 C2 designators. */
static size_t unit_end(const bs_detect *d, size_t at) {
  const char *t = d->text;
  size_t i = at;
  if (i < d->len && t[i] == '.') i++; /* the suffix's abbreviation point: "Cir. Apt 2" */
  if (i < d->len && t[i] == ',') i++;
  while (i < d->len && t[i] == ' ') i++;
  size_t word = i;
  while (i < d->len && isalpha((unsigned char)t[i])) i++;
  int designator = i > word && bs_refdata_unit(d->ref, t + word, i - word) != NULL;
  if (!designator) i = word;
  if (i < d->len && t[i] == '.') i++;
  while (i < d->len && t[i] == ' ') i++;
  int hash = i < d->len && t[i] == '#';
  if (!designator && !hash) return at;
  if (hash) i++;
  while (i < d->len && t[i] == ' ') i++;
  size_t id = i;
  while (i < d->len && i - id < 8 && (isalnum((unsigned char)t[i]) || t[i] == '-')) i++;
  if (i == id || (i < d->len && isalnum((unsigned char)t[i]))) return at;
  return i;
}

void bs_handle_street(bs_detect *d, const bs_match *m, bs_detector det) {
  char value[256];
  size_t end = unit_end(d, m->to);
  size_t n = bs_normalize_street(d->ref, d->text + m->from, end - m->from, value, sizeof value);
  if (n == 0) return;
  unsigned near = bs_detect_nearest_before(d, m->from, 40);
  float confidence = near & BS_CTX_NOT_PII ? 0.4f : 0.85f;
  bs_detect_emit(d, BS_EL_ADDRESS, det, m->from, end, value, n, confidence);
  if (!(near & BS_CTX_NOT_PII)) bs_handle_recipient_line(d, m->from);
}

void bs_handle_po_box(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t i = m->to;
  while (i > m->from && isdigit((unsigned char)d->text[i - 1])) i--;
  char value[32] = "PO BOX ";
  size_t n = 7, digits = m->to - i;
  if (digits == 0 || digits > 7) return;
  memcpy(value + n, d->text + i, digits);
  bs_detect_emit(d, BS_EL_ADDRESS, det, m->from, m->to, value, n + digits, 0.9f);
}

static int zip_assigned(const bs_refdata *ref, const char *zip5) {
  return bs_refdata_zip_state(ref, zip5)[0] != '\0';
}

/* Emits the ZIP at [zip_from, m->to) (5 or 5+4 digits); returns its state or NULL. */
static const char *emit_zip(bs_detect *d, bs_detector det, size_t zip_from, size_t zip_to,
                            float confidence) {
  const char *zip = d->text + zip_from;
  if (!zip_assigned(d->ref, zip)) return NULL;
  bs_detect_emit(d, BS_EL_ZIP, det, zip_from, zip_to, zip, zip_to - zip_from, confidence);
  return bs_refdata_zip_state(d->ref, zip);
}

/* "Springfield, IL 62704-1234": the match is any five digits (and four); a state code
 * or name must stand right before them, and the ZIP must be assigned. The city is the
 * one to three capitalized words before the state, on the same line. */
void bs_handle_city_state_zip(bs_detect *d, const bs_match *m, bs_detector det) {
  const char *t = d->text;
  size_t zip_from = m->to;
  while (zip_from > m->from && (isdigit((unsigned char)t[zip_from - 1]) || t[zip_from - 1] == '-'))
    zip_from--;
  size_t ziplen = m->to - zip_from;
  if (ziplen != 5 && ziplen != 10) return;
  size_t state_end = zip_from;
  while (state_end > 0 && zip_from - state_end < 4 &&
         (t[state_end - 1] == ' ' || t[state_end - 1] == ','))
    state_end--;
  if (state_end == zip_from || state_end == 0 || !isalpha((unsigned char)t[state_end - 1])) return;
  /* The state is the last one, two or three words ("IL", "New York", "District of
   * Columbia"); a two-letter code must be in capitals ("in 12345" is no Indiana). */
  const char *state = NULL;
  size_t state_from = state_end;
  for (int words = 1; words <= 3 && !state; words++) {
    if (words > 1) {
      if (state_from == 0 || t[state_from - 1] != ' ') break;
      state_from--;
    }
    while (state_from > 0 && isalpha((unsigned char)t[state_from - 1])) state_from--;
    state = bs_refdata_state_code(d->ref, t + state_from, state_end - state_from);
  }
  if (!state) return;
  if (state_end - state_from == 2 &&
      !(isupper((unsigned char)t[state_from]) && isupper((unsigned char)t[state_from + 1])))
    return;
  const char *zip_state = bs_refdata_zip_state(d->ref, t + zip_from);
  if (!zip_state[0]) return;
  int agrees = strcmp(zip_state, state) == 0;
  emit_zip(d, det, zip_from, m->to, agrees ? 0.95f : 0.6f);
  bs_detect_emit(d, BS_EL_STATE, det, state_from, state_end, state, 2, agrees ? 0.95f : 0.6f);
  if (!agrees) return;
  /* Walk back over up to three capitalized words. */
  size_t city_end = state_from;
  while (city_end > 0 && (t[city_end - 1] == ' ' || t[city_end - 1] == ',')) city_end--;
  size_t city_from = city_end;
  int words = 0;
  for (; words < 3; words++) {
    size_t w = city_from;
    if (words > 0) {
      if (w == 0 || t[w - 1] != ' ') break;
      w--;
    }
    size_t word_end = w;
    while (w > 0 && (isalpha((unsigned char)t[w - 1]) || t[w - 1] == '.' || t[w - 1] == '\'' ||
                     t[w - 1] == '-'))
      w--;
    if (w == word_end || !isupper((unsigned char)t[w])) break;
    /* A street suffix or unit word ends the city ("Oak St Springfield"), unless it
     * opens the line or follows a comma: "Port Heiden", "Lake Charles". */
    size_t b = w;
    while (b > 0 && t[b - 1] == ' ') b--;
    int opens =
        b == 0 || t[b - 1] == '\n' || t[b - 1] == ',' || t[b - 1] == '\t' || t[b - 1] == ':';
    if (words > 0 && !opens &&
        (bs_refdata_suffix(d->ref, t + w, word_end - w) ||
         bs_refdata_unit(d->ref, t + w, word_end - w)))
      break;
    city_from = w;
    if (opens) {
      words++;
      break;
    }
  }
  if (city_from == city_end) return;
  /* Several words with nothing before them to mark where the city starts ("Patient Ann
   * Lee Springfield, IL") are less certain than one word, or words after a comma. */
  char before = city_from > 0 ? t[city_from - 1] : '\n';
  int marked = before == '\n' || before == '\t' || before == ',' ||
               (before == ' ' && city_from > 1 && t[city_from - 2] == ',');
  float confidence = words == 1 || marked ? 0.85f : 0.6f;
  while (city_from < city_end && t[city_from] == ' ') city_from++;
  char city[64];
  size_t n = bs_normalize_upper_words(t + city_from, city_end - city_from, city, sizeof city);
  if (n >= 2) bs_detect_emit(d, BS_EL_CITY, det, city_from, city_end, city, n, confidence);
}
