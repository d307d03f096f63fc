/* Enrollment codes (see enroll.h).
 *
 * The check symbol is Luhn's algorithm over base 32 ("Luhn mod N"): from the right,
 * every second value is doubled and its two base-32 digits added, the sum is taken
 * mod 32, and the check value brings it to 0. Doubling is a permutation of 0..31 under
 * that digit sum, so changing any one symbol changes the sum: every single-symbol
 * error is caught. Swapping neighbours a and b changes the sum unless
 * doubled(a) + b == a + doubled(b), which holds only for the pair 0 and 31 ("0" and
 * "Z"), as Luhn mod 10 misses only 09/90. Worked example: data "12", from the right 2
 * is doubled (4) and 1 is not: sum 5, check (32 - 5)
 * mod 32 = 27 ('V'). */
#include "letters/enroll.h"

#include <sodium.h>
#include <string.h>

#include "detect/element.h"
#include "letters/recipient.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

uint32_t bs_enroll_warranting_elements(void) {
  return 1u << BS_EL_SSN | 1u << BS_EL_ITIN | 1u << BS_EL_DRIVERS_LICENSE | 1u << BS_EL_PASSPORT |
         1u << BS_EL_ACCOUNT | 1u << BS_EL_CARD;
}

static int doubled(int value) {
  int d = value * 2;
  return d / 32 + d % 32;
}

int bs_enroll_check_value(const int *values, size_t count) {
  int sum = 0;
  /* The check symbol will stand rightmost, undoubled: the rightmost data symbol is
   * doubled. */
  for (size_t i = 0; i < count; i++) {
    int v = values[count - 1 - i];
    sum += i % 2 == 0 ? doubled(v) : v;
  }
  return (32 - sum % 32) % 32;
}

void bs_enroll_draw(char out[BS_ENROLL_CODE_SIZE]) {
  /* 55 random bits from one draw (each 5-bit slice of uniform bits is uniform on 0..31). */
  uint64_t bits;
  randombytes_buf(&bits, sizeof bits);
  int values[BS_ENROLL_SYMBOLS];
  for (int i = 0; i < BS_ENROLL_RANDOM_SYMBOLS; i++) values[i] = (int)(bits >> (5 * i) & 31);
  values[BS_ENROLL_RANDOM_SYMBOLS] = bs_enroll_check_value(values, BS_ENROLL_RANDOM_SYMBOLS);
  size_t n = 0;
  for (int i = 0; i < BS_ENROLL_SYMBOLS; i++) {
    if (i && i % 4 == 0) out[n++] = '-';
    out[n++] = alphabet[values[i]];
  }
  out[n] = '\0';
}

static int symbol_value(char c) {
  if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  const char *at = c ? strchr(alphabet, c) : NULL;
  return at ? (int)(at - alphabet) : -1;
}

int bs_enroll_valid(const char *text) {
  int values[BS_ENROLL_SYMBOLS];
  size_t n = 0;
  for (const char *c = text; *c; c++) {
    if (*c == '-' || *c == ' ') continue;
    int v = symbol_value(*c);
    if (v < 0 || n == BS_ENROLL_SYMBOLS) return 0;
    values[n++] = v;
  }
  return n == BS_ENROLL_SYMBOLS && bs_enroll_check_value(values, BS_ENROLL_RANDOM_SYMBOLS) ==
                                       values[BS_ENROLL_RANDOM_SYMBOLS];
}

bs_status bs_enroll_prepare(sqlite3 *db) {
  return sqlite3_exec(db,
                      "CREATE TABLE IF NOT EXISTS enrollment(person_id TEXT PRIMARY KEY,"
                      " code TEXT NOT NULL UNIQUE, issued_at TEXT NOT NULL)",
                      NULL, NULL, NULL) == SQLITE_OK
             ? BS_OK
             : BS_ESTORE;
}

/* elements is the persons table's `;`-joined type names. */
static int warrants(const char *elements) {
  return (bs_recipient_elements(elements) & bs_enroll_warranting_elements()) != 0;
}

bs_status bs_enroll_assign(size_t *issued, sqlite3 *db, const char *issued_at,
                           const char *person_id) {
  *issued = 0;
  if (sodium_init() < 0) return BS_EINVAL;
  sqlite3_stmt *find = NULL, *insert = NULL;
  bs_status status = BS_OK;
  if (sqlite3_prepare_v2(db,
                         "SELECT p.person_id, p.elements FROM persons p LEFT JOIN enrollment e"
                         " USING(person_id) WHERE e.person_id IS NULL"
                         " AND (?1 IS NULL OR p.person_id = ?1) ORDER BY p.id",
                         -1, &find, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO enrollment(person_id, code, issued_at) VALUES(?,?,?)", -1,
                         &insert, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status == BS_OK && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status == BS_OK && person_id) sqlite3_bind_text(find, 1, person_id, -1, SQLITE_STATIC);
  int rc = SQLITE_DONE;
  while (status == BS_OK && (rc = sqlite3_step(find)) == SQLITE_ROW) {
    if (!warrants((const char *)sqlite3_column_text(find, 1))) continue;
    /* A collision of 55-bit codes is rare but possible: UNIQUE refuses it, draw again. */
    for (int attempt = 0;; attempt++) {
      char code[BS_ENROLL_CODE_SIZE];
      bs_enroll_draw(code);
      sqlite3_bind_text(insert, 1, (const char *)sqlite3_column_text(find, 0), -1,
                        SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 3, issued_at, -1, SQLITE_STATIC);
      int step = sqlite3_step(insert);
      sqlite3_reset(insert);
      if (step == SQLITE_DONE) {
        ++*issued;
        break;
      }
      if (step != SQLITE_CONSTRAINT || attempt == 8) {
        status = BS_ESTORE;
        break;
      }
    }
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(find);
  sqlite3_finalize(insert);
  if (status == BS_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status != BS_OK) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return status;
}

bs_status bs_enroll_export(FILE *out, sqlite3 *db, size_t *rows) {
  *rows = 0;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT e.code, e.issued_at, CASE p.minor WHEN 1 THEN 'minor' ELSE"
                         " 'adult' END FROM enrollment e JOIN persons p USING(person_id)"
                         " ORDER BY e.code",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  fputs("code,issued_at,product\n", out);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    fprintf(out, "%s,%s,%s\n", (const char *)sqlite3_column_text(stmt, 0),
            (const char *)sqlite3_column_text(stmt, 1), (const char *)sqlite3_column_text(stmt, 2));
    ++*rows;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return BS_ESTORE;
  return ferror(out) ? BS_EIO : BS_OK;
}
