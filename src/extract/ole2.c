/* OLE2 compound files. */
#include "extract/office.h"

bs_status bs_read_ole2(bs_format *format, const bs_source *src, const bs_unit_sink *sink) {
  (void)src;
  *format = BS_FMT_OLE2;
  if (sink->unexamined) sink->unexamined(NULL, "OLE2: no reader yet", sink->ctx);
  return BS_OK;
}
