/* The detection engine: every detector's patterns and context words compiled into one
 * Hyperscan database (immutable, shared by all threads), and per-thread scanners that
 * turn the matches of a unit into validated, normalized findings. */
#ifndef BS_ENGINE_H
#define BS_ENGINE_H

#include "base/status.h"
#include "detect/finding.h"
#include "detect/refdata.h"
#include "extract/unit.h"

/* Findings below this confidence are not kept. */
#define BS_MIN_CONFIDENCE 0.5f

typedef struct bs_engine bs_engine;
typedef struct bs_scanner bs_scanner;

/* today: YYYYMMDD, the date after which a date cannot be a birth date, and from which
 * two-digit years are read. */
bs_status bs_engine_create(bs_engine **out, int today);
void bs_engine_free(bs_engine *engine);
const bs_refdata *bs_engine_refdata(const bs_engine *engine);

bs_status bs_scanner_create(bs_scanner **out, const bs_engine *engine);
void bs_scanner_free(bs_scanner *scanner);
/* Scans one unit and appends its findings to out. */
bs_status bs_scanner_scan(bs_scanner *scanner, const bs_unit *unit, bs_finding_list *out);

#endif
