/* Reading one file's bytes, whatever its format: containers and documents by the
 * library made for each, everything else decoded to text and read as text, CSV or
 * JSON. Files inside containers go to sink->member, which may read them in turn. */
#ifndef BS_READ_H
#define BS_READ_H
#include <stddef.h>

#include "base/buf.h"
#include "extract/decode.h"
#include "extract/format.h"
#include "extract/unit.h"

typedef struct bs_source {
  const char *name; /* file name or member path: its extension helps recognise it */
  const char *data; /* the bytes */
  size_t len;       /* their count */
  /* A path that opens these same bytes (the walked file by its descriptor), for
   * libraries that only open paths; NULL for bytes in memory (members). */
  const char *open_path;
} bs_source;

typedef struct bs_read_info {
  bs_format format;     /* what the file was read as */
  bs_encoding encoding; /* of the text, for text formats */
  int text;             /* 1 when the file was read as text (encoding applies) */
} bs_read_info;

/* Reads src. scratch is for decoding; it must not be in use by an enclosing read.
 * BS_EFORMAT: a format with no reader (binary); BS_ELIMIT: a limit stopped the read
 * part way (reported to the sink); OUT: *info even then. */
bs_status bs_read(bs_read_info *info, const bs_source *src, bs_buf *scratch,
                  const bs_unit_sink *sink);

/* Sets up, once, the libraries of the readers that run in a child process (isolate.h):
 * called in the zygote, so that each child starts ready. */
void bs_read_prepare_isolated(void);

#endif
