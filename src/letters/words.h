/* The words a letter uses for a person's exposed information: a label per element
 * type, merged where the law and the reader see one thing (first name, last name and
 * full name are "name"), joined into an English list. */
#ifndef BS_WORDS_H
#define BS_WORDS_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "letters/template.h"

/* The default English label of a type, or NULL for types a letter never names (NPI:
 * a provider's number, not the person's). */
const char *bs_words_label(bs_element type);
/* Appends "your name, address, date of birth, and Social Security number" without
 * "your": the labels of the types in `elements` (bit per bs_element), each once, in
 * the order of the element list, joined with commas and "and". Template %label
 * overrides win. */
bs_status bs_words_elements(bs_buf *out, const bs_template *tmpl, uint32_t elements);
/* "2024-07-20" -> "July 20, 2024"; other text is copied. */
void bs_words_date(char *out, size_t cap, const char *iso);

#endif
