/* RTF documents of the share (RTF 1.9.1, Microsoft 2008), as WordPad and Word write
 * them: a font table, then the text a paragraph a line; a line holding tabs is a table
 * row (\trowd, \intbl paragraphs, \cell, \row) whose cells the tabs separate. The
 * text is written as lines through doc (kind TEXT, no place), the lines a reader of RTF
 * extracts outside tables; a mention inside a row is noted by the caller as a cell
 * ("table N", its row, its column's header), where a reader of RTF tables finds it. */
#ifndef BS_RTF_OUT_H
#define BS_RTF_OUT_H
#include <stdio.h>

#include "synth/doc.h"

typedef struct bs_rtf_out {
  bs_doc doc;       /* mentions; doc.file holds the lines until finish */
  FILE *out;        /* where the RTF goes (caller's) */
  bs_status status; /* first error */
} bs_rtf_out;

bs_status bs_rtf_begin(bs_rtf_out *rtf, bs_truth *truth, const char *path, FILE *out);
/* Writes the RTF of the lines into out; the first error. */
bs_status bs_rtf_finish(bs_rtf_out *rtf);

#endif
