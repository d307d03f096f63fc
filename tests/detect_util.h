/* Helpers for detector tests: scan one string and look for a finding. */
#ifndef BS_TEST_DETECT_UTIL_H
#define BS_TEST_DETECT_UTIL_H

#include "detect/engine.h"

/* The engine shared by the tests (created once, today = 2026-11-23). */
bs_engine *test_engine(void);
void test_engine_release(void);
/* Scans text (with an optional field hint) into list; the list must be initialised. */
void test_scan(const char *text, const char *hint, bs_finding_list *list);
/* 1 if scanning text finds `type` with `value` (value NULL: any value). */
int test_finds(const char *text, const char *hint, bs_element type, const char *value);

#endif
