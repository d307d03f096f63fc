/* Comparators for record linkage (see compare.h). */
#include "link/compare.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORD 64

double bs_jaro_winkler(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > MAX_WORD) la = MAX_WORD;
  if (lb > MAX_WORD) lb = MAX_WORD;
  if (!la && !lb) return 1.0;
  if (!la || !lb) return 0.0;
  size_t window = (la > lb ? la : lb) / 2;
  window = window ? window - 1 : 0;
  char used_a[MAX_WORD] = {0}, used_b[MAX_WORD] = {0};
  size_t matches = 0;
  for (size_t i = 0; i < la; i++) {
    size_t from = i > window ? i - window : 0, to = i + window + 1 < lb ? i + window + 1 : lb;
    for (size_t j = from; j < to; j++)
      if (!used_b[j] && a[i] == b[j]) {
        used_a[i] = used_b[j] = 1;
        matches++;
        break;
      }
  }
  if (!matches) return 0.0;
  size_t half_transpositions = 0, j = 0;
  for (size_t i = 0; i < la; i++) {
    if (!used_a[i]) continue;
    while (!used_b[j]) j++;
    half_transpositions += a[i] != b[j];
    j++;
  }
  double m = (double)matches;
  double jaro =
      (m / (double)la + m / (double)lb + (m - (double)half_transpositions / 2.0) / m) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) prefix++;
  return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

static int is_vowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, size_t len, const char *suffix) {
  size_t n = strlen(suffix);
  return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* An H next to a consonant (or last), or a W after a vowel: it takes the letter before. */
static int silent_h_or_w(const char *w, size_t i, size_t n) {
  if (w[i] == 'H') return !is_vowel(w[i - 1]) || i + 1 == n || !is_vowel(w[i + 1]);
  return w[i] == 'W' && is_vowel(w[i - 1]);
}

void bs_nysiis(const char *name, char *out, size_t cap) {
  char w[MAX_WORD + 4];
  size_t n = 0;
  for (const char *p = name; *p && n < MAX_WORD; p++)
    if (*p >= 'A' && *p <= 'Z') w[n++] = *p;
  w[n] = '\0';
  if (cap) out[0] = '\0';
  if (!n || cap < 2) return;
  /* 1. The first letters. */
  if (starts(w, "MAC"))
    w[1] = 'C';
  else if (starts(w, "KN"))
    w[0] = 'N';
  else if (w[0] == 'K')
    w[0] = 'C';
  else if (starts(w, "PH") || starts(w, "PF"))
    w[0] = w[1] = 'F';
  else if (starts(w, "SCH"))
    w[1] = w[2] = 'S';
  /* 2. The last letters. */
  if (ends(w, n, "EE") || ends(w, n, "IE")) {
    w[n - 2] = 'Y';
    w[--n] = '\0';
  } else if (ends(w, n, "DT") || ends(w, n, "RT") || ends(w, n, "RD") || ends(w, n, "NT") ||
             ends(w, n, "ND")) {
    w[n - 2] = 'D';
    w[--n] = '\0';
  }
  /* 3. The key starts with the first letter; 4. the others are translated in turn. */
  char key[MAX_WORD + 4];
  size_t k = 0;
  key[k++] = w[0];
  for (size_t i = 1; i < n; i++) {
    char c = w[i];
    if (c == 'E' && w[i + 1] == 'V') {
      w[i] = 'A';
      w[i + 1] = 'F';
      c = 'A';
    } else if (is_vowel(c)) {
      c = w[i] = 'A';
    } else if (c == 'Q') {
      c = w[i] = 'G';
    } else if (c == 'Z') {
      c = w[i] = 'S';
    } else if (c == 'M') {
      c = w[i] = 'N';
    } else if (c == 'K') {
      c = w[i] = w[i + 1] == 'N' ? 'N' : 'C';
    } else if (c == 'S' && w[i + 1] == 'C' && w[i + 2] == 'H') {
      w[i + 1] = w[i + 2] = 'S';
    } else if (c == 'P' && w[i + 1] == 'H') {
      c = w[i] = w[i + 1] = 'F';
    } else if (silent_h_or_w(w, i, n)) {
      c = w[i] = w[i - 1];
    }
    if (key[k - 1] != c) key[k++] = c;
  }
  /* 5-7. The end of the key. */
  if (k > 1 && key[k - 1] == 'S') k--;
  if (k > 2 && key[k - 2] == 'A' && key[k - 1] == 'Y') {
    key[k - 2] = 'Y';
    k--;
  }
  if (k > 1 && key[k - 1] == 'A') k--;
  if (k >= cap) k = cap - 1;
  memcpy(out, key, k);
  out[k] = '\0';
}

bs_dob_level bs_compare_dob(int32_t a, int32_t b) {
  if (!a || !b) return BS_DOB_MISSING;
  if (a == b) return BS_DOB_EXACT;
  int ya = a / 10000, ma = a / 100 % 100, da = a % 100;
  int yb = b / 10000, mb = b / 100 % 100, db = b % 100;
  if (ya == yb && ma == db && da == mb) return BS_DOB_SWAPPED;
  /* Digits of YYYYMMDD: one differs, or two neighbours are exchanged. */
  char x[16], y[16];
  int nx = 0, ny = 0;
  for (int32_t v = a, i = 0; i < 8; i++, v /= 10) x[nx++] = (char)('0' + v % 10);
  for (int32_t v = b, i = 0; i < 8; i++, v /= 10) y[ny++] = (char)('0' + v % 10);
  int diff[8], nd = 0;
  for (int i = 0; i < 8; i++)
    if (x[i] != y[i] && nd < 8) diff[nd++] = i;
  if (nd == 1) return BS_DOB_TYPO;
  if (nd == 2 && diff[1] == diff[0] + 1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]])
    return BS_DOB_TYPO;
  return BS_DOB_DIFFERENT;
}

bs_name_level bs_compare_name(const bs_nicknames *nicknames, const char *a, const char *b) {
  if (!a || !b || !*a || !*b) return BS_NAME_MISSING;
  if (!strcmp(a, b)) return BS_NAME_EXACT;
  size_t la = strlen(a), lb = strlen(b);
  if (la == 1 || lb == 1) { /* an initial: of the name, or of a formal name it stands for */
    const char *whole = la == 1 ? b : a;
    char letter = la == 1 ? a[0] : b[0];
    int fits =
        whole[0] == letter || (nicknames && bs_nicknames_formal_initial(nicknames, whole, letter));
    return fits ? BS_NAME_INITIAL : BS_NAME_DIFFERENT;
  }
  if (nicknames && bs_nicknames_agree(nicknames, a, b)) return BS_NAME_NICKNAME;
  char ca[16], cb[16];
  bs_nysiis(a, ca, sizeof ca);
  bs_nysiis(b, cb, sizeof cb);
  if (ca[0] && !strcmp(ca, cb)) return BS_NAME_PHONETIC;
  if (la >= 4 && lb >= 4 && bs_jaro_winkler(a, b) >= BS_NAME_TYPO_SIMILARITY) return BS_NAME_TYPO;
  return BS_NAME_DIFFERENT;
}
