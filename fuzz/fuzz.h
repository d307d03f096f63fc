/* The fuzz targets, listed once. Each bs_fuzz_<name> runs one input through a parser of
 * untrusted bytes, frees all it allocated, and returns 0, or 1 when the output broke the
 * parser's contract (fuzz/check.h). libFuzzer builds (-DBS_LIBFUZZER) wrap it in
 * LLVMFuzzerTestOneInput, which aborts on 1; tests/test_fuzz_replay.c replays every
 * saved input of fuzz/corpus/<name>/ through the same function. */
#ifndef BS_FUZZ_H
#define BS_FUZZ_H
#include <stddef.h>
#include <stdint.h>

/* name: fuzz/fuzz_<name>.c, fuzz/corpus/<name>/, build-fuzz/fuzz_<name> */
// clang-format off
#define BS_FUZZ_TARGETS(X)                                                                \
  X(decode) X(csv) X(json) X(extract) X(date) X(read) X(hl7) X(x12) X(fhir) X(cda)       \
  X(eml) X(mbox) X(pst) X(ole2) X(doc) X(mdb) X(pdf) X(html) X(xml) X(rtf) X(sql)        \
  X(rules) X(decisions) X(serve_request) X(template)
// clang-format on

#define BS_FUZZ_DECLARE(name) int bs_fuzz_##name(const uint8_t *data, size_t size);
BS_FUZZ_TARGETS(BS_FUZZ_DECLARE)
#undef BS_FUZZ_DECLARE

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif

#endif
