/* SQL dumps (mysqldump, pg_dump, sqlite3 .dump, SQL Server scripts): the values of
 * INSERT statements and of PostgreSQL COPY blocks as table cells hinted "table.column";
 * everything else (CREATE TABLE, comments, settings) as plain text lines. */
#ifndef BS_SQL_H
#define BS_SQL_H

#include "base/buf.h"
#include "extract/decode.h"
#include "extract/read.h"

/* scratch: for decoding. OUT: *encoding, the text's. */
bs_status bs_read_sql(bs_encoding *encoding, const bs_source *src, bs_buf *scratch,
                      const bs_unit_sink *sink);

#endif
