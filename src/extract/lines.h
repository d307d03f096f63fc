/* Text handed on as units of whole lines, in chunks of about a megabyte, starting at a
 * given line and column: for readers that find runs of plain text inside a document
 * (a PDF page, the statements of an SQL dump, what follows a fatal XML error). */
#ifndef BS_LINES_H
#define BS_LINES_H
#include <stddef.h>
#include <stdint.h>

#include "extract/unit.h"

/* Sends text[0..len) (UTF-8) to sink->unit with text[0] at line:column (both 1-based),
 * each unit carrying place (may be NULL). */
bs_status bs_emit_lines(const char *text, size_t len, uint64_t line, uint64_t column,
                        const char *place, const bs_unit_sink *sink);

#endif
