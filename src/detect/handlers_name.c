/* Persons' names in free text. Two routes:
 *
 *   after a label ("Patient: Mary Ann O'Neil-Smith", "Dear Mrs. Garcia", "RE: SMITH,
 *   JOHN A"), read forward from the label's end, where a name is expected;
 *   anywhere, two or three capitalised words ("Mary Okafor", "J. Robert Jones",
 *   "OKAFOR, MARY") found by a pattern, accepted only when the given name is in the SSA
 *   list of given names and the family name in the Census list of surnames.
 *
 * Words that look like names but are not (months, days, clinical and street words) are
 * refused; a name after "Dr." or before ", MD" is a provider's and is not reported. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/fold.h"
#include "detect/internal.h"
#include "detect/refdata.h"

#define MAX_WORDS 6
#define MAX_WORD  32

/* Common words that are also in the name lists, and words that make a capitalised
 * pair something other than a person (a street, a clinic, a month). */
static const char *const not_names[] = {
    "SAINT", "SAN", "SANTA", "FORT", "PORT", "MOUNT", "LAKE", "LOS", "LAS", "EL", "LA", "BAY",
    "BEACH", "ISLAND", "FALLS", "HEIGHTS", "SPRINGS", "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN",
    "ACCOUNT", "ADDRESS", "ADMISSION", "ADMIT", "AGE", "ALLERGIES", "AND", "APPOINTMENT", "APRIL",
    "APT", "ASSESSMENT", "AUGUST", "AVE", "AVENUE", "BALANCE", "BILL", "BILLING", "BIRTH", "BLOOD",
    "BLVD", "BOX", "CALL", "CARD", "CARE", "CELL", "CENTER", "CHART", "CHIEF", "CITY", "CLAIM",
    "CLINIC", "CODE", "CONTACT", "COUNTY", "COURT", "CROSS", "DATE", "DEAR", "DECEMBER",
    "DEPARTMENT", "DIAGNOSIS", "DISCHARGE", "DOB", "DOCTOR", "DR", "DRIVE", "EAST", "EMAIL",
    "EMERGENCY", "FAMILY", "FAX", "FEBRUARY", "FIRST", "FOLLOW", "FOR", "FRIDAY", "FROM", "GENERAL",
    "GROUP", "HEALTH", "HIGHWAY", "HISTORY", "HOME", "HOSPITAL", "ID", "INSURANCE", "INVOICE",
    "JANUARY", "JULY", "JUNE", "LAB", "LANE", "LAST", "LETTER", "MAIN", "MARCH", "MAY", "MEDICAL",
    "MEDICARE", "MEDICINE", "MEMBER", "MESSAGE", "MIDDLE", "MONDAY", "MRN", "NAME", "NEW", "NORTH",
    "NOTE", "NOTES", "NOVEMBER", "NUMBER", "NURSE", "OCTOBER", "OFFICE", "ORDER", "PARK", "PATIENT",
    "PAYMENT", "PHONE", "PLACE", "PLAN", "PLAZA", "POLICY", "PRIMARY", "PROVIDER", "RE", "RECORD",
    "REFERRAL", "REGARDS", "REPORT", "RESULT", "RESULTS", "RIVER", "ROAD", "ROOM", "ROUTE",
    "SATURDAY", "SCHOOL", "SECURITY", "SEPTEMBER", "SERVICE", "SERVICES", "SINCERELY", "SOCIAL",
    "SOUTH", "SQUARE", "STATE", "STREET", "SUITE", "SUNDAY", "SURGERY", "TERRACE", "THE",
    "THURSDAY", "TOTAL", "TUESDAY", "UNIT", "UNIVERSITY", "URGENT", "VALLEY", "VISIT", "WAY",
    "WEDNESDAY", "WEST", "WITH", "ZIP",
    /* what stands after "Patient:" or "Name:" when no name is known, and groups */
    "UNKNOWN", "MALE", "FEMALE", "TEST", "NONE", "SELF", "SAME", "PENDING", "CUSTOMER", "TEAM",
    "STAFF", "MEMBERS", "FRIENDS", "COLLEAGUE", "COLLEAGUES", "PARENTS", "ANNUAL", "PHYSICAL",
    "REQUEST", "UPDATE", "REMINDER", "NEW", "ADULT", "CHILD", "BABY", "BOY", "GIRL", "INFANT"};

static const char *const titles[] = {"MR", "MRS", "MS", "MISS", "MX"};
static const char *const provider_titles[] = {"DR", "DOCTOR", "PROF"};
static const char *const degrees[] = {"MD", "DO", "NP", "PA", "RN", "DDS", "DPM", "PHD", "FNP"};
static const char *const suffixes[] = {"JR", "SR", "II", "III", "IV"};

typedef struct word {
  size_t from, to;      /* span in the unit */
  char upper[MAX_WORD]; /* as the name lists spell it (list_form) */
  size_t len;           /* of upper */
  int comma;            /* a comma follows the word */
  int initial;          /* one letter */
} word;

static int in_list(const char *const *list, size_t n, const char *w) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(list[i], w)) return 1;
  return 0;
}
#define IN(list, w) in_list((list), sizeof(list) / sizeof((list)[0]), (w))

static int is_first(const bs_detect *d, const word *w) {
  return bs_codeset_has(&d->ref->first_names, w->upper, w->len);
}

/* A family name; compound ones ("O'NEIL-SMITH") by any part. */
static int is_last(const bs_detect *d, const word *w) {
  if (bs_codeset_has(&d->ref->surnames, w->upper, w->len)) return 1;
  for (size_t at = 0; at < w->len;) {
    size_t n = strcspn(w->upper + at, "-");
    if (n && n < w->len && bs_codeset_has(&d->ref->surnames, w->upper + at, n)) return 1;
    at += n + 1;
  }
  return 0;
}

/* The code point at text[i] (UTF-8) of at most `to`, its bytes in *width; -1 (one byte)
 * for bytes that are not UTF-8. */
static int32_t code_at(const bs_detect *d, size_t i, size_t to, size_t *width) {
  utf8proc_int32_t c = -1;
  utf8proc_ssize_t n =
      utf8proc_iterate((const utf8proc_uint8_t *)d->text + i, (utf8proc_ssize_t)(to - i), &c);
  *width = n > 0 ? (size_t)n : 1;
  return n > 0 ? c : -1;
}

/* A character of a name's word: a letter or mark of any script, an apostrophe (' or
 * the typographic one), a hyphen or a period. */
static int name_char(int32_t c) {
  if (c < 0x80) return c >= 0 && (isalpha(c) || c == '\'' || c == '-' || c == '.');
  if (c == 0x2019) return 1;
  utf8proc_category_t cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
         cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LO ||
         cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
}

/* 1 when the character at text[i] is a capital ("O", "Á"). */
static int capital_at(const bs_detect *d, size_t i, size_t to) {
  size_t width;
  int32_t c = i < to ? code_at(d, i, to, &width) : -1;
  if (c < 0x80) return c >= 0 && isupper(c);
  utf8proc_category_t cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* The word text[from, to) as the name lists spell it: upper case, accents removed
 * ("Hernández" -> "HERNANDEZ"), apostrophes and periods dropped. */
static size_t list_form(const bs_detect *d, size_t from, size_t to, char *out, size_t cap) {
  char folded[MAX_WORD * 4];
  size_t len = bs_fold_marks(folded, sizeof folded, d->text + from, to - from), n = 0;
  for (size_t i = 0; i < len && n + 1 < cap; i++) {
    if (folded[i] == '\'' || folded[i] == '.') continue;
    if (i + 2 < len && !memcmp(folded + i, "\xE2\x80\x99", 3)) { /* ’ */
      i += 2;
      continue;
    }
    out[n++] = folded[i];
  }
  out[n] = '\0';
  return n;
}

/* Reads the capitalised words of text[from, to) (at most MAX_WORDS), up to the first
 * word that is not capitalised. */
static size_t words_in(const bs_detect *d, size_t from, size_t to, word *out) {
  size_t n = 0, i = from;
  while (i < to && n < MAX_WORDS) {
    while (i < to && (d->text[i] == ' ' || d->text[i] == ',')) i++;
    size_t start = i, width;
    while (i < to && name_char(code_at(d, i, to, &width))) i += width;
    if (i == start) break;
    word *w = &out[n];
    w->from = start;
    w->to = i;
    while (w->to > w->from && d->text[w->to - 1] == '.') w->to--;
    w->len = list_form(d, w->from, w->to, w->upper, sizeof w->upper);
    w->initial = w->len == 1;
    w->comma = i < to && d->text[i] == ',';
    if (w->len == 0 || !capital_at(d, w->from, w->to)) break;
    n++;
  }
  return n;
}

/* Words of not_names that are also common given names or surnames (April West, June
 * Park): after a label that announces a person, read as a name when the lists have
 * them. The others (streets, clinics, field names) end a name even there. */
static const char *const names_after_label[] = {
    "APRIL", "MAY",  "JUNE",  "JULY",  "AUGUST", "WEST",  "NORTH",   "SOUTH",  "EAST",
    "PARK",  "LANE", "MARCH", "CROSS", "HOME",   "RIVER", "TUESDAY", "SUNDAY", "BILL"};

static int named_anyway(const bs_detect *d, const word *w) {
  return IN(names_after_label, w->upper) && (is_first(d, w) || is_last(d, w));
}

/* How strongly the text before a candidate says a person's name follows. */
typedef enum label_kind {
  NO_LABEL,  /* none: the name lists must know both words */
  LABEL,     /* "Dear", "Re:", "Attn:": one word known is enough */
  NAME_LABEL /* "Patient:", "Name:", "Guarantor:": a name whatever the lists say */
} label_kind;

/* Given and family name words of a candidate of n words; 0 if it is not a name.
 * OUT: *both, 1 when both are in the lists. */
static int plausible(const bs_detect *d, const word *w, size_t n, label_kind labelled, int *both) {
  *both = 0;
  if (n < 2 || n > 4) return 0;
  for (size_t i = 0; i < n; i++)
    if ((IN(not_names, w[i].upper) && !(labelled != NO_LABEL && named_anyway(d, &w[i]))) ||
        IN(titles, w[i].upper) || IN(provider_titles, w[i].upper))
      return 0;
  size_t last_at = n - 1;
  if (IN(suffixes, w[last_at].upper)) last_at--;
  if (last_at == 0) return 0;
  const word *given, *family;
  int family_first = w[0].comma || (n >= 3 && w[1].comma && IN(suffixes, w[1].upper));
  if (w[0].comma) { /* SMITH, JOHN A */
    family = &w[0];
    given = &w[1];
  } else if (family_first) { /* PEREZ SR, ANDREI */
    family = &w[0];
    given = &w[2];
  } else {
    given = &w[0];
    family = &w[last_at];
  }
  if (given->initial && !family->initial && n >= 3 && !family_first)
    given = &w[1]; /* J. Robert Jones */
  if (given->initial || family->initial) return 0;
  int first = is_first(d, given), last = is_last(d, family);
  *both = first && last;
  return first || last || (labelled == NAME_LABEL && n <= 3);
}

/* 1 if a provider's title or degree sits right before or after text[from, to). */
static int provider_near(const bs_detect *d, size_t from, size_t to) {
  if (bs_detect_nearest_before(d, from, 16) & BS_CTX_PROVIDER) return 1;
  size_t i = to;
  while (i < d->len && (d->text[i] == ',' || d->text[i] == ' ')) i++;
  char next[8];
  size_t n = 0;
  while (i < d->len && n + 1 < sizeof next &&
         (isalpha((unsigned char)d->text[i]) || d->text[i] == '.')) {
    if (d->text[i] != '.') next[n++] = (char)toupper((unsigned char)d->text[i]);
    i++;
  }
  next[n] = '\0';
  return n && IN(degrees, next) && (i >= d->len || !isalpha((unsigned char)d->text[i]));
}

static void emit_name(bs_detect *d, const word *w, size_t n, float confidence) {
  char value[256];
  size_t len =
      bs_normalize_upper_words(d->text + w[0].from, w[n - 1].to - w[0].from, value, sizeof value);
  if (len)
    bs_detect_emit(d, BS_EL_NAME, BS_DET_PERSON_NAME, w[0].from, w[n - 1].to, value, len,
                   confidence);
}

/* Where the run of capitalised words that ends at `to` begins (the pattern's match
 * was found from its end; the walk back may have gone over lower-case words). */
static size_t run_start(const bs_detect *d, size_t from, size_t to) {
  size_t start = to;
  for (size_t i = to; i > from;) {
    size_t end = i;
    while (i > from && d->text[i - 1] != ' ') i--; /* a word: text[i, end) */
    size_t k = i;
    while (k < end && (d->text[k] == ',' || d->text[k] == '.')) k++;
    if (k == end || !capital_at(d, k, end)) break;
    start = i;
    while (i > from && d->text[i - 1] == ' ') i--;
  }
  return start;
}

/* The end of a generational suffix right after a name ending at `to` ("Oswald III",
 * "Smith, Jr."), or `to` when none follows. */
static size_t suffix_end(const bs_detect *d, size_t to) {
  size_t i = to;
  if (i < d->len && d->text[i] == ',') i++;
  if (i >= d->len || d->text[i] != ' ') return to;
  while (i < d->len && d->text[i] == ' ') i++;
  char word_upper[8];
  size_t n = 0, start = i;
  while (i < d->len && isalpha((unsigned char)d->text[i]) && n + 1 < sizeof word_upper)
    word_upper[n++] = (char)toupper((unsigned char)d->text[i++]);
  word_upper[n] = '\0';
  if (n == 0 || !isupper((unsigned char)d->text[start]) || !IN(suffixes, word_upper)) return to;
  size_t after = i < d->len && d->text[i] == '.' ? i + 1 : i; /* "Jr.": the point is no part */
  return after >= d->len || !isalnum((unsigned char)d->text[after]) ? i : to;
}

void bs_handle_person_name(bs_detect *d, const bs_match *m, bs_detector detector) {
  (void)detector;
  word w[MAX_WORDS];
  size_t to = suffix_end(d, m->to);
  size_t n = words_in(d, run_start(d, m->from, m->to), to, w);
  if (n < 2 || w[n - 1].to != to) return;
  /* The longest plausible name ending at the match: "Patient Mary Okafor" -> "Mary Okafor". */
  size_t longest = IN(suffixes, w[n - 1].upper) ? 4 : 3;
  /* A run inside a sentence followed by the person's identifiers ("the chart for Kenenth
   * Robert Harrison (MRN ...") is a name as a whole, even with a word the lists lack. */
  size_t window = 0;
  while (window < 8 && to + window < d->len && d->text[to + window] != '\n') window++;
  int identified =
      (bs_detect_context_after(d, to, window) & (BS_CTX_MRN | BS_CTX_DOB | BS_CTX_SSN)) != 0;
  size_t before_run = w[0].from;
  while (before_run > 0 && d->text[before_run - 1] == ' ') before_run--;
  int mid_sentence =
      before_run < w[0].from && before_run > 0 && islower((unsigned char)d->text[before_run - 1]);
  for (size_t start = 0; start + 2 <= n; start++) {
    int both;
    if (n - start > longest || !plausible(d, w + start, n - start, NO_LABEL, &both)) continue;
    if (!both && !(start == 0 && identified && mid_sentence)) continue;
    if (provider_near(d, w[start].from, w[n - 1].to)) return;
    unsigned before = bs_detect_nearest_before(d, w[start].from, 40);
    emit_name(d, w + start, n - start, before & BS_CTX_PERSON ? 0.85f : 0.7f);
    return;
  }
}

/* 1 if text[from, to) is a line of its own right after a closing line ("Thanks,",
 * "Regards,", "Sincerely,"): the signature of a letter or an e-mail. */
static int signature_after_closing(const bs_detect *d, size_t from, size_t to) {
  static const char *const closings[] = {"THANKS",       "THANK YOU", "REGARDS", "BEST REGARDS",
                                         "KIND REGARDS", "SINCERELY", "BEST",    "CHEERS",
                                         "RESPECTFULLY", "CORDIALLY", "WARMLY",  "THANKS AGAIN"};
  if ((from > 0 && d->text[from - 1] != '\n') ||
      (to < d->len && d->text[to] != '\n' && d->text[to] != '\r'))
    return 0;
  if (from < 2) return 0;
  size_t end = from - 1; /* the previous line: text[start, end) */
  if (end > 0 && d->text[end - 1] == '\r') end--;
  size_t start = end;
  while (start > 0 && d->text[start - 1] != '\n' && end - start < 24) start--;
  if (start > 0 && d->text[start - 1] != '\n') return 0;
  while (end > start && (d->text[end - 1] == ' ' || d->text[end - 1] == ',')) end--;
  char line[24];
  size_t n = 0;
  for (size_t i = start; i < end && n + 1 < sizeof line; i++)
    line[n++] = (char)toupper((unsigned char)d->text[i]);
  line[n] = '\0';
  return n && IN(closings, line);
}

void bs_handle_initial_name(bs_detect *d, const bs_match *m, bs_detector detector) {
  (void)detector;
  word w[MAX_WORDS];
  size_t from = run_start(d, m->from, m->to);
  size_t n = words_in(d, from, m->to, w);
  if (n != 2 || !w[0].initial || w[1].initial || w[1].to != m->to) return;
  if (IN(not_names, w[1].upper) || !is_last(d, &w[1])) return;
  if (provider_near(d, w[0].from, w[1].to)) return;
  /* An initial and a surname are a name only where a person is meant: a person's label
   * just before ("Patient: J. Smith"), the person's identifiers right after ("J. Smith
   * (MRN 123, DOB ...)"), or a signature. */
  int labelled = (bs_detect_nearest_before(d, from, 24) & BS_CTX_PERSON) != 0;
  size_t window = 0;
  while (window < 8 && m->to + window < d->len && d->text[m->to + window] != '\n') window++;
  int identified =
      (bs_detect_context_after(d, m->to, window) & (BS_CTX_MRN | BS_CTX_DOB | BS_CTX_SSN)) != 0;
  if (!labelled && !identified && !signature_after_closing(d, from, m->to)) return;
  emit_name(d, w, 2, 0.75f);
}

void bs_handle_recipient_line(bs_detect *d, size_t street_from) {
  const char *t = d->text;
  size_t i = street_from;
  while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) i--;
  if (i < 2 || t[i - 1] != '\n') return; /* the street begins its line */
  size_t end = i - 1;
  if (end > 0 && t[end - 1] == '\r') end--;
  size_t start = end;
  while (start > 0 && t[start - 1] != '\n' && end - start < 96) start--;
  if (start > 0 && t[start - 1] != '\n') return;
  while (start < end && (t[start] == ' ' || t[start] == '\t')) start++;
  while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == ',')) end--;
  word w[MAX_WORDS];
  size_t n = words_in(d, start, end, w);
  /* The whole line (a final period aside) is the name's words. */
  if (n < 2 || n > 4 || w[0].from != start || w[n - 1].to + 1 < end) return;
  int both;
  if (!plausible(d, w, n, NO_LABEL, &both) || provider_near(d, w[0].from, w[n - 1].to)) return;
  emit_name(d, w, n, both ? 0.85f : 0.75f);
}

/* The kind of the person's label ending at `at`: the words that can also open a
 * letter's subject or a mailing line ("Re: Annual Physical", "Attn: Billing Office")
 * announce a name less surely than "Patient:" or "Name:". */
static label_kind label_before(const bs_detect *d, size_t at) {
  static const char *const loose[] = {"RE",   "REGARDING", "ATTN",     "ATTENTION",
                                      "DEAR", "CLIENT",    "RESIDENT", "MR",
                                      "MRS",  "MS",        "MISS"};
  size_t end = at;
  while (end > 0 && !isalpha((unsigned char)d->text[end - 1]) && at - end < 4) end--;
  size_t start = end;
  while (start > 0 && isalpha((unsigned char)d->text[start - 1]) && end - start < 12) start--;
  char label[16];
  size_t n = 0;
  for (size_t k = start; k < end && n + 1 < sizeof label; k++)
    label[n++] = (char)toupper((unsigned char)d->text[k]);
  label[n] = '\0';
  return IN(loose, label) ? LABEL : NAME_LABEL;
}

void bs_handle_name_after(bs_detect *d, size_t at) {
  size_t i = at;
  while (i < d->len && (d->text[i] == ':' || d->text[i] == ' ' || d->text[i] == '\t' ||
                        d->text[i] == '-' || d->text[i] == '.' || d->text[i] == '#'))
    i++;
  size_t end = i;
  while (end < d->len && end - i < 96 && d->text[end] != '\n' && d->text[end] != '\r' &&
         ((unsigned char)d->text[end] >= 0x80 || isalpha((unsigned char)d->text[end]) ||
          strchr(" ,.'-", d->text[end])))
    end++;
  word w[MAX_WORDS];
  size_t n = words_in(d, i, end, w);
  size_t skip = 0;
  if (n && IN(provider_titles, w[0].upper)) return;
  if (n && IN(titles, w[0].upper)) skip = 1;
  /* Keep the words that can be part of the name: stop at the first that cannot. */
  size_t count = skip;
  while (count < n && !(IN(not_names, w[count].upper) && !named_anyway(d, &w[count])) &&
         !IN(degrees, w[count].upper))
    count++;
  if (count < n && IN(degrees, w[count].upper)) return; /* "Name: John Adams MD": a provider */
  size_t words = count - skip;
  if (words == 1 && skip && is_last(d, &w[skip])) { /* "Dear Mrs. Garcia" */
    char value[MAX_WORD * 2];
    size_t len = bs_normalize_upper_words(d->text + w[skip].from, w[skip].to - w[skip].from, value,
                                          sizeof value);
    if (len)
      bs_detect_emit(d, BS_EL_LAST_NAME, BS_DET_PERSON_NAME, w[skip].from, w[skip].to, value, len,
                     0.8f);
    return;
  }
  if (words > 4) words = 4;
  int both;
  label_kind label = label_before(d, at);
  if (words < 2 || !plausible(d, w + skip, words, label, &both)) return;
  /* After "Patient:" the whole run is the name: surer than a known pair inside it
   * ("Wade Petty" in "Thomsa Wade Petty"), which the overlap would otherwise keep. */
  emit_name(d, w + skip, words, both || label == NAME_LABEL ? 0.9f : 0.75f);
}
