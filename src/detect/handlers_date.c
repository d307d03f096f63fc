/* Dates: real calendar dates only, classified by context and hint as a date of birth,
 * a service (admission, discharge, visit) date, or another date. */
#include <stdio.h>

#include "detect/internal.h"
#include "detect/validate.h"

#define NEAR            40
/* Bytes after a date where a procedure label makes it a date of service. */
#define PROCEDURE_AFTER 16

void bs_handle_date(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t end = m->to;
  if (det == BS_DET_DATE_ISO) /* drop a time of day: "2024-07-02T10:00:00Z" */
    for (size_t i = m->from; i < m->to; i++)
      if (d->text[i] == 'T') {
        end = i;
        break;
      }
  int year, month, day;
  if (!bs_parse_date(d->text + m->from, end - m->from, d->today / 10000, &year, &month, &day))
    return;
  unsigned nearest = bs_detect_nearest_before(d, m->from, NEAR);
  unsigned near = bs_detect_context_before(d, m->from, NEAR);
  int date = year * 10000 + month * 100 + day;
  /* The nearest label decides; without a date label there, any in the window. */
  unsigned label = nearest & (BS_CTX_DOB | BS_CTX_SERVICE) ? nearest : near;
  bs_element type = BS_EL_DATE;
  if ((label & BS_CTX_DOB) && date <= d->today)
    type = BS_EL_DOB;
  else if (label & BS_CTX_SERVICE)
    type = BS_EL_SERVICE_DATE;
  /* A date that leads a line's procedure code ("05/27/2024  CPT 99213 office visit"), as
   * claim and statement lines print them, is the date that service was given. Only the
   * same line counts: the window ends at a line break. */
  if (type == BS_EL_DATE && !(label & BS_CTX_DATE)) {
    size_t window = 0;
    while (window < PROCEDURE_AFTER && end + window < d->len && d->text[end + window] != '\n')
      window++;
    if (bs_detect_context_after(d, end, window) & BS_CTX_PROCEDURE) type = BS_EL_SERVICE_DATE;
  }
  /* Compact YYYYMMDD is any eight-digit number unless a label says otherwise. */
  if (det == BS_DET_DATE_COMPACT && type == BS_EL_DATE && !(near & BS_CTX_DATE)) return;
  int two_digit_year = 0;
  size_t digits_run = 0;
  for (size_t i = end; i-- > m->from && d->text[i] >= '0' && d->text[i] <= '9';) digits_run++;
  two_digit_year = det != BS_DET_DATE_ISO && det != BS_DET_DATE_COMPACT && digits_run == 2;
  float confidence = type == BS_EL_DATE ? 0.6f : 0.95f;
  if (two_digit_year) confidence -= 0.1f;
  char value[11];
  snprintf(value, sizeof value, "%04d-%02d-%02d", year, month, day);
  bs_detect_emit(d, type, det, m->from, end, value, 10, confidence);
}
