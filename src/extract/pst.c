/* Outlook stores (PST) with libpst. */
#include "extract/mail.h"

bs_status bs_read_pst(const bs_source *src, const bs_unit_sink *sink) {
  (void)src;
  if (sink->unexamined) sink->unexamined(NULL, "Outlook store: no reader yet", sink->ctx);
  return BS_OK;
}
