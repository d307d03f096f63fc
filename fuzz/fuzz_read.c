/* Fuzz target: one file through bs_read as src/scan/scan.c reads it, recognition
 * included, every unit scanned by the engine, so that the places of findings in the
 * document readers' units are checked too. The first byte picks the file name (by its
 * extension, names[]); the rest is the file. */
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "check.h"
#include "detect/engine.h"
#include "extract/read.h"
#include "fuzz.h"

/* Compiling the engine takes a second or more: once per process, never freed. */
static bs_engine *engine;
static bs_scanner *scanner;

static const char *const names[] = {
    "share/scan.pdf",   "share/chart.html", "share/export.xml",   "share/letter.rtf",
    "share/backup.sql", "share/note.txt",   "share/page.htm",     "share/data",
    "share/book.xlsx",  "share/files.zip",  "share/visit.csv.gz", "share/mail.eml",
};

int bs_fuzz_read(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  if (!scanner && (bs_engine_create(&engine, 20261123) != BS_OK ||
                   bs_scanner_create(&scanner, engine) != BS_OK)) {
    fprintf(stderr, "fuzz_read: the engine could not be created\n");
    return 1;
  }
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 1);
  bs_unit_sink sink = bs_fuzz_check_sink(&check);
  bs_finding_list findings;
  bs_finding_list_init(&findings);
  check.scanner = scanner;
  check.findings = &findings;
  bs_buf scratch;
  bs_buf_init(&scratch, 3 * size + 16);
  bs_source src = {.name = names[data[0] % (sizeof names / sizeof names[0])],
                   .data = (const char *)data + 1,
                   .len = size - 1};
  bs_read_info info;
  bs_status status = bs_read(&info, &src, &scratch, &sink);
  BS_FUZZ_EXPECT(&check, status == BS_OK || status == BS_ELIMIT || status == BS_EFORMAT);
  BS_FUZZ_EXPECT(&check, info.format < BS_FMT_COUNT);
  bs_fuzz_check_findings(&check, &findings);
  bs_finding_list_free(&findings);
  bs_buf_free(&scratch);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_read(data, size) != 0) abort();
  return 0;
}
#endif
