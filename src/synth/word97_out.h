/* Word 97-2003 documents ([MS-DOC]) as Word saves them in full: the FIB, the text in
 * the WordDocument stream (a paragraph a line, each ended by a paragraph mark), and in
 * the 1Table stream the piece table (Clx) with the stylesheet, fonts, section, and the
 * bin tables of the character and paragraph property pages (FKPs). A paragraph that
 * Windows-1252 can hold is stored compressed, a byte a character; one that it cannot
 * (an arrow, a Polish name) in a UTF-16 piece, as Word stores non-ANSI text. The text
 * is written as lines through doc (kind TEXT, no place), the lines a reader of the
 * piece table extracts. The streams go into a compound file libgsf writes. */
#ifndef BS_WORD97_OUT_H
#define BS_WORD97_OUT_H
#include <stdint.h>
#include <stdio.h>

#include "synth/doc.h"

typedef struct bs_word97 {
  bs_doc doc;       /* mentions; doc.file holds the lines until finish */
  FILE *out;        /* where the compound file goes (caller's) */
  bs_status status; /* first error */
} bs_word97;

bs_status bs_word97_begin(bs_word97 *w, bs_truth *truth, const char *path, FILE *out);
/* Writes the document into out; the first error. */
bs_status bs_word97_finish(bs_word97 *w);

/* [MS-DOC] 2.5.1 Fib offsets a checker reads. */
#define BS_FIB_FLAGS         10  /* FibBase: fWhichTblStm 0x0200, fExtChar 0x1000 */
#define BS_FIB_CCP_TEXT      76  /* fibRgLw.ccpText */
#define BS_FIB_RG_FC_LCB     154 /* fibRgFcLcb97 */
#define BS_FIB_INDEX_CLX     33  /* fcClx, lcbClx: pair 33 of fibRgFcLcb97 */
#define BS_FIB_INDEX_BTEPAPX 13  /* fcPlcfBtePapx */

#endif
