/* PowerPoint presentations (ECMA-376 PresentationML): slides of text boxes, with the
 * master, layout and theme a presentation needs to open. Each slide's text is written
 * as lines through doc (kind TEXT, place "slide N"): the first line is the slide's
 * title box, the others paragraphs of its body box; "Label: value" lines become a
 * bold run and a plain one, as people format them. */
#ifndef BS_PPTX_OUT_H
#define BS_PPTX_OUT_H
#include <stdio.h>

#include "synth/doc.h"

#define BS_PPTX_MAX_SLIDES 16

typedef struct bs_pptx {
  bs_doc doc;                       /* mentions; doc.file the current slide's lines */
  FILE *out;                        /* where the package goes */
  FILE *slides[BS_PPTX_MAX_SLIDES]; /* each slide's XML, until finish */
  int count;                        /* slides begun */
  bs_status status;                 /* first error */
} bs_pptx;

bs_status bs_pptx_begin(bs_pptx *p, bs_truth *truth, const char *path, FILE *out);
/* Ends the slide written so far (if any) and begins the next; 0 when the deck is full. */
int bs_pptx_slide(bs_pptx *p);
bs_status bs_pptx_finish(bs_pptx *p);

#endif
