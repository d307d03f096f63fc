/* Fuzz target: the whole pipeline of one file as src/scan/scan.c runs it: decode, sniff
 * the format from a file name and the text, extract, scan every unit with the engine.
 * The first byte picks the file name (by its extension, names[]); the rest is the
 * file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "detect/engine.h"
#include "extract/decode.h"
#include "extract/format.h"
#include "fuzz.h"

/* Compiling the engine takes a second or more: once per process, never freed. */
static bs_engine *engine;
static bs_scanner *scanner;

static const char *const names[] = {
    "share/note.txt",     "share/claims.csv", "share/visits.tsv", "share/patient.json",
    "share/index.ndjson", "share/rows.jsonl", "share/README",     "share/export.dat",
};

static int sniffed_delimiter(char delimiter) {
  return delimiter == ',' || delimiter == '\t' || delimiter == ';' || delimiter == '|';
}

int bs_fuzz_extract(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  if (!scanner && (bs_engine_create(&engine, 20261123) != BS_OK ||
                   bs_scanner_create(&scanner, engine) != BS_OK)) {
    fprintf(stderr, "fuzz_extract: the engine could not be created\n");
    return 1;
  }
  const char *name = names[data[0] % (sizeof names / sizeof names[0])];
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_buf scratch;
  bs_buf_init(&scratch, 3 * size + 16);
  bs_finding_list findings;
  bs_finding_list_init(&findings);
  const char *text;
  size_t len;
  bs_encoding encoding;
  bs_status status =
      bs_decode(&text, &len, &encoding, (const char *)data + 1, size - 1, &scratch, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_EFORMAT);
  if (status == BS_OK) {
    char delimiter = 0;
    bs_format format = bs_sniff(&delimiter, name, text, len);
    BS_FUZZ_EXPECT(&check, format < BS_FMT_COUNT && format != BS_FMT_BINARY);
    BS_FUZZ_EXPECT(&check, (format == BS_FMT_EMPTY) == (len == 0));
    if (format == BS_FMT_CSV) BS_FUZZ_EXPECT(&check, sniffed_delimiter(delimiter));
    check.scanner = scanner;
    check.findings = &findings;
    status = bs_extract(format, delimiter, text, len, &sink);
    BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT);
    bs_fuzz_check_findings(&check, &findings);
  }
  bs_finding_list_free(&findings);
  bs_buf_free(&scratch);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_extract(data, size) != 0) abort();
  return 0;
}
#endif
