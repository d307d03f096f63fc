/* USPS Intelligent Mail barcode (USPS-B-3200): the 20-digit tracking code and routing
 * ZIP from their fields and back, the 65 bars from zint (BARCODE_USPS_IMAIL), and the
 * bars drawn with cairo at the specification's dimensions. */
#ifndef BS_IMB_H
#define BS_IMB_H
#include <cairo.h>
#include <stdint.h>

#include "base/status.h"

#define BS_IMB_DIGITS_SIZE 32 /* 20 tracking + up to 11 routing digits and a NUL */
#define BS_IMB_BARS        65

typedef struct bs_imb_fields {
  int barcode_id;     /* 2 digits, the second 0-4 (00 when not presorted) */
  int service_type;   /* 3 digits (STID), e.g. 300 First-Class without services */
  char mailer_id[10]; /* 6 digits (first 0-8) or 9 digits (first 9) */
  uint32_t serial;    /* 9 digits with a 6-digit mailer ID, 6 with a 9-digit one */
  char routing[12];   /* delivery ZIP: "", 5, 9 or 11 digits */
} bs_imb_fields;

/* The barcode's digits: tracking code then routing code. BS_EINVAL when a field is out
 * of its range (the mailer ID's length must agree with its first digit). */
bs_status bs_imb_digits(char out[BS_IMB_DIGITS_SIZE], const bs_imb_fields *fields);
/* Reads digits made by bs_imb_digits back into their fields; BS_EINVAL if malformed. */
bs_status bs_imb_parse(bs_imb_fields *out, const char *digits);
/* 1 if the mailer ID is 6 digits starting 0-8 or 9 digits starting with 9. */
int bs_imb_mailer_id_valid(const char *mailer_id);
/* The largest serial a mailer ID leaves room for (999999999 or 999999). */
uint32_t bs_imb_serial_max(const char *mailer_id);

/* The 65 bars as letters F (full), A (ascender), D (descender), T (tracker), from zint;
 * out gets a NUL. BS_EINVAL when zint refuses the digits. */
bs_status bs_imb_bars(char out[BS_IMB_BARS + 1], const char *digits);
/* Draws the bars with their left end at x and their top at y (points). */
void bs_imb_draw(cairo_t *cr, double x, double y, const char *bars);
/* Width and height the drawn barcode takes, in points. */
double bs_imb_width(void);
double bs_imb_height(void);

#endif
