/* Names compared as the same whatever accents they were typed with: a clinic's EHR
 * exports "JOSE HERNANDEZ" where its letters say "José Hernández". */
#ifndef BS_FOLD_H
#define BS_FOLD_H
#include <stddef.h>

/* text[0, len) in out (NUL-terminated, cut at cap - 1 bytes on a character's edge):
 * compatibility-decomposed, accents and other combining marks removed, ASCII letters
 * upper-cased; letters of other scripts kept as they are. Text that is not UTF-8 is
 * copied with its ASCII letters upper-cased. Returns the bytes written. */
size_t bs_fold_marks(char *out, size_t cap, const char *text, size_t len);

#endif
