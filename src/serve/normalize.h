/* How callers' words are compared with the case's: names without case, accents,
 * spaces or punctuation ("O'Brien-Smith" = "OBRIENSMITH"), dates in any common US form,
 * ZIP codes by their first five digits, enrollment codes without dashes or case. */
#ifndef BS_NORMALIZE_H
#define BS_NORMALIZE_H
#include <stddef.h>
#include <stdint.h>

/* A name as letters and digits, upper case, accents removed; generational suffixes
 * at the end (JR, SR, II, III, IV) dropped. "" when nothing is left. Returns the
 * length written; output is cut to cap - 1 bytes. */
size_t bs_norm_name(char *out, size_t cap, const char *name);
/* The words of a name (split at spaces and hyphens), each normalized, for names of
 * several words ("Garcia Lopez", "Smith-Jones"); calls fn for each word of two
 * characters or more, only when there are two such words or more. */
void bs_norm_name_words(const char *name, void (*fn)(const char *word, void *ctx), void *ctx);
/* The first word of a given name, normalized ("Mary Ann" -> "MARY"). */
size_t bs_norm_first_word(char *out, size_t cap, const char *name);
/* A date of birth as YYYYMMDD, or 0 when the text is no real date. Two-digit years are
 * read as the latest year not after this_year. */
int32_t bs_norm_dob(const char *text, int this_year);
/* The current year (UTC), for bs_norm_dob. */
int bs_norm_this_year(void);
/* Five digits of a ZIP or ZIP+4 into out[6]; 0 when it is not one. */
int bs_norm_zip(char out[6], const char *text);
/* An enrollment code as upper-case letters and digits; 0 when empty or too long. */
int bs_norm_code(char *out, size_t cap, const char *text);

#endif
