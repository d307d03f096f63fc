/* stub */
#include "extract/format.h"
bs_status bs_extract_cda(const char *text, size_t len, const bs_unit_sink *sink) { (void)text; (void)len; (void)sink; return BS_OK; }
