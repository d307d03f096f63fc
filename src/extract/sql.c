/* SQL dumps (see sql.h). The decoded text is cut into statements (a ';' outside
 * strings, quoted names, comments and dollar quotes). These are read for data:
 *
 *   INSERT [IGNORE] INTO t [(a, b)] VALUES (1, 'x'), (2, 'y');   also REPLACE, and
 *                                         SQL Server's INSERT [dbo].[t] ([a]) VALUES
 *   COPY t (a, b) FROM stdin;            then tab-separated lines up to "\."
 *   UPDATE t SET a = 'x', b = 2 WHERE ...; the values set, a row hinted by their
 *                                         columns; the rest as text
 *   CREATE TABLE t (a int, b text, ...); remembered: dumps write INSERTs without
 *                                         column lists by default (mysqldump,
 *                                         pg_dump --inserts, sqlite3 .dump)
 *
 * Each value of a row is a unit: row the running row number in the file, column its
 * index, hint "t.a" (the column list's name, else CREATE TABLE's, else "t.3"). A
 * string literal is unescaped per dialect: '' everywhere; backslash escapes in MySQL
 * dumps and PostgreSQL E'' strings. NULL and DEFAULT are no units; any other
 * expression (a number, TO_DATE('03/14/1962', ...)) is sent as written.
 *
 * Schema and session statements (CREATE, ALTER, DROP, LOCK, SET, USE, COMMENT ON, ...,
 * and what MySQL's executable comments /\*!40101 ... *\/ hold) name tables, columns,
 * keys and constraints: those names are not text to scan (a key named `UNIQUE KEY` or
 * `Mary Smith` is no person), but their string literals (DEFAULT '...', COMMENT '...',
 * COMMENT ON ... IS '...') are, each a unit at its line and column. So are comments,
 * but for those dump tools write to name the object that follows (pg_dump's "-- Name:
 * x; Type: TABLE; Schema: public; Owner: o", mysqldump's "-- Table structure for table
 * `x`", SQL Server's "/\****** Object: Table [dbo].[x] ... ******\/").
 *
 * Statements end at ';', at a line of SQL Server's batch separator GO, and a schema
 * statement also where a line begins with INSERT (SQL Server scripts leave out the
 * ';'); a psql meta-command (\connect, \restrict) is its line. An INSERT without ';'
 * ends after its last row: what follows is read as statements again.
 *
 * All other statements go out as text lines, and so does the rest of an INSERT or an
 * UPDATE the reader cannot follow (reported): nothing else is skipped. */
#include "extract/sql.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/lines.h"
#include "extract/utf8.h"

#define MAX_NAME_BYTES 256 /* of a table or column name kept for hints */

typedef enum sql_dialect { SQL_STANDARD, SQL_MYSQL, SQL_POSTGRES } sql_dialect;

typedef struct table_columns {
  const char **hints; /* interned "table.column", one per column */
  size_t count;       /* columns */
} table_columns;

typedef struct sql_reader {
  const bs_unit_sink *sink;                    /* where units go */
  const char *t;                               /* the decoded text */
  size_t n;                                    /* its length */
  sql_dialect dialect;                         /* string escapes */
  size_t at;                                   /* position the line and column below belong to */
  uint64_t line;                               /* 1-based line of `at` */
  uint64_t column;                             /* 1-based column of `at`, in characters */
  uint64_t row;                                /* rows read so far */
  bs_strmap *hints;                            /* interned hints -> hint type + 1 */
  bs_strmap *tables;                           /* lower-case table name -> index in columns + 1 */
  table_columns *columns;                      /* column names of tables created */
  size_t table_count;                          /* entries of columns */
  const char *row_hints[BS_LIMIT_SQL_COLUMNS]; /* the current statement's columns */
  size_t row_hint_count;                       /* entries */
  char table[MAX_NAME_BYTES];                  /* the current statement's table */
  bs_buf value;                                /* an unescaped string */
  bs_buf repaired;                             /* a value with invalid UTF-8 replaced */
  bs_status status;                            /* first error */
} sql_reader;

/* ---- Positions ------------------------------------------------------------------- */

static void advance(sql_reader *r, size_t to) {
  for (; r->at < to && r->at < r->n; r->at++) {
    unsigned char c = (unsigned char)r->t[r->at];
    if (c == '\n') {
      r->line++;
      r->column = 1;
    } else if ((c & 0xC0) != 0x80) {
      r->column++;
    }
  }
}

static void diagnose(sql_reader *r, size_t at, const char *message) {
  advance(r, at);
  char place[48];
  snprintf(place, sizeof place, "line %llu", (unsigned long long)r->line);
  r->sink->diagnostic(place, message, r->sink->ctx);
}

/* Sends text[from..to) as lines. */
static void send_text(sql_reader *r, size_t from, size_t to) {
  while (from < to && isspace((unsigned char)r->t[from])) from++;
  if (r->status != BS_OK || to <= from) return;
  advance(r, from);
  r->status = bs_emit_lines(r->t + from, to - from, r->line, r->column, NULL, r->sink);
}

/* ---- Tokens ---------------------------------------------------------------------- */

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Past white space and comments ("-- ", "#" in MySQL, block comments). */
static size_t skip_space(const sql_reader *r, size_t i) {
  const char *t = r->t;
  while (i < r->n) {
    if (isspace((unsigned char)t[i])) {
      i++;
    } else if ((t[i] == '-' && i + 1 < r->n && t[i + 1] == '-') ||
               (t[i] == '#' && r->dialect == SQL_MYSQL)) {
      const char *nl = memchr(t + i, '\n', r->n - i);
      i = nl ? (size_t)(nl - t) + 1 : r->n;
    } else if (t[i] == '/' && i + 1 < r->n && t[i + 1] == '*') {
      const char *close = memmem(t + i + 2, r->n - i - 2, "*/", 2);
      i = close ? (size_t)(close - t) + 2 : r->n;
    } else {
      break;
    }
  }
  return i;
}

/* 1 if the keyword (upper case) stands at i as a whole word. */
static int keyword(const sql_reader *r, size_t i, const char *word) {
  size_t len = strlen(word);
  return i + len <= r->n && strncasecmp(r->t + i, word, len) == 0 &&
         (i + len == r->n || !is_word_char(r->t[i + len]));
}

/* Past a quoted run opened by t[i] (quote doubled inside: itself; backslash escapes
 * when `backslash`). Returns n when it does not close. */
static size_t skip_quoted(const sql_reader *r, size_t i, char close, int backslash) {
  for (i++; i < r->n; i++) {
    if (backslash && r->t[i] == '\\') {
      i++;
    } else if (r->t[i] == close) {
      if (i + 1 < r->n && r->t[i + 1] == close && close != ']') {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return r->n;
}

/* Past a PostgreSQL dollar-quoted string ($$...$$ or $tag$...$tag$) at i, or i. */
static size_t skip_dollar(const sql_reader *r, size_t i) {
  size_t j = i + 1;
  while (j < r->n && (isalnum((unsigned char)r->t[j]) || r->t[j] == '_')) j++;
  if (j >= r->n || r->t[j] != '$' || (j > i + 1 && isdigit((unsigned char)r->t[i + 1]))) return i;
  size_t tag = j + 1 - i;
  const char *close = memmem(r->t + j + 1, r->n - j - 1, r->t + i, tag);
  return close ? (size_t)(close - r->t) + tag : r->n;
}

static int mysql_strings(const sql_reader *r) { return r->dialect == SQL_MYSQL; }

/* 1 if only blanks stand between the start of i's line and i. */
static int line_start(const sql_reader *r, size_t i) {
  for (; i > 0 && r->t[i - 1] != '\n'; i--)
    if (r->t[i - 1] != ' ' && r->t[i - 1] != '\t') return 0;
  return 1;
}

/* SQL Server's batch separator (sqlcmd, SSMS scripts): GO alone on its line, maybe
 * with a count. Returns the start of the next line when the line at i is one, else 0. */
static size_t go_line(const sql_reader *r, size_t i) {
  if (!keyword(r, i, "GO") || !line_start(r, i)) return 0;
  size_t k = i + 2;
  while (k < r->n &&
         (r->t[k] == ' ' || r->t[k] == '\t' || r->t[k] == '\r' || isdigit((unsigned char)r->t[k])))
    k++;
  if (k < r->n && r->t[k] != '\n') return 0;
  return k < r->n ? k + 1 : r->n;
}

/* Past the statement starting at `start`: after its ';', before a GO line, or the end. */
static size_t statement_end(const sql_reader *r, size_t start) {
  size_t i = start;
  while (i < r->n) {
    char c = r->t[i];
    size_t next = skip_space(r, i);
    if (next != i) {
      i = next;
    } else if (c == ';') {
      return i + 1;
    } else if ((c == 'G' || c == 'g') && i > start && go_line(r, i)) {
      return i;
    } else if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(r, i, c, c != '`' && mysql_strings(r));
    } else if (c == '$') {
      size_t end = skip_dollar(r, i);
      i = end > i ? end : i + 1;
    } else {
      i++;
    }
  }
  return r->n;
}

/* A name at i: bare, or quoted with " ` or [ ]; parts joined by '.' are read and
 * the last kept, unquoted, in out. Returns the position after it, or i if none. */
static size_t read_name(const sql_reader *r, size_t i, char *out, size_t cap) {
  size_t start = i;
  out[0] = '\0';
  for (;;) {
    size_t from, to, end;
    char c = i < r->n ? r->t[i] : '\0';
    if (c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      end = skip_quoted(r, i, close, 0);
      from = i + 1;
      int closed = end > from && r->t[end - 1] == close;
      to = closed ? end - 1 : r->n;
    } else {
      end = i;
      while (end < r->n && is_word_char(r->t[end])) end++;
      if (end == i) return start == i ? start : i;
      from = i;
      to = end;
    }
    size_t len = to - from < cap - 1 ? to - from : cap - 1;
    memcpy(out, r->t + from, len);
    out[len] = '\0';
    /* A name cut in a character is no name. */
    if (!bs_utf8_valid(out, len)) len = 0;
    out[len] = '\0';
    for (size_t k = 0; k < len; k++)
      if ((unsigned char)out[k] < 0x20) out[k] = '_';
    i = end;
    size_t dot = skip_space(r, i);
    if (dot < r->n && r->t[dot] == '.') {
      i = skip_space(r, dot + 1);
      continue;
    }
    return i;
  }
}

/* ---- Hints ----------------------------------------------------------------------- */

static const char *intern(sql_reader *r, const char *text) {
  int64_t *slot;
  const char *stored;
  int added;
  bs_status status = bs_strmap_upsert(r->hints, text, strlen(text), &slot, &stored, &added);
  if (status != BS_OK) {
    r->status = status;
    return NULL;
  }
  if (added) *slot = (int64_t)bs_hint_type(stored) + 1;
  return stored;
}

static const char *column_hint(sql_reader *r, const char *column) {
  char hint[2 * MAX_NAME_BYTES + 2];
  snprintf(hint, sizeof hint, "%s%s%s", r->table, r->table[0] ? "." : "", column);
  return intern(r, hint);
}

static table_columns *find_table(sql_reader *r, const char *table) {
  char key[MAX_NAME_BYTES];
  size_t len = strlen(table);
  for (size_t i = 0; i < len; i++) key[i] = (char)tolower((unsigned char)table[i]);
  int64_t *slot = bs_strmap_find(r->tables, key, len);
  return slot && *slot > 0 && (size_t)*slot <= r->table_count ? &r->columns[*slot - 1] : NULL;
}

/* The hint of column `index` (0-based) of the current statement. */
static const char *hint_of(sql_reader *r, size_t index) {
  if (index < r->row_hint_count && r->row_hints[index]) return r->row_hints[index];
  char number[24];
  snprintf(number, sizeof number, "%zu", index + 1);
  return column_hint(r, number);
}

/* ---- Values ---------------------------------------------------------------------- */

static void send_value(sql_reader *r, const char *text, size_t len, size_t index) {
  if (r->status != BS_OK || len == 0) return;
  if (!bs_utf8_valid(text, len)) {
    r->status = bs_utf8_repair(&r->repaired, text, len);
    if (r->status != BS_OK) return;
    text = r->repaired.data;
    len = r->repaired.len;
  }
  const char *hint = hint_of(r, index);
  if (r->status != BS_OK) return;
  /* The type was worked out when the hint was interned (bs_hint_type is costly). */
  const int64_t *slot = bs_strmap_find(r->hints, hint, strlen(hint));
  bs_unit unit = {.text = text,
                  .len = len,
                  .row = r->row,
                  .record = r->row, /* an INSERTed row is one person's record */
                  .column = index + 1,
                  .hint = hint,
                  .hint_type = slot ? (bs_element)(*slot - 1) : bs_hint_type(hint)};
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* One escape after a backslash at t[i] (MySQL or PostgreSQL E'' / COPY rules).
 * Returns the position after it. */
static size_t unescape_one(sql_reader *r, size_t i, size_t end, bs_buf *out) {
  char c = r->t[i + 1], byte = c;
  size_t next = i + 2;
  switch (c) {
  case 'n': byte = '\n'; break;
  case 't': byte = '\t'; break;
  case 'r': byte = '\r'; break;
  case 'b': byte = '\b'; break;
  case 'f': byte = '\f'; break;
  case 'v': byte = '\v'; break;
  case 'Z': byte = 0x1A; break;
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7': {
    unsigned value = 0;
    size_t k = i + 1;
    for (; k < end && k < i + 4 && r->t[k] >= '0' && r->t[k] <= '7'; k++)
      value = value * 8 + (unsigned)(r->t[k] - '0');
    byte = (char)(value & 0xFF);
    next = k;
    break;
  }
  case 'x':
    if (r->dialect != SQL_MYSQL && i + 2 < end && hex_digit(r->t[i + 2]) >= 0) {
      unsigned value = 0;
      size_t k = i + 2;
      for (; k < end && k < i + 4 && hex_digit(r->t[k]) >= 0; k++)
        value = value * 16 + (unsigned)hex_digit(r->t[k]);
      byte = (char)value;
      next = k;
    }
    break;
  default: break;
  }
  if (byte == '\0') byte = ' ';
  if (r->status == BS_OK) r->status = bs_buf_append_char(out, byte);
  return next;
}

/* A string literal whose opening `quote` is at i, unescaped into r->value (BS_ELIMIT
 * when too long). Returns the position after it, at most `limit`. */
static size_t unescape_string(sql_reader *r, size_t i, int backslash, char quote, size_t limit) {
  size_t end = skip_quoted(r, i, quote, backslash);
  if (end > limit) end = limit;
  bs_buf_reset(&r->value);
  size_t close = end > i + 1 && r->t[end - 1] == quote ? end - 1 : end;
  for (size_t k = i + 1; k < close && r->status == BS_OK;) {
    if (backslash && r->t[k] == '\\' && k + 1 < close) {
      k = unescape_one(r, k, close, &r->value);
    } else if (r->t[k] == quote && k + 1 < close && r->t[k + 1] == quote) {
      r->status = bs_buf_append_char(&r->value, quote);
      k += 2;
    } else {
      size_t to = k + 1;
      while (to < close && r->t[to] != quote && !(backslash && r->t[to] == '\\')) to++;
      r->status = bs_buf_append(&r->value, r->t + k, to - k);
      k = to;
    }
  }
  return end;
}

/* A string literal whose opening quote is at i. Returns the position after it. */
static size_t read_string(sql_reader *r, size_t i, int backslash, size_t index) {
  size_t end = unescape_string(r, i, backslash, '\'', r->n);
  if (r->status == BS_ELIMIT) { /* too long to copy: sent as written */
    r->status = BS_OK;
    diagnose(r, i, "value longer than the limit; read as written");
    send_value(r, r->t + i, end - i, index);
  } else {
    send_value(r, r->value.data, r->value.len, index);
  }
  return end;
}

/* Clauses that end the SET list of an UPDATE. */
static int clause_at(const sql_reader *r, size_t k) {
  static const char *const words[] = {"WHERE", "FROM", "RETURNING", "ORDER", "LIMIT", "OUTPUT"};
  if (k > 0 && is_word_char(r->t[k - 1])) return 0;
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
    if (keyword(r, k, words[w])) return 1;
  return 0;
}

/* One value of a VALUES row at i (after white space), or with `in_set`, of an
 * UPDATE's SET list. Returns the position after it: at the ',' or ')' that ends it
 * (in a SET list, also the ';' or the clause). */
static size_t read_value(sql_reader *r, size_t i, size_t index, int in_set) {
  /* A string, maybe with a prefix: N'' (SQL Server), E'' (PostgreSQL escapes),
   * _utf8mb4'' (MySQL character set). */
  size_t q = i;
  if (q < r->n && (r->t[q] == 'N' || r->t[q] == 'n' || r->t[q] == 'E' || r->t[q] == 'e'))
    q++;
  else if (q < r->n && r->t[q] == '_')
    while (q < r->n && is_word_char(r->t[q])) q++;
  if (q < r->n && r->t[q] == '\'') {
    int backslash = mysql_strings(r) || (q > i && (r->t[i] == 'E' || r->t[i] == 'e'));
    size_t end = read_string(r, q, backslash, index);
    size_t after = skip_space(r, end);
    if (after >= r->n || r->t[after] == ',' || r->t[after] == ')') return after;
    if (in_set && (r->t[after] == ';' || clause_at(r, after))) return after;
    /* An expression that starts with a string ('a' || 'b'): read as written below. */
  }
  /* Anything else, up to the ',' or ')' at this level, as written. */
  size_t k = i;
  int depth = 0;
  while (k < r->n) {
    char c = r->t[k];
    if (c == '\'' || c == '"' || c == '`') {
      k = skip_quoted(r, k, c, mysql_strings(r));
      continue;
    }
    if (c == '(') depth++;
    if ((c == ',' || c == ')') && depth == 0) break;
    if (c == ')') depth--;
    if (c == ';' && depth == 0) break;
    if (in_set && depth == 0 && clause_at(r, k)) break;
    k++;
  }
  if (q < r->n && r->t[q] == '\'' && k > i) return k; /* the string was sent */
  size_t to = k;
  while (to > i && isspace((unsigned char)r->t[to - 1])) to--;
  int null = to - i == 4 && strncasecmp(r->t + i, "NULL", 4) == 0;
  int fallback = to - i == 7 && strncasecmp(r->t + i, "DEFAULT", 7) == 0;
  if (!null && !fallback) send_value(r, r->t + i, to - i, index);
  return k;
}

/* ---- Statements ------------------------------------------------------------------ */

/* "(a, b, c)" at i: names into row_hints. Returns the position after ')', or i. */
static size_t read_column_list(sql_reader *r, size_t i) {
  size_t k = skip_space(r, i + 1);
  r->row_hint_count = 0;
  for (;;) {
    char name[MAX_NAME_BYTES];
    size_t end = read_name(r, k, name, sizeof name);
    if (end == k) return i;
    if (r->row_hint_count < BS_LIMIT_SQL_COLUMNS)
      r->row_hints[r->row_hint_count++] = name[0] ? column_hint(r, name) : NULL;
    k = skip_space(r, end);
    if (k < r->n && r->t[k] == ',') {
      k = skip_space(r, k + 1);
      continue;
    }
    return k < r->n && r->t[k] == ')' ? k + 1 : i;
  }
}

/* The column hints of a table created earlier, for a statement without a list. */
static void use_created_columns(sql_reader *r) {
  table_columns *created = find_table(r, r->table);
  r->row_hint_count = 0;
  if (!created) return;
  for (size_t c = 0; c < created->count && c < BS_LIMIT_SQL_COLUMNS; c++)
    r->row_hints[r->row_hint_count++] = created->hints[c];
}

/* INSERT at i, up to its end. Returns where the text after the last value read
 * begins (its end when all was read). */
static size_t read_insert(sql_reader *r, size_t i, size_t end) {
  size_t k = skip_space(r, i + 6 + (keyword(r, i, "REPLACE") ? 1 : 0));
  static const char *const modifiers[] = {"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE",
                                          "OR",           "REPLACE", "ROLLBACK",      "ABORT",
                                          "FAIL",         "INTO"};
  for (int again = 1; again;) {
    again = 0;
    for (size_t m = 0; m < sizeof modifiers / sizeof modifiers[0]; m++)
      if (keyword(r, k, modifiers[m])) {
        k = skip_space(r, k + strlen(modifiers[m]));
        again = 1;
      }
  }
  size_t after = read_name(r, k, r->table, sizeof r->table);
  if (after == k) return i;
  k = skip_space(r, after);
  if (k < r->n && r->t[k] == '(') {
    size_t list_end = read_column_list(r, k);
    if (list_end == k) return i;
    k = skip_space(r, list_end);
  } else {
    use_created_columns(r);
  }
  if (keyword(r, k, "VALUES"))
    k = skip_space(r, k + 6);
  else if (keyword(r, k, "VALUE"))
    k = skip_space(r, k + 5);
  else
    return i; /* INSERT ... SELECT, DEFAULT VALUES: as text */
  while (k < end && r->status == BS_OK) {
    if (r->t[k] != '(') return k;
    r->row++;
    k = skip_space(r, k + 1);
    for (size_t index = 0; r->status == BS_OK; index++) {
      if (k < r->n && r->t[k] == ')') break;
      k = skip_space(r, read_value(r, k, index, 0));
      if (k < r->n && r->t[k] == ',') {
        k = skip_space(r, k + 1);
        continue;
      }
      if (k >= r->n || r->t[k] != ')') {
        diagnose(r, k, "row of an INSERT not understood; the rest read as text");
        return k;
      }
    }
    k = skip_space(r, k + 1);
    if (k < r->n && r->t[k] == ',') {
      k = skip_space(r, k + 1);
      continue;
    }
    if (k < r->n && r->t[k] == ';') return k + 1;
    return k; /* ON DUPLICATE KEY UPDATE ..., RETURNING ...: as text */
  }
  return k;
}

/* UPDATE at i, up to its end: the values of its SET list as a row. Returns where the
 * text after the last value read begins (WHERE ...), or i when nothing was read. */
static size_t read_update(sql_reader *r, size_t i, size_t end) {
  size_t k = skip_space(r, i + 6);
  static const char *const modifiers[] = {"LOW_PRIORITY", "IGNORE", "ONLY"};
  for (size_t m = 0; m < sizeof modifiers / sizeof modifiers[0]; m++)
    if (keyword(r, k, modifiers[m])) k = skip_space(r, k + strlen(modifiers[m]));
  size_t after = read_name(r, k, r->table, sizeof r->table);
  if (after == k) return i;
  k = skip_space(r, after);
  if (keyword(r, k, "AS")) k = skip_space(r, k + 2);
  if (!keyword(r, k, "SET")) { /* an alias first */
    char alias[MAX_NAME_BYTES];
    k = skip_space(r, read_name(r, k, alias, sizeof alias));
  }
  if (!keyword(r, k, "SET")) return i; /* UPDATE a JOIN b ..., UPDATE a, b: as text */
  k = skip_space(r, k + 3);
  r->row_hint_count = 0;
  for (size_t index = 0; k < end && r->status == BS_OK; index++) {
    char name[MAX_NAME_BYTES];
    size_t name_end = read_name(r, k, name, sizeof name);
    size_t equals = skip_space(r, name_end);
    if (name_end == k || equals >= r->n || r->t[equals] != '=') return index ? k : i;
    if (index == 0) r->row++;
    if (index < BS_LIMIT_SQL_COLUMNS) {
      r->row_hints[index] = name[0] ? column_hint(r, name) : NULL;
      r->row_hint_count = index + 1;
    }
    k = skip_space(r, read_value(r, skip_space(r, equals + 1), index, 1));
    if (k >= r->n || r->t[k] != ',') break;
    k = skip_space(r, k + 1);
  }
  if (k < r->n && r->t[k] == ';') return k + 1;
  return k;
}

/* One line of a COPY block, [from, to). */
static void read_copy_line(sql_reader *r, size_t from, size_t to) {
  r->row++;
  size_t index = 0;
  for (size_t k = from; k <= to && r->status == BS_OK; index++) {
    const char *tab = memchr(r->t + k, '\t', to - k);
    size_t field_end = tab ? (size_t)(tab - r->t) : to;
    if (!(field_end - k == 2 && r->t[k] == '\\' && r->t[k + 1] == 'N')) {
      bs_buf_reset(&r->value);
      for (size_t c = k; c < field_end && r->status == BS_OK;) {
        if (r->t[c] == '\\' && c + 1 < field_end) {
          c = unescape_one(r, c, field_end, &r->value);
        } else {
          r->status = bs_buf_append_char(&r->value, r->t[c]);
          c++;
        }
      }
      if (r->status == BS_ELIMIT) {
        r->status = BS_OK;
        send_value(r, r->t + k, field_end - k, index);
      } else {
        send_value(r, r->value.data, r->value.len, index);
      }
    }
    if (!tab) break;
    k = field_end + 1;
  }
}

/* COPY t (a, b) FROM stdin; at i, ending at `end`. Returns the position after its
 * data, or i when it has none to read (COPY to or from a file: a text statement). */
static size_t read_copy(sql_reader *r, size_t i, size_t end) {
  size_t k = skip_space(r, i + 4);
  size_t after = read_name(r, k, r->table, sizeof r->table);
  if (after == k) return i;
  k = skip_space(r, after);
  if (k < r->n && r->t[k] == '(') {
    size_t list_end = read_column_list(r, k);
    if (list_end == k) return i;
    k = skip_space(r, list_end);
  } else {
    use_created_columns(r);
  }
  if (!keyword(r, k, "FROM")) return i;
  k = skip_space(r, k + 4);
  if (!keyword(r, k, "stdin")) return i;
  /* The data starts on the line after the statement. */
  const char *nl = memchr(r->t + end, '\n', r->n - end);
  size_t line = nl ? (size_t)(nl - r->t) + 1 : r->n;
  while (line < r->n && r->status == BS_OK) {
    const char *eol = memchr(r->t + line, '\n', r->n - line);
    size_t line_end = eol ? (size_t)(eol - r->t) : r->n;
    size_t content_end = line_end > line && r->t[line_end - 1] == '\r' ? line_end - 1 : line_end;
    if (content_end - line == 2 && r->t[line] == '\\' && r->t[line + 1] == '.')
      return eol ? line_end + 1 : r->n;
    if (content_end > line) read_copy_line(r, line, content_end);
    line = eol ? line_end + 1 : r->n;
  }
  if (r->status == BS_OK) diagnose(r, r->n, "COPY data without its end marker (a truncated file?)");
  return r->n;
}

static int is_constraint(const sql_reader *r, size_t k) {
  static const char *const words[] = {"PRIMARY", "KEY",     "UNIQUE", "CONSTRAINT",
                                      "INDEX",   "FOREIGN", "CHECK",  "FULLTEXT",
                                      "SPATIAL", "EXCLUDE", "LIKE",   "PERIOD"};
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
    if (keyword(r, k, words[w])) return 1;
  return 0;
}

/* CREATE [TEMPORARY] TABLE [IF NOT EXISTS] t (...) at i: its column names kept. */
static void read_create(sql_reader *r, size_t i, size_t end) {
  size_t k = skip_space(r, i + 6);
  static const char *const modifiers[] = {"TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL"};
  for (size_t m = 0; m < sizeof modifiers / sizeof modifiers[0]; m++)
    if (keyword(r, k, modifiers[m])) k = skip_space(r, k + strlen(modifiers[m]));
  if (!keyword(r, k, "TABLE")) return;
  k = skip_space(r, k + 5);
  if (keyword(r, k, "IF")) {
    k = skip_space(r, k + 2);
    if (keyword(r, k, "NOT")) k = skip_space(r, k + 3);
    if (keyword(r, k, "EXISTS")) k = skip_space(r, k + 6);
  }
  size_t after = read_name(r, k, r->table, sizeof r->table);
  if (after == k || !r->table[0]) return;
  k = skip_space(r, after);
  if (k >= end || r->t[k] != '(') return;
  const char *hints[BS_LIMIT_SQL_COLUMNS];
  size_t count = 0;
  k = skip_space(r, k + 1);
  while (k < end && r->status == BS_OK) {
    char name[MAX_NAME_BYTES];
    size_t name_end = is_constraint(r, k) ? k : read_name(r, k, name, sizeof name);
    if (name_end > k && count < BS_LIMIT_SQL_COLUMNS && name[0])
      hints[count++] = column_hint(r, name);
    /* On to the ',' at depth 1, or the closing ')'. */
    int depth = 0;
    size_t c = name_end;
    while (c < end) {
      char ch = r->t[c];
      if (ch == '\'' || ch == '"' || ch == '`') {
        c = skip_quoted(r, c, ch, mysql_strings(r));
        continue;
      }
      if (ch == '(') depth++;
      if (ch == ')' && depth-- == 0) break;
      if (ch == ',' && depth == 0) break;
      c++;
    }
    if (c >= end || r->t[c] == ')') break;
    k = skip_space(r, c + 1);
  }
  if (r->status != BS_OK || count == 0) return;
  char key[MAX_NAME_BYTES];
  size_t len = strlen(r->table);
  for (size_t c = 0; c < len; c++) key[c] = (char)tolower((unsigned char)r->table[c]);
  int64_t *slot;
  int added;
  r->status = bs_strmap_upsert(r->tables, key, len, &slot, NULL, &added);
  if (r->status != BS_OK) return;
  const char **copy = bs_reallocarray(NULL, count, sizeof *copy);
  if (!copy) {
    r->status = BS_ENOMEM;
    return;
  }
  memcpy(copy, hints, count * sizeof *copy);
  if (!added && *slot > 0) { /* created again: the new columns */
    table_columns *old = &r->columns[*slot - 1];
    bs_free(old->hints);
    old->hints = copy;
    old->count = count;
    return;
  }
  table_columns *grown = bs_reallocarray(r->columns, r->table_count + 1, sizeof *grown);
  if (!grown) {
    bs_free(copy);
    r->status = BS_ENOMEM;
    return;
  }
  r->columns = grown;
  r->columns[r->table_count] = (table_columns){copy, count};
  *slot = (int64_t)++r->table_count;
}

/* ---- Schema statements: their literals and comments, not their names -------------- */

/* A comment at i, within [i, to): returns where it ends, or i when none starts there. */
static size_t comment_at(const sql_reader *r, size_t i, size_t to) {
  const char *t = r->t;
  size_t end = i;
  if ((t[i] == '-' && i + 1 < to && t[i + 1] == '-') || (t[i] == '#' && r->dialect == SQL_MYSQL)) {
    const char *nl = memchr(t + i, '\n', to - i);
    end = nl ? (size_t)(nl - t) + 1 : to;
  } else if (t[i] == '/' && i + 1 < to && t[i + 1] == '*') {
    const char *close = i + 2 < to ? memmem(t + i + 2, to - i - 2, "*/", 2) : NULL;
    end = close ? (size_t)(close - t) + 2 : to;
  }
  return end;
}

/* Comments dump tools write to name the object that follows: `prefix` opens the
 * comment's text and `also` is in it. */
static const struct {
  const char *prefix, *also;
} name_comments[] = {
    {"Name: ", "; Type: "}, /* pg_dump (pg_backup_archiver.c, _printTocEntry) */
    {"Data for Name: ", "; Type: "},
    {"Table structure for table ", ""}, /* mysqldump */
    {"Dumping data for table ", ""},
    {"Temporary view structure for view ", ""},
    {"Temporary table structure for view ", ""},
    {"Final view structure for view ", ""},
    {"Dumping routines for database ", ""},
    {"Dumping events for database ", ""},
    {"Current Database: ", ""},
    {"Host: ", "Database: "},
    {"Object:", "Script Date:"}, /* SQL Server Management Studio's scripts */
};

/* 1 if the comment [i, end) is one of name_comments. */
static int names_object(const sql_reader *r, size_t i, size_t end) {
  size_t k = i + 2;
  while (k < end && (r->t[k] == '*' || r->t[k] == '-' || r->t[k] == ' ' || r->t[k] == '\t')) k++;
  for (size_t c = 0; c < sizeof name_comments / sizeof name_comments[0]; c++) {
    size_t len = strlen(name_comments[c].prefix);
    if (end - k < len || memcmp(r->t + k, name_comments[c].prefix, len) != 0) continue;
    size_t also = strlen(name_comments[c].also);
    if (!also || memmem(r->t + k + len, end - k - len, name_comments[c].also, also)) return 1;
  }
  return 0;
}

/* MySQL's executable comment (/\*!40101 ... *\/, MariaDB's /\*M!...) or an optimizer
 * hint (/\*+ ... *\/): SQL in a comment. Returns where its SQL starts, or i. */
static size_t directive_at(const sql_reader *r, size_t i, size_t end) {
  size_t k = i + 2;
  if (end - i < 4 || r->t[i] != '/' || r->t[i + 1] != '*') return i;
  if (r->t[k] == '+') return k + 1;
  if (r->t[k] == 'M' && r->t[k + 1] == '!') k++;
  if (r->t[k] != '!') return i;
  for (k++; k < end && isdigit((unsigned char)r->t[k]); k++) continue;
  return k;
}

/* A string literal of a schema statement, opened at i: a unit of text at its place.
 * Returns the position after it. */
static size_t send_literal(sql_reader *r, size_t i, int backslash, char quote, size_t to) {
  size_t end = unescape_string(r, i, backslash, quote, to);
  if (r->status == BS_ELIMIT) { /* too long to copy: sent as written */
    r->status = BS_OK;
    send_text(r, i, end);
    return end;
  }
  const char *text = r->value.data;
  size_t len = r->value.len;
  if (r->status != BS_OK || len == 0) return end;
  if (!bs_utf8_valid(text, len)) {
    r->status = bs_utf8_repair(&r->repaired, text, len);
    if (r->status != BS_OK) return end;
    text = r->repaired.data;
    len = r->repaired.len;
  }
  advance(r, i + 1);
  r->status = bs_emit_lines(text, len, r->line, r->column, NULL, r->sink);
  return end;
}

/* What may hold data in [from, to) of a statement whose names are not text: its string
 * literals (a unit each), dollar-quoted bodies and comments as text (a run of comments
 * together), the SQL of executable comments read the same way (`in_directive`: [from,
 * to) is one's, where a comment cannot start). */
static void send_literals(sql_reader *r, size_t from, size_t to, int in_directive) {
  const size_t none = (size_t)-1;
  size_t run = none; /* start of a run of comments */
  size_t i = from;
  while (i < to && r->status == BS_OK) {
    char c = r->t[i];
    size_t comment_end = comment_at(r, i, to);
    if (comment_end > i) {
      if (in_directive) { /* MySQL's comments do not nest */
        i = comment_end;
        continue;
      }
      size_t sql = directive_at(r, i, comment_end);
      int named = sql == i && names_object(r, i, comment_end);
      if ((sql > i || named) && run != none) {
        send_text(r, run, i);
        run = none;
      }
      if (sql > i)
        send_literals(r, sql, comment_end - (r->t[comment_end - 1] == '/' ? 2 : 0), 1);
      else if (!named && run == none)
        run = i;
      i = comment_end;
      continue;
    }
    if (isspace((unsigned char)c)) {
      i++;
      continue;
    }
    if (run != none) {
      send_text(r, run, i);
      run = none;
    }
    if (c == '\'' || (c == '"' && r->dialect == SQL_MYSQL)) {
      i = send_literal(r, i, mysql_strings(r), c, to);
    } else if (c == '"' || c == '`' || c == '[') { /* a quoted name */
      size_t end = skip_quoted(r, i, c == '[' ? ']' : c, 0);
      i = end < to ? end : to;
    } else if (c == '$' && skip_dollar(r, i) > i) {
      size_t end = skip_dollar(r, i);
      send_text(r, i, end < to ? end : to);
      i = end < to ? end : to;
    } else if (is_word_char(c)) {
      size_t w = i;
      while (w < to && is_word_char(r->t[w])) w++;
      /* E'...': PostgreSQL's string with backslash escapes; N'', _utf8mb4'' plain */
      if (w < to && r->t[w] == '\'' && w - i == 1 && (c == 'E' || c == 'e'))
        w = send_literal(r, w, 1, '\'', to);
      i = w;
    } else {
      i++;
    }
  }
  if (run != none) send_text(r, run, i < to ? i : to);
}

/* Where a schema statement ends that a data statement follows without a ';' (SQL
 * Server scripts): at a line that begins with INSERT outside parentheses. */
static size_t schema_end(const sql_reader *r, size_t start, size_t end) {
  int depth = 0;
  for (size_t i = start; i < end;) {
    char c = r->t[i];
    size_t next = skip_space(r, i);
    if (next != i) {
      if (depth == 0 && next < end && keyword(r, next, "INSERT") && line_start(r, next))
        return next;
      i = next;
    } else if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(r, i, c, c != '`' && mysql_strings(r));
    } else if (c == '$' && skip_dollar(r, i) > i) {
      i = skip_dollar(r, i);
    } else {
      depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
      i++;
    }
  }
  return end;
}

/* Statements by their first word. */
typedef enum statement_kind {
  ST_OTHER,  /* read as text */
  ST_INSERT, /* INSERT, REPLACE */
  ST_COPY,
  ST_UPDATE,
  ST_SCHEMA, /* names, literals and comments */
  ST_EMPTY   /* a lone ';', a GO line */
} statement_kind;

static statement_kind statement_at(const sql_reader *r, size_t i) {
  static const char *const schema_words[] = {"CREATE", "ALTER",   "DROP",      "TRUNCATE", "RENAME",
                                             "LOCK",   "UNLOCK",  "SET",       "USE",      "GRANT",
                                             "REVOKE", "COMMENT", "DELIMITER", "PRAGMA"};
  if (r->t[i] == ';' || go_line(r, i)) return ST_EMPTY;
  if (r->t[i] == '\\') return ST_SCHEMA; /* psql's \connect, \restrict */
  if (keyword(r, i, "INSERT") || keyword(r, i, "REPLACE")) return ST_INSERT;
  if (keyword(r, i, "COPY")) return ST_COPY;
  if (keyword(r, i, "UPDATE")) return ST_UPDATE;
  for (size_t w = 0; w < sizeof schema_words / sizeof schema_words[0]; w++)
    if (keyword(r, i, schema_words[w])) return ST_SCHEMA;
  return ST_OTHER;
}

static sql_dialect guess_dialect(const char *t, size_t n) {
  size_t head = n < ((size_t)64 << 10) ? n : (size_t)64 << 10;
  if (memmem(t, head, "PostgreSQL database dump", 24)) return SQL_POSTGRES;
  if (memmem(t, head, "MySQL dump", 10) || memmem(t, head, "MariaDB dump", 12) ||
      memchr(t, '`', head))
    return SQL_MYSQL;
  return SQL_STANDARD;
}

/* Statements in order, each with the comments before it. */
static void read_statements(sql_reader *r) {
  size_t i = 0;
  while (i < r->n && r->status == BS_OK) {
    size_t start = skip_space(r, i);
    send_literals(r, i, start, 0); /* comments */
    if (start >= r->n) break;
    size_t end = statement_end(r, start);
    statement_kind kind = statement_at(r, start);
    if (kind == ST_EMPTY) {
      size_t go = go_line(r, start);
      i = go ? go : start + 1;
      continue;
    }
    if (kind == ST_SCHEMA) {
      if (r->t[start] == '\\') { /* a psql meta-command: its line */
        const char *nl = memchr(r->t + start, '\n', r->n - start);
        end = nl ? (size_t)(nl - r->t) + 1 : r->n;
      }
      end = schema_end(r, start, end);
      if (keyword(r, start, "CREATE")) read_create(r, start, end);
      send_literals(r, start, end, 0);
      i = end;
      continue;
    }
    size_t resume = kind == ST_INSERT   ? read_insert(r, start, end)
                    : kind == ST_COPY   ? read_copy(r, start, end)
                    : kind == ST_UPDATE ? read_update(r, start, end)
                                        : start;
    if (resume == start) {
      if (kind == ST_INSERT) diagnose(r, start, "INSERT statement not understood; read as text");
      send_text(r, start, end);
      i = end;
    } else {
      /* What follows the values (ON DUPLICATE KEY ..., WHERE ..., a row not understood,
       * an INSERT without ';') is read as statements again; COPY data runs past the
       * statement. */
      i = resume;
    }
  }
}

bs_status bs_read_sql(bs_encoding *encoding, const bs_source *src, bs_buf *scratch,
                      const bs_unit_sink *sink) {
  const char *text;
  size_t len;
  bs_status status = bs_decode(&text, &len, encoding, src->data, src->len, scratch, sink);
  if (status != BS_OK) return status;
  sql_reader r = {.sink = sink, .t = text, .n = len, .line = 1, .column = 1, .status = BS_OK};
  r.dialect = guess_dialect(text, len);
  r.status = bs_strmap_create(&r.hints);
  if (r.status == BS_OK) r.status = bs_strmap_create(&r.tables);
  bs_buf_init(&r.value, BS_LIMIT_SQL_VALUE);
  bs_buf_init(&r.repaired, 2 * BS_LIMIT_SQL_VALUE + 64);
  if (r.status == BS_OK) read_statements(&r);
  for (size_t t = 0; t < r.table_count; t++) bs_free(r.columns[t].hints);
  bs_free(r.columns);
  bs_buf_free(&r.value);
  bs_buf_free(&r.repaired);
  bs_strmap_free(r.hints);
  bs_strmap_free(r.tables);
  return r.status;
}
