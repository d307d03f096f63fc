/* Given name or surname (see roles.h). */
#include "link/roles.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/embedded.h"

/* A word on neither list: as rare as this among given names or surnames. */
#define UNSEEN_FREQUENCY 1e-8

static bs_status slot_of(bs_name_roles *r, const char *word, size_t len, size_t *index) {
  char upper[64];
  if (len >= sizeof upper) len = sizeof upper - 1;
  for (size_t i = 0; i < len; i++)
    upper[i] = (char)(word[i] >= 'a' && word[i] <= 'z' ? word[i] - 'a' + 'A' : word[i]);
  int64_t *slot;
  int added;
  bs_status status = bs_strmap_upsert(r->words, upper, len, &slot, NULL, &added);
  if (status != BS_OK) return status;
  if (added) {
    if (r->count == r->cap) {
      size_t cap = r->cap ? r->cap * 2 : 4096;
      float *given = bs_reallocarray(r->given, cap, sizeof *given);
      if (given) r->given = given;
      float *surname = given ? bs_reallocarray(r->surname, cap, sizeof *surname) : NULL;
      if (surname) r->surname = surname;
      if (!given || !surname) return BS_ENOMEM;
      r->cap = cap;
    }
    r->given[r->count] = r->surname[r->count] = 0;
    *slot = (int64_t)++r->count;
  }
  *index = (size_t)*slot - 1;
  return BS_OK;
}

/* Lines "NAME\t[SEX\t]COUNT": adds each count to the word's given or surname tally. */
static bs_status read_list(bs_name_roles *r, const char *p, const char *end, int given,
                           double *total) {
  bs_status status = BS_OK;
  while (status == BS_OK && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    const char *tab = memchr(p, '\t', (size_t)(nl - p));
    const char *last = tab;
    for (const char *q = tab; q && q < nl; q++)
      if (*q == '\t') last = q;
    if (tab && last) {
      double count = strtod(last + 1, NULL);
      size_t index;
      status = slot_of(r, p, (size_t)(tab - p), &index);
      if (status == BS_OK && count > 0) {
        float *tally = given ? r->given : r->surname;
        tally[index] += (float)count;
        *total += count;
      }
    }
    p = nl + 1;
  }
  return status;
}

bs_status bs_name_roles_load(bs_name_roles *out) {
  memset(out, 0, sizeof *out);
  bs_status status = bs_strmap_create(&out->words);
  if (status == BS_OK)
    status = read_list(out, bs_data_first_names, bs_data_first_names_end, 1, &out->total_given);
  if (status == BS_OK)
    status = read_list(out, bs_data_surnames, bs_data_surnames_end, 0, &out->total_surname);
  if (status != BS_OK) {
    bs_name_roles_free(out);
    return status;
  }
  /* Counts to log2 frequencies. */
  for (size_t i = 0; i < out->count; i++) {
    double g = out->total_given > 0 ? out->given[i] / out->total_given : 0;
    double s = out->total_surname > 0 ? out->surname[i] / out->total_surname : 0;
    out->given[i] = (float)log2(g > UNSEEN_FREQUENCY ? g : UNSEEN_FREQUENCY);
    out->surname[i] = (float)log2(s > UNSEEN_FREQUENCY ? s : UNSEEN_FREQUENCY);
  }
  return BS_OK;
}

void bs_name_roles_free(bs_name_roles *roles) {
  bs_strmap_free(roles->words);
  bs_free(roles->given);
  bs_free(roles->surname);
  memset(roles, 0, sizeof *roles);
}

static void lookup(const bs_name_roles *r, const char *word, double *given, double *surname) {
  const int64_t *slot = r->words ? bs_strmap_find(r->words, word, strlen(word)) : NULL;
  *given = *surname = log2(UNSEEN_FREQUENCY);
  if (!slot) return;
  *given = r->given[*slot - 1];
  *surname = r->surname[*slot - 1];
}

double bs_name_roles_order(const bs_name_roles *roles, const char *a, const char *b) {
  double ga, sa, gb, sb;
  lookup(roles, a, &ga, &sa);
  lookup(roles, b, &gb, &sb);
  return (ga + sb) - (gb + sa);
}
