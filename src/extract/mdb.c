/* Access databases. */
#include "extract/office.h"

bs_status bs_read_mdb(const bs_source *src, const bs_unit_sink *sink) {
  (void)src;
  if (sink->unexamined) sink->unexamined(NULL, "Access database: no reader yet", sink->ctx);
  return BS_OK;
}
