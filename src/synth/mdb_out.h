/* Microsoft Access databases as Access 2000-2003 saves them (Jet 4 .mdb, the format
 * mdbtools' HACKING.md and Jackcess describe): the header page with its RC4-masked
 * block, the global usage map, the catalog (MSysObjects) and per table its definition,
 * usage maps, data pages and long-value pages. Text is UCS-2 with Access's unicode
 * compression; memos stay in the row, go to a long-value page or are chained over
 * several. Rows are streamed onto pages in a temporary file, so memory stays flat
 * however many rows a table has. */
#ifndef BS_MDB_OUT_H
#define BS_MDB_OUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "synth/people.h"

#define BS_MDB_MAX_TABLES      16 /* user tables: the catalog stays one page */
#define BS_MDB_MAX_COLUMNS     64 /* of a table */
#define BS_MDB_MAX_LONG_VALUES 16 /* memo columns of a table: their usage maps, one page */
#define BS_MDB_MAX_NAME        64 /* characters of a table or column name */

/* Column types: Jet's type codes (HACKING.md "Column Types"). */
typedef enum bs_mdb_type {
  BS_MDB_BOOL = 0x01,     /* Yes/No: its value is its bit of the null mask */
  BS_MDB_BYTE = 0x02,     /* 8 bits */
  BS_MDB_INT = 0x03,      /* 16 bits */
  BS_MDB_LONG = 0x04,     /* 32 bits */
  BS_MDB_CURRENCY = 0x05, /* 64 bits, in ten-thousandths */
  BS_MDB_DOUBLE = 0x07,   /* IEEE 754 */
  BS_MDB_DATETIME = 0x08, /* an OLE date (bs_mdb_ole_date) */
  BS_MDB_TEXT = 0x0A,     /* up to `size` characters */
  BS_MDB_OLE = 0x0B,      /* OLE object: a long value; never written (the catalog has one) */
  BS_MDB_MEMO = 0x0C      /* long text */
} bs_mdb_type;

typedef struct bs_mdb_column {
  const char *name; /* as Access shows it, at most BS_MDB_MAX_NAME characters */
  bs_mdb_type type; /* what it holds */
  unsigned size;    /* text: characters, 1 to 255; else unused */
} bs_mdb_column;

typedef struct bs_mdb bs_mdb;

/* A database written into `file` (the caller's) at bs_mdb_finish; `created`, an OLE
 * date, is its creation date and its objects'. OUT: *out. */
bs_status bs_mdb_create(bs_mdb **out, FILE *file, double created);
/* Starts a table of these columns (ending the one before); the columns are copied. */
bs_status bs_mdb_table(bs_mdb *db, const char *name, const bs_mdb_column *columns, size_t count);
/* Values of the current row by column number (0-based); a column left unset is null
 * (a Yes/No one, No). Text and memo columns take UTF-8; Yes/No, byte, integer and
 * long ones integers; date/time and double ones doubles. */
void bs_mdb_text(bs_mdb *db, size_t column, const char *text);
void bs_mdb_integer(bs_mdb *db, size_t column, long value);
void bs_mdb_money(bs_mdb *db, size_t column, int64_t cents);
void bs_mdb_double(bs_mdb *db, size_t column, double value);
/* Ends the row: it goes onto the table's current data page. */
void bs_mdb_end_row(bs_mdb *db);
/* Ends the last table, writes the file and frees the writer: the first error of all the
 * calls. */
bs_status bs_mdb_finish(bs_mdb *db);

/* An OLE automation date: days since 1899-12-30, the time of day (seconds) as the
 * fraction. */
double bs_mdb_ole_date(bs_date date, int seconds);

#endif
