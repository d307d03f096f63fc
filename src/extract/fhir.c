/* stub */
#include "extract/format.h"
bs_status bs_extract_fhir(const char *text, size_t len, const bs_unit_sink *sink) { (void)text; (void)len; (void)sink; return BS_OK; }
bs_status bs_extract_fhir_ndjson(const char *text, size_t len, const bs_unit_sink *sink) { (void)text; (void)len; (void)sink; return BS_OK; }
