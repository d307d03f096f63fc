/* The shared reader harness of reader.h. */
#include "reader.h"

#include <string.h>

#include "check.h"

/* Members read back, at most this deep, and this many per input. */
#define MAX_DEPTH   2
#define MAX_MEMBERS 64

typedef struct harness {
  bs_fuzz_check check;  /* invariants of this level */
  bs_unit_sink inner;   /* check's sink */
  char last_place[128]; /* place of the previous unit, cut */
  unsigned depth;       /* 0 for the input itself */
  unsigned *members;    /* members read back, all levels */
} harness;

static int run(harness *h, bs_fuzz_reader reader, const bs_source *src);

/* The part of a place that names a section: up to '!' ("Sheet1!C2" -> "Sheet1"). */
static void section_of(char *out, size_t cap, const char *place) {
  size_t n = 0;
  while (place && place[n] && place[n] != '!' && n + 1 < cap) {
    out[n] = place[n];
    n++;
  }
  out[n] = '\0';
}

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  harness *h = ctx;
  char section[sizeof h->last_place];
  section_of(section, sizeof section, unit->place);
  if (strcmp(section, h->last_place) != 0) {
    h->check.last_line = 0;
    h->check.last_row = 0;
    memcpy(h->last_place, section, sizeof section);
  }
  return h->inner.unit(unit, h->inner.ctx);
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  harness *h = ctx;
  h->inner.diagnostic(place, message, h->inner.ctx);
}

static void on_unexamined(const char *place, const char *why, void *ctx) {
  harness *h = ctx;
  h->inner.unexamined(place, why, h->inner.ctx);
}

static int clean_name(const char *name) {
  size_t len = strlen(name);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) return 0;
  return len > 0 && bs_fuzz_utf8_valid(name, len);
}

static bs_status read_any(const bs_source *src, const bs_unit_sink *sink) {
  bs_buf scratch;
  bs_buf_init(&scratch, 3 * src->len + 16);
  bs_read_info info;
  bs_status status = bs_read(&info, src, &scratch, sink);
  bs_buf_free(&scratch);
  return status;
}

static bs_status on_member(const bs_member *member, void *ctx) {
  harness *h = ctx;
  bs_status status = h->inner.member(member, h->inner.ctx);
  BS_FUZZ_EXPECT(&h->check, member->name && clean_name(member->name));
  if (!member->data || h->depth >= MAX_DEPTH || *h->members >= MAX_MEMBERS) return status;
  ++*h->members;
  harness child = {.depth = h->depth + 1, .members = h->members};
  bs_source src = {.name = member->name, .data = member->data, .len = member->len};
  if (run(&child, read_any, &src)) h->check.broken++;
  return status;
}

static int run(harness *h, bs_fuzz_reader reader, const bs_source *src) {
  bs_fuzz_check_init(&h->check, 1);
  h->inner = bs_fuzz_check_sink(&h->check);
  bs_unit_sink sink = {on_unit, on_diagnostic, on_member, on_unexamined, h};
  bs_status status = reader(src, &sink);
  /* Text members read back may be binary (BS_EFORMAT) like any file. */
  BS_FUZZ_EXPECT(&h->check, status == BS_OK || status == BS_ELIMIT || status == BS_EFORMAT);
  return h->check.broken != 0;
}

int bs_fuzz_run_reader(bs_fuzz_reader reader, const char *name, const uint8_t *data, size_t size) {
  unsigned members = 0;
  harness h = {.members = &members};
  bs_source src = {.name = name, .data = (const char *)data, .len = size};
  return run(&h, reader, &src);
}
