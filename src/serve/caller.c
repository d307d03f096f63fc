/* Caller verification (see caller.h).
 *
 * By name: the caller's last name (normalized: "O'Brien" is OBRIEN, "Smith Jr" is
 * SMITH) and date of birth pick the candidates from the directory's index, also under
 * each word of a compound name ("Garcia" finds GARCIA LOPEZ); a candidate is the caller
 * when the given name agrees (the same, or names that stand for one another, Bob and
 * Robert; or the caller goes by the middle name on file) and the five-digit ZIP is
 * the one on file. A person without a ZIP on file cannot be verified by name: the
 * enrollment code is the way. By code: the code and the date of birth. */
#include "serve/caller.h"

#include <stdio.h>
#include <string.h>

#include "serve/normalize.h"

typedef struct match_ctx {
  const bs_directory *dir;
  const bs_nicknames *nicknames;
  const char *first;     /* caller's first word of the given name, normalized */
  const char *first_all; /* caller's whole given name, normalized */
  const char *zip;       /* five digits */
  bs_caller_result *out;
} match_ctx;

static int given_name_agrees(const match_ctx *m, const bs_directory_person *p) {
  if (!p->first[0]) return 0;
  if (!strcmp(m->first_all, p->first) || bs_nicknames_agree(m->nicknames, m->first, p->first))
    return 1;
  return p->middle[0] && bs_nicknames_agree(m->nicknames, m->first, p->middle);
}

static int consider(size_t index, void *ctx) {
  match_ctx *m = ctx;
  const bs_directory_person *p = bs_directory_get(m->dir, index);
  if (!p || !p->zip[0] || strcmp(p->zip, m->zip) != 0 || !given_name_agrees(m, p)) return 0;
  for (size_t i = 0; i < m->out->count; i++)
    if (m->out->matches[i] == index) return 0;
  m->out->matches[m->out->count++] = index;
  return m->out->count == BS_CALLER_MAX_MATCHES;
}

typedef struct word_ctx {
  match_ctx *match;
  int32_t dob;
} word_ctx;

static void search_word(const char *word, void *ctx) {
  word_ctx *w = ctx;
  if (w->match->out->count < BS_CALLER_MAX_MATCHES)
    bs_directory_each_by_name(w->match->dir, word, w->dob, consider, w->match);
}

bs_status bs_caller_verify(bs_caller_result *out, const bs_directory *dir,
                           const bs_nicknames *nicknames, const bs_request *request, char *error,
                           size_t error_cap) {
  memset(out, 0, sizeof *out);
  if (error_cap) error[0] = '\0';
  if (!bs_request_has(request, BS_REQ_dob)) {
    snprintf(error, error_cap, "the date of birth is needed");
    return BS_EINVAL;
  }
  int32_t dob = bs_norm_dob(request->dob, bs_norm_this_year());
  if (!dob) {
    snprintf(error, error_cap, "the date of birth is not a date (YYYY-MM-DD or MM/DD/YYYY)");
    return BS_EINVAL;
  }
  if (bs_request_has(request, BS_REQ_code)) {
    out->method = BS_CALLER_BY_CODE;
    char code[40];
    if (!bs_norm_code(code, sizeof code, request->code)) {
      snprintf(error, error_cap, "the enrollment code holds characters no code has");
      return BS_EINVAL;
    }
    size_t index = bs_directory_find_code(dir, code);
    const bs_directory_person *p = index == SIZE_MAX ? NULL : bs_directory_get(dir, index);
    if (p && p->dob == dob) out->matches[out->count++] = index;
    return BS_OK;
  }
  out->method = BS_CALLER_BY_NAME;
  if (!bs_request_has(request, BS_REQ_first) || !bs_request_has(request, BS_REQ_last) ||
      !bs_request_has(request, BS_REQ_zip)) {
    snprintf(error, error_cap,
             "first name, last name, date of birth and ZIP are needed (or the enrollment code "
             "and date of birth)");
    return BS_EINVAL;
  }
  char first[64], first_all[64], last[64], zip[6];
  if (!bs_norm_zip(zip, request->zip)) {
    snprintf(error, error_cap, "the ZIP code is not five digits (or ZIP+4)");
    return BS_EINVAL;
  }
  bs_norm_first_word(first, sizeof first, request->first);
  bs_norm_name(first_all, sizeof first_all, request->first);
  bs_norm_name(last, sizeof last, request->last);
  if (!first[0] || !last[0]) {
    snprintf(error, error_cap, "the name has no letters");
    return BS_EINVAL;
  }
  match_ctx m = {dir, nicknames, first, first_all, zip, out};
  bs_directory_each_by_name(dir, last, dob, consider, &m);
  word_ctx w = {&m, dob};
  bs_norm_name_words(request->last, search_word, &w);
  return BS_OK;
}
