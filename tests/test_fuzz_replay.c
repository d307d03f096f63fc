/* Replays every saved fuzz input through its target, as SQLite's fuzzcheck does: each
 * file of fuzz/corpus/<target>/ (seeds, inputs a fuzzer found interesting, fixed
 * crashes) is a regression test, checked under ASan and UBSan by `make asan`. Paths are
 * relative to the repository root, where the test runner runs. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz.h"
#include "base/alloc.h"
#include "test.h"

/* Corpus files are small (fuzz/README.md); anything bigger is a mistake. */
#define MAX_INPUT_BYTES ((long)1 << 20)

static const struct {
  const char *name;
  int (*run)(const uint8_t *data, size_t size);
} targets[] = {
#define BS_FUZZ_ENTRY(name) {#name, bs_fuzz_##name},
    BS_FUZZ_TARGETS(BS_FUZZ_ENTRY)
#undef BS_FUZZ_ENTRY
};

static int is_input(const struct dirent *entry) {
  return entry->d_name[0] != '.' && (entry->d_type == DT_REG || entry->d_type == DT_UNKNOWN);
}

/* Reads a whole file into an allocation of exactly its size, so that ASan catches a
 * read one byte past the input. OUT: *data (free with bs_free), *size. */
static int read_input(uint8_t **data, size_t *size, const char *path) {
  *data = NULL;
  *size = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  long len = -1;
  if (fseek(f, 0, SEEK_END) == 0) len = ftell(f);
  int ok = len >= 0 && len <= MAX_INPUT_BYTES && fseek(f, 0, SEEK_SET) == 0;
  uint8_t *bytes = ok ? bs_malloc(len > 0 ? (size_t)len : 1) : NULL;
  ok = bytes && fread(bytes, 1, (size_t)len, f) == (size_t)len;
  fclose(f);
  if (!ok) {
    bs_free(bytes);
    return 0;
  }
  *data = bytes;
  *size = (size_t)len;
  return 1;
}

static void replay(const char *target, int (*run)(const uint8_t *, size_t)) {
  char dir[256];
  snprintf(dir, sizeof dir, "fuzz/corpus/%s", target);
  struct dirent **entries = NULL;
  int count = scandir(dir, &entries, is_input, alphasort);
  CHECKF(count > 0, "%s: no saved inputs (run from the repository root)", dir);
  for (int i = 0; i < count; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
    uint8_t *data;
    size_t size;
    int read = read_input(&data, &size, path);
    const char *name = entries[i]->d_name;
    CHECKF(read, "corpus %s/%s: unreadable or over %ld bytes", target, name, MAX_INPUT_BYTES);
    if (read) CHECKF(run(data, size) == 0, "corpus %s/%s: invariant broken (above)", target, name);
    bs_free(data);
    free(entries[i]);
  }
  free(entries);
}

void test_fuzz_replay(void) {
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
    replay(targets[i].name, targets[i].run);
}
