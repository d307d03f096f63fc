/* Intelligent Mail barcode fields, bars and drawing (see imb.h). */
#include "letters/imb.h"

#include <stdio.h>
#include <string.h>
#include <zint.h>

/* USPS-B-3200 section 2.3: bars 0.015-0.025 in wide at 22 +/- 2 bars an inch; the
 * full bar 0.125-0.165 in high, the tracker 0.039-0.057 in, the ascender and
 * descender reaching the full bar's top and bottom. Middles of each range. */
#define POINTS_PER_INCH 72.0
#define BAR_WIDTH       (0.020 * POINTS_PER_INCH)
#define BAR_PITCH       (POINTS_PER_INCH / 22.0)
#define FULL_HEIGHT     (0.145 * POINTS_PER_INCH)
#define TRACKER_HEIGHT  (0.048 * POINTS_PER_INCH)

static int all_digits(const char *s, size_t len) {
  if (strlen(s) != len) return 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

int bs_imb_mailer_id_valid(const char *mailer_id) {
  return (all_digits(mailer_id, 6) && mailer_id[0] != '9') ||
         (all_digits(mailer_id, 9) && mailer_id[0] == '9');
}

uint32_t bs_imb_serial_max(const char *mailer_id) {
  return strlen(mailer_id) == 6 ? 999999999u : 999999u;
}

bs_status bs_imb_digits(char out[BS_IMB_DIGITS_SIZE], const bs_imb_fields *f) {
  out[0] = '\0';
  size_t routing = strlen(f->routing);
  if (f->barcode_id < 0 || f->barcode_id > 99 || f->barcode_id % 10 > 4 || f->service_type < 0 ||
      f->service_type > 999 || !bs_imb_mailer_id_valid(f->mailer_id) ||
      f->serial > bs_imb_serial_max(f->mailer_id) ||
      !(routing == 0 || routing == 5 || routing == 9 || routing == 11) ||
      !all_digits(f->routing, routing))
    return BS_EINVAL;
  int serial_digits = strlen(f->mailer_id) == 6 ? 9 : 6;
  char tracking[24];
  snprintf(tracking, sizeof tracking, "%02d%03d%.9s%0*u", f->barcode_id, f->service_type,
           f->mailer_id, serial_digits, (unsigned)f->serial);
  memcpy(out, tracking, 20);
  memcpy(out + 20, f->routing, routing + 1);
  return BS_OK;
}

bs_status bs_imb_parse(bs_imb_fields *out, const char *digits) {
  memset(out, 0, sizeof *out);
  size_t len = strlen(digits);
  if (!(len == 20 || len == 25 || len == 29 || len == 31) || !all_digits(digits, len))
    return BS_EINVAL;
  out->barcode_id = (digits[0] - '0') * 10 + (digits[1] - '0');
  out->service_type = (digits[2] - '0') * 100 + (digits[3] - '0') * 10 + (digits[4] - '0');
  size_t mid = digits[5] == '9' ? 9 : 6;
  memcpy(out->mailer_id, digits + 5, mid);
  out->mailer_id[mid] = '\0';
  for (size_t i = 5 + mid; i < 20; i++)
    out->serial = out->serial * 10 + (uint32_t)(digits[i] - '0');
  memcpy(out->routing, digits + 20, len - 20);
  out->routing[len - 20] = '\0';
  return out->barcode_id % 10 <= 4 ? BS_OK : BS_EINVAL;
}

bs_status bs_imb_bars(char out[BS_IMB_BARS + 1], const char *digits) {
  out[0] = '\0';
  size_t len = strlen(digits);
  if (len < 20 || len > 31) return BS_EINVAL;
  char input[40];
  /* zint's input: the tracking code, a dash, the routing code. */
  snprintf(input, sizeof input, "%.20s-%s", digits, digits + 20);
  struct zint_symbol *symbol = ZBarcode_Create();
  if (!symbol) return BS_ENOMEM;
  symbol->symbology = BARCODE_USPS_IMAIL;
  symbol->show_hrt = 0;
  bs_status status = BS_OK;
  if (ZBarcode_Encode(symbol, (const unsigned char *)input, (int)strlen(input)) >= ZINT_ERROR ||
      ZBarcode_Buffer_Vector(symbol, 0) >= ZINT_ERROR || !symbol->vector)
    status = BS_EINVAL;
  /* zint gives a rectangle per bar; a bar reaching the symbol's top ascends, one
   * reaching its bottom descends. */
  float top = 1e9f, bottom = -1e9f, left = 1e9f, pitch = 1e9f, last_x = -1e9f;
  int bars = 0;
  for (struct zint_vector_rect *r = status == BS_OK ? symbol->vector->rectangles : NULL; r;
       r = r->next) {
    if (r->y < top) top = r->y;
    if (r->y + r->height > bottom) bottom = r->y + r->height;
    if (r->x < left) left = r->x;
    if (bars && r->x - last_x > 0 && r->x - last_x < pitch) pitch = r->x - last_x;
    last_x = r->x;
    bars++;
  }
  if (status == BS_OK && bars != BS_IMB_BARS) status = BS_EINVAL;
  memset(out, 'T', BS_IMB_BARS);
  out[BS_IMB_BARS] = '\0';
  for (struct zint_vector_rect *r = status == BS_OK ? symbol->vector->rectangles : NULL; r;
       r = r->next) {
    int index = (int)((r->x - left) / pitch + 0.5f);
    if (index < 0 || index >= BS_IMB_BARS) {
      status = BS_EINVAL;
      break;
    }
    int up = r->y - top < 0.01f, down = bottom - (r->y + r->height) < 0.01f;
    out[index] = up && down ? 'F' : up ? 'A' : down ? 'D' : 'T';
  }
  ZBarcode_Delete(symbol);
  if (status != BS_OK) out[0] = '\0';
  return status;
}

double bs_imb_width(void) { return (BS_IMB_BARS - 1) * BAR_PITCH + BAR_WIDTH; }
double bs_imb_height(void) { return FULL_HEIGHT; }

void bs_imb_draw(cairo_t *cr, double x, double y, const char *bars) {
  double reach = (FULL_HEIGHT - TRACKER_HEIGHT) / 2; /* ascender above the tracker */
  for (int i = 0; i < BS_IMB_BARS && bars[i]; i++) {
    double top = y + reach, bottom = y + reach + TRACKER_HEIGHT;
    if (bars[i] == 'F' || bars[i] == 'A') top = y;
    if (bars[i] == 'F' || bars[i] == 'D') bottom = y + FULL_HEIGHT;
    cairo_rectangle(cr, x + i * BAR_PITCH, top, BAR_WIDTH, bottom - top);
  }
  cairo_fill(cr);
}
