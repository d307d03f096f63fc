/* Letters as PDF pages with cairo and pango, for a #10 double-window envelope: the
 * return address shows through the upper window, the recipient's address and its
 * Intelligent Mail barcode through the lower one. One renderer per thread; each
 * writes a batch file of many letters. */
#ifndef BS_RENDER_H
#define BS_RENDER_H
#include <stdint.h>

#include "letters/imb.h"
#include "letters/recipient.h"
#include "letters/template.h"

#define BS_RETURN_LINES 3 /* lines of the return address under the organization's name */

/* What every letter of a run shares: the case, the call center, the offer, the mail. */
typedef struct bs_letter_settings {
  const char *organization;                  /* covered entity, first line of the return */
  const char *return_lines[BS_RETURN_LINES]; /* its postal address, NULL when unused */
  const char *phone;                         /* toll-free number */
  const char *hours;                         /* call center hours */
  const char *discovered;                    /* YYYY-MM-DD */
  const char *window_from, *window_to;       /* YYYY-MM-DD, or "" when unknown */
  const char *mail_date;                     /* YYYY-MM-DD */
  const char *monitoring_vendor;             /* the monitoring service */
  const char *monitoring_url;                /* where to enroll */
  int monitoring_months;                     /* months offered */
  const char *enroll_by;                     /* YYYY-MM-DD */
  int barcode_id;                            /* IMb barcode identifier */
  int service_type;                          /* IMb service type identifier */
  const char *mailer_id;                     /* IMb mailer ID, 6 or 9 digits */
} bs_letter_settings;

/* What was made of one letter. */
typedef struct bs_letter_result {
  char letter_id[16];                                     /* "L" and the letter's number */
  char variant[48];                                       /* template variant (template.h) */
  char imb[BS_IMB_DIGITS_SIZE];                           /* barcode digits */
  int first_page, last_page;                              /* in the batch file, from 1 */
  char lines[BS_RECIPIENT_LINES][BS_RECIPIENT_LINE_SIZE]; /* address block */
  int line_count;                                         /* lines used */
} bs_letter_result;

typedef struct bs_renderer bs_renderer;

bs_status bs_renderer_create(bs_renderer **out, const bs_template *tmpl,
                             const bs_letter_settings *settings);
void bs_renderer_free(bs_renderer *renderer);
/* Proofs: every first page says "PROOF - NOT FOR MAILING" beside the address. */
void bs_renderer_mark_proof(bs_renderer *renderer);
/* Starts a batch file (created owner-only, replaced if present). */
bs_status bs_renderer_begin(bs_renderer *renderer, const char *path);
/* Adds one letter; number gives its id and the barcode's serial (modulo the largest
 * serial the mailer ID allows). */
bs_status bs_renderer_letter(bs_renderer *renderer, bs_letter_result *out,
                             const bs_recipient *recipient, uint64_t number);
/* Finishes the batch file; BS_EIO if it could not be written whole. */
bs_status bs_renderer_end(bs_renderer *renderer);

/* Page geometry in points (1/72 in), exposed for the tests' window check. The
 * standard #10 double-window envelope (4 1/8 x 9 1/2 in) has its address window 1 1/8
 * x 4 1/2 in, 7/8 in from the left and 1/2 in from the bottom, and its return window
 * at the upper left. A letter-size sheet folded in thirds moves inside it, so the
 * print-and-mail industry gives the zones that stay visible whatever the shift
 * (PostalMethods developer guide, "How to place content in the document",
 * www.postalmethods.com/resources/developers-guide/127): the recipient's address in
 * 3.5 x 0.875 in at 0.5 in from the sheet's left and 2.042 in from its top, the return
 * address in 3.5 x 0.792 in at 0.5 in from the left and the top. */
#define BS_PAGE_WIDTH     612.0
#define BS_PAGE_HEIGHT    792.0
#define BS_ADDRESS_X      36.0
#define BS_ADDRESS_Y      147.0
#define BS_ADDRESS_WIDTH  252.0
#define BS_ADDRESS_HEIGHT 63.0
#define BS_RETURN_X       36.0
#define BS_RETURN_Y       36.0
#define BS_RETURN_WIDTH   252.0
#define BS_RETURN_HEIGHT  57.0

#endif
