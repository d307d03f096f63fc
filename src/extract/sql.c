/* SQL dumps (see sql.h). The decoded text is cut into statements (a ';' outside
 * strings, quoted names, comments and dollar quotes). Three kinds are read for data:
 *
 *   INSERT [IGNORE] INTO t [(a, b)] VALUES (1, 'x'), (2, 'y');   also REPLACE, and
 *                                         SQL Server's INSERT [dbo].[t] ([a]) VALUES
 *   COPY t (a, b) FROM stdin;            then tab-separated lines up to "\."
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
 * All other text, CREATE TABLE included, goes out as text lines, and so does the rest
 * of an INSERT the reader cannot follow (reported): nothing is skipped. */
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

/* Past the statement starting at i: after its ';', or the end. */
static size_t statement_end(const sql_reader *r, size_t i) {
  while (i < r->n) {
    char c = r->t[i];
    size_t next = skip_space(r, i);
    if (next != i) {
      i = next;
    } else if (c == ';') {
      return i + 1;
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

/* A string literal whose opening quote is at i. Returns the position after it. */
static size_t read_string(sql_reader *r, size_t i, int backslash, size_t index) {
  size_t end = skip_quoted(r, i, '\'', backslash);
  bs_buf_reset(&r->value);
  size_t close = end > i + 1 && end <= r->n && r->t[end - 1] == '\'' ? end - 1 : end;
  for (size_t k = i + 1; k < close && r->status == BS_OK;) {
    if (backslash && r->t[k] == '\\' && k + 1 < close) {
      k = unescape_one(r, k, close, &r->value);
    } else if (r->t[k] == '\'' && k + 1 < close && r->t[k + 1] == '\'') {
      r->status = bs_buf_append_char(&r->value, '\'');
      k += 2;
    } else {
      size_t to = k + 1;
      while (to < close && r->t[to] != '\'' && !(backslash && r->t[to] == '\\')) to++;
      r->status = bs_buf_append(&r->value, r->t + k, to - k);
      k = to;
    }
  }
  if (r->status == BS_ELIMIT) { /* too long to copy: sent as written */
    r->status = BS_OK;
    diagnose(r, i, "value longer than the limit; read as written");
    send_value(r, r->t + i, end - i, index);
  } else {
    send_value(r, r->value.data, r->value.len, index);
  }
  return end;
}

/* One value of a VALUES row at i (after white space). Returns the position after it:
 * at the ',' or ')' that ends it. */
static size_t read_value(sql_reader *r, size_t i, size_t index) {
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
      k = skip_space(r, read_value(r, k, index));
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

static sql_dialect guess_dialect(const char *t, size_t n) {
  size_t head = n < ((size_t)64 << 10) ? n : (size_t)64 << 10;
  if (memmem(t, head, "PostgreSQL database dump", 24)) return SQL_POSTGRES;
  if (memmem(t, head, "MySQL dump", 10) || memmem(t, head, "MariaDB dump", 12) ||
      memchr(t, '`', head))
    return SQL_MYSQL;
  return SQL_STANDARD;
}

/* Statements in order. Text runs from text_from up to the next statement read for
 * data, and again from where that statement's data ends. */
static void read_statements(sql_reader *r) {
  size_t text_from = 0, i = 0;
  while (i < r->n && r->status == BS_OK) {
    size_t start = skip_space(r, i);
    if (start >= r->n) break;
    size_t end = statement_end(r, start);
    int insert = keyword(r, start, "INSERT") || keyword(r, start, "REPLACE");
    if (!insert && !keyword(r, start, "COPY")) {
      if (keyword(r, start, "CREATE")) read_create(r, start, end);
      i = end;
      continue;
    }
    send_text(r, text_from, start);
    size_t resume = insert ? read_insert(r, start, end) : read_copy(r, start, end);
    if (insert && resume == start)
      diagnose(r, start, "INSERT statement not understood; read as text");
    text_from = resume;
    /* COPY data runs past the statement; an INSERT stops at its end. */
    i = resume > end ? resume : end;
  }
  send_text(r, text_from, r->n);
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
