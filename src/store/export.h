/* Exports of the case store: findings (masked unless revealed), files, diagnostics. */
#ifndef BS_EXPORT_H
#define BS_EXPORT_H
#include <stdio.h>

#include "store/store.h"

typedef enum bs_export_format { BS_EXPORT_JSONL, BS_EXPORT_CSV } bs_export_format;

/* One finding a line, ordered by file path then place. */
bs_status bs_export_findings(FILE *out, bs_store *store, bs_export_format format, int reveal,
                             double min_confidence);
/* One file a line with its chain-of-custody data. */
bs_status bs_export_files(FILE *out, bs_store *store, bs_export_format format);
/* One diagnostic a line: file id, path, severity, place, message. */
bs_status bs_export_diagnostics(FILE *out, bs_store *store, bs_export_format format);

/* Masks a normalized value of a type for display: SSN 123456789 -> ***-**-6789. */
void bs_mask_value(char *out, size_t cap, int type, const char *value);

#endif
