/* A unit: a piece of decoded text with its place in the file and, where the format
 * gives one, a field hint. Extractors produce units; detectors consume them. */
#ifndef BS_UNIT_H
#define BS_UNIT_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "detect/element.h"

typedef struct bs_unit {
  const char *text;     /* UTF-8, not necessarily NUL-terminated */
  size_t len;           /* bytes */
  uint64_t line;        /* line of text[0], 1-based; 0 when the format has no lines.
                           With column 0, the line of the record (NDJSON) */
  uint64_t column;      /* column of text[0] in characters, 1-based; for a table cell
                           (line 0), its column number */
  uint64_t row;         /* table row or record number, 1-based; 0 when none */
  uint64_t record;      /* the record of the file the unit belongs to (a table row, a
                           message, a patient loop: one person's data), numbered from 1
                           across the whole file; 0 when the format does not say */
  const char *hint;     /* column header or key path, NUL-terminated, NULL when none;
                           one pointer per distinct hint, valid for the whole file */
  bs_element hint_type; /* what the hint says the field holds, or BS_EL_NONE */
  const char *place;    /* where in the document beyond line and row ("Sheet1!C12",
                           "page 3", "body"), NUL-terminated; NULL when none */
} bs_unit;

/* A file inside the one being read (an archive entry, an attachment, a message of a
 * mailbox): scanned as a file of its own, located as outer!name. */
typedef struct bs_member {
  const char *name;         /* path inside the container, '/' between folders; never empty */
  const char *data;         /* its bytes, valid during the call; NULL when not read */
  size_t len;               /* bytes (when not read: its size, if known) */
  int64_t mtime;            /* modification time, epoch seconds; 0 when unknown */
  const char *not_examined; /* why it was not read ("encrypted", a limit), or NULL */
} bs_member;

/* Where readers send their output: units to scan; diagnostics about the input (place
 * is e.g. "row 12" or "byte 4410"; neither may quote the input); files found inside;
 * and parts that could not be examined, which counsel must assume exposed. */
typedef struct bs_unit_sink {
  bs_status (*unit)(const bs_unit *unit, void *ctx);
  void (*diagnostic)(const char *place, const char *message, void *ctx);
  /* NULL: members are not followed (only outside a scan, e.g. in fuzzing). */
  bs_status (*member)(const bs_member *member, void *ctx);
  /* why: a short fixed phrase ("encrypted", "image only"); place NULL: the whole file. */
  void (*unexamined)(const char *place, const char *why, void *ctx);
  void *ctx;
} bs_unit_sink;

#endif
