/* Nickname equivalence (see nicknames.h). */
#include "link/nicknames.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/embedded.h"

typedef struct pair {
  char word[32];   /* upper case */
  uint32_t formal; /* id of its formal name, from 1 */
} pair;

static int pair_cmp(const void *a, const void *b) {
  const pair *x = a, *y = b;
  int c = strcmp(x->word, y->word);
  return c ? c : (x->formal > y->formal) - (x->formal < y->formal);
}

static void upper(char *out, const char *from, size_t len) {
  size_t n = len < 31 ? len : 31;
  for (size_t i = 0; i < n; i++) out[i] = (char)toupper((unsigned char)from[i]);
  out[n] = '\0';
}

bs_status bs_nicknames_load(bs_nicknames *out) {
  memset(out, 0, sizeof *out);
  const char *p = bs_data_nicknames, *end = bs_data_nicknames_end;
  size_t lines = 0;
  for (const char *q = p; q < end; q++) lines += *q == '\n';
  /* Each line "formal\tnick" gives two pairs: the nick and the formal itself. */
  pair *pairs = bs_calloc(2 * lines + 2, sizeof *pairs);
  out->initials = bs_calloc(lines + 2, 1);
  bs_strmap *formal_ids = NULL;
  bs_status status = pairs && out->initials ? bs_strmap_create(&formal_ids) : BS_ENOMEM;
  if (status == BS_OK) status = bs_strmap_create(&out->words);
  size_t n = 0;
  while (status == BS_OK && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    const char *tab = memchr(p, '\t', (size_t)(nl - p));
    if (tab) {
      char formal[32], nick[32];
      upper(formal, p, (size_t)(tab - p));
      upper(nick, tab + 1, (size_t)(nl - tab - 1));
      int64_t *slot;
      int added;
      status = bs_strmap_upsert(formal_ids, formal, strlen(formal), &slot, NULL, &added);
      if (status == BS_OK && added) {
        *slot = (int64_t)bs_strmap_count(formal_ids);
        out->initials[*slot] = formal[0];
      }
      if (status == BS_OK) {
        uint32_t id = (uint32_t)*slot;
        pairs[n++] = (pair){{0}, id};
        memcpy(pairs[n - 1].word, nick, sizeof nick);
        pairs[n++] = (pair){{0}, id};
        memcpy(pairs[n - 1].word, formal, sizeof formal);
      }
    }
    p = nl + 1;
  }
  if (status == BS_OK) {
    qsort(pairs, n, sizeof *pairs, pair_cmp);
    out->formals = bs_calloc(2 * n + 1, sizeof *out->formals);
    if (!out->formals) status = BS_ENOMEM;
  }
  for (size_t i = 0; status == BS_OK && i < n;) {
    int64_t *slot;
    status = bs_strmap_upsert(out->words, pairs[i].word, strlen(pairs[i].word), &slot, NULL, NULL);
    if (status != BS_OK) break;
    *slot = (int64_t)out->count + 1;
    size_t j = i;
    for (; j < n && !strcmp(pairs[j].word, pairs[i].word); j++)
      if (j == i || pairs[j].formal != pairs[j - 1].formal)
        out->formals[out->count++] = pairs[j].formal;
    out->formals[out->count++] = 0;
    i = j;
  }
  bs_free(pairs);
  bs_strmap_free(formal_ids);
  if (status != BS_OK) bs_nicknames_free(out);
  return status;
}

void bs_nicknames_free(bs_nicknames *nicknames) {
  bs_strmap_free(nicknames->words);
  bs_free(nicknames->formals);
  bs_free(nicknames->initials);
  memset(nicknames, 0, sizeof *nicknames);
}

int bs_nicknames_agree(const bs_nicknames *nicknames, const char *a, const char *b) {
  if (!strcmp(a, b)) return 1;
  if (!nicknames->words) return 0;
  int64_t *sa = bs_strmap_find(nicknames->words, a, strlen(a));
  int64_t *sb = bs_strmap_find(nicknames->words, b, strlen(b));
  if (!sa || !sb) return 0;
  for (const uint32_t *x = nicknames->formals + *sa - 1; *x; x++)
    for (const uint32_t *y = nicknames->formals + *sb - 1; *y; y++)
      if (*x == *y) return 1;
  return 0;
}

int bs_nicknames_formal_initial(const bs_nicknames *nicknames, const char *name, char letter) {
  if (name[0] == letter) return 1;
  if (!nicknames->words || !nicknames->initials) return 0;
  const int64_t *slot = bs_strmap_find(nicknames->words, name, strlen(name));
  if (!slot) return 0;
  for (const uint32_t *id = nicknames->formals + *slot - 1; *id; id++)
    if (nicknames->initials[*id] == letter) return 1;
  return 0;
}
