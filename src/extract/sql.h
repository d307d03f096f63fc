/* SQL dumps (mysqldump, pg_dump, sqlite3 .dump, SQL Server scripts): the values of
 * INSERT and UPDATE statements and of PostgreSQL COPY blocks as table cells hinted
 * "table.column"; of schema statements (CREATE TABLE, settings), only string literals
 * and comments, as text, never the names; other statements as plain text lines. */
#ifndef BS_SQL_H
#define BS_SQL_H

#include "base/buf.h"
#include "extract/decode.h"
#include "extract/read.h"

/* scratch: for decoding. OUT: *encoding, the text's. */
bs_status bs_read_sql(bs_encoding *encoding, const bs_source *src, bs_buf *scratch,
                      const bs_unit_sink *sink);

#endif
