/* The call-center service's parts: normalization of callers' words, the request parser,
 * caller verification (nicknames, compound names, near misses answered like strangers),
 * the answer (element types, never values), sessions and their expiry, rate limits,
 * accounts with Argon2id, the directory read from a case, and the audit chain (written
 * by its thread, verified, then tampered with). The HTTP side is tested end to end
 * (tests/serve_api.py, tests/serve_browser.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "serve/accounts.h"
#include "serve/answer.h"
#include "serve/audit.h"
#include "serve/caller.h"
#include "serve/normalize.h"
#include "serve/ratelimit.h"
#include "serve/request.h"
#include "serve/sessions.h"
#include "store/store.h"
#include "test.h"

static void test_normalize(void) {
  char out[64], zip[6];
  bs_norm_name(out, sizeof out, "O'Brien-Smith Jr.");
  CHECKF(!strcmp(out, "OBRIENSMITH"), "%s", out);
  bs_norm_name(out, sizeof out, "  José  ");
  CHECKF(!strcmp(out, "JOSE"), "%s", out);
  bs_norm_name(out, sizeof out, "Müller III");
  CHECKF(!strcmp(out, "MULLER"), "%s", out);
  bs_norm_name(out, sizeof out, "Jr");
  CHECKF(!strcmp(out, "JR"), "a lone suffix is the name: %s", out);
  bs_norm_first_word(out, sizeof out, "mary-ann");
  CHECK(!strcmp(out, "MARY"));
  CHECK(bs_norm_dob("03/14/1962", 2026) == 19620314);
  CHECK(bs_norm_dob("1962-03-14", 2026) == 19620314);
  CHECK(bs_norm_dob(" March 14, 1962 ", 2026) == 19620314);
  CHECK(bs_norm_dob("02/30/1962", 2026) == 0);
  CHECK(bs_norm_dob("yesterday", 2026) == 0);
  CHECK(bs_norm_zip(zip, "62704") && !strcmp(zip, "62704"));
  CHECK(bs_norm_zip(zip, "02108-1234") && !strcmp(zip, "02108"));
  CHECK(bs_norm_zip(zip, "021081234") && !strcmp(zip, "02108"));
  CHECK(!bs_norm_zip(zip, "2108"));
  CHECK(!bs_norm_zip(zip, "62704-12"));
  CHECK(!bs_norm_zip(zip, "6270A"));
  CHECK(bs_norm_code(out, sizeof out, "ab12-cd34") && !strcmp(out, "AB12CD34"));
  CHECK(!bs_norm_code(out, sizeof out, "ab12/cd34"));
  CHECK(!bs_norm_code(out, sizeof out, "--"));
}

static bs_status parse(bs_request *r, const char *body, char *error) {
  return bs_request_parse(r, body, strlen(body), error, 160);
}

static void test_request(void) {
  bs_request r;
  char error[160];
  CHECK(parse(&r, "{\"first\":\"Mary\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\"}", error) ==
        BS_OK);
  CHECK(!strcmp(r.first, "Mary") && !strcmp(r.last, "O'Brien") && !strcmp(r.dob, "1962-03-14"));
  CHECK(bs_request_has(&r, BS_REQ_first) && !bs_request_has(&r, BS_REQ_zip));
  CHECK(parse(&r, "{\"first\":\"Jos\\u00e9\"}", error) == BS_OK && !strcmp(r.first, "José"));
  CHECK(parse(&r, "{}", error) == BS_OK && r.present == 0);
  /* Refusals name the problem, never the body. */
  CHECK(parse(&r, "{\"first\":\"SECRET\",\"first\":\"b\"}", error) == BS_EFORMAT);
  CHECKF(strstr(error, "given twice") && !strstr(error, "SECRET"), "%s", error);
  CHECK(parse(&r, "{\"ssn\":\"123-45-6789\"}", error) == BS_EFORMAT);
  CHECKF(!strcmp(error, "unknown member"), "%s", error);
  CHECK(parse(&r, "{\"first\":{\"a\":1}}", error) == BS_EFORMAT && strstr(error, "not a string"));
  CHECK(parse(&r, "{\"zip\":62704}", error) == BS_EFORMAT && strstr(error, "not a string"));
  CHECK(parse(&r, "[\"a\"]", error) == BS_EFORMAT && strstr(error, "not a JSON object"));
  CHECK(parse(&r, "\"a\"", error) == BS_EFORMAT);
  CHECK(parse(&r, "{\"first\":\"a\"} {}", error) == BS_EFORMAT);
  CHECK(parse(&r, "{\"first\":\"Mary\"", error) == BS_EFORMAT && strstr(error, "invalid JSON"));
  CHECK(parse(&r, "{\"first\":\"a\\u0000b\"}", error) == BS_EFORMAT &&
        strstr(error, "control character"));
  CHECK(parse(&r, "", error) == BS_EFORMAT);
  CHECK(parse(&r, "{\"first\":\"\xff\"}", error) == BS_EFORMAT);
  CHECK(parse(&r, "{\"first\":\"\xc1\xbe\"}", error) == BS_EFORMAT && strstr(error, "UTF-8"));
  char long_name[128];
  snprintf(long_name, sizeof long_name, "{\"first\":\"%070d\"}", 0);
  CHECK(parse(&r, long_name, error) == BS_EFORMAT && strstr(error, "too long"));
  char big[BS_REQUEST_MAX_BODY + 2];
  memset(big, ' ', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  CHECK(parse(&r, big, error) == BS_ELIMIT);
}

/* A directory of four persons, with the letters step's code and date for two. */
static bs_directory *sample_directory(void) {
  bs_directory *dir = NULL;
  if (bs_directory_create(&dir) != BS_OK) return NULL;
  int ok = bs_directory_add(dir, "P1", "ROBERT", "JAMES", "O'BRIEN", "1962-03-14", "62704",
                            "name;first_name;dob;ssn;icd10cm;npi", 0, 0, "AB12-CD34",
                            "2024-09-03") == BS_OK &&
           bs_directory_add(dir, "P2", "MARIA", "", "GARCIA LOPEZ", "1990-12-01", "02108",
                            "name;address;zip", 0, 0, NULL, NULL) == BS_OK &&
           bs_directory_add(dir, "P3", "JOHN", "", "SMITH", "2012-07-04", NULL, "name;dob", 1, 0,
                            "ZZ99-0001", "2024-09-04") == BS_OK &&
           bs_directory_add(dir, "P4", "ELIZABETH", "ANNE", "WARD", "1950-05-05", "30301",
                            "name;mbi", 0, 0, NULL, NULL) == BS_OK;
  if (!ok) {
    bs_directory_free(dir);
    return NULL;
  }
  return dir;
}

static size_t verify(const bs_directory *dir, const bs_nicknames *nick, const char *body,
                     bs_status *status) {
  bs_request r;
  char error[160];
  bs_caller_result result;
  if (bs_request_parse(&r, body, strlen(body), error, sizeof error) != BS_OK) return 99;
  *status = bs_caller_verify(&result, dir, nick, &r, error, sizeof error);
  return result.count ? result.matches[0] + 1 : 0; /* 1 + index of the first match */
}

static void test_caller(void) {
  bs_directory *dir = sample_directory();
  bs_nicknames nick;
  CHECK(dir != NULL);
  CHECK(bs_nicknames_load(&nick) == BS_OK);
  if (!dir) return;
  bs_status s;
  /* As on file; as callers say it: case, punctuation, nickname, ZIP+4, US dates. */
  CHECK(verify(dir, &nick,
               "{\"first\":\"Robert\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\","
               "\"zip\":\"62704\"}",
               &s) == 1 &&
        s == BS_OK);
  CHECK(verify(dir, &nick,
               "{\"first\":\"bob\",\"last\":\"obrien\",\"dob\":\"3/14/1962\","
               "\"zip\":\"62704-0001\"}",
               &s) == 1);
  CHECK(verify(dir, &nick,
               "{\"first\":\"James\",\"last\":\"O Brien\",\"dob\":\"03/14/1962\","
               "\"zip\":\"62704\"}",
               &s) == 1); /* goes by the middle name */
  CHECK(verify(dir, &nick,
               "{\"first\":\"Betty\",\"last\":\"Ward\",\"dob\":\"05/05/1950\","
               "\"zip\":\"30301\"}",
               &s) == 4);
  CHECK(verify(dir, &nick,
               "{\"first\":\"María\",\"last\":\"García\",\"dob\":\"1990-12-01\","
               "\"zip\":\"02108\"}",
               &s) == 2); /* one word of a compound name */
  CHECK(verify(dir, &nick,
               "{\"first\":\"Maria\",\"last\":\"Garcia-Lopez\",\"dob\":\"12/1/1990\","
               "\"zip\":\"02108\"}",
               &s) == 2);
  /* Near misses: one part wrong, nothing found. */
  CHECK(verify(dir, &nick,
               "{\"first\":\"Robert\",\"last\":\"O'Brien\",\"dob\":\"1962-03-15\","
               "\"zip\":\"62704\"}",
               &s) == 0 &&
        s == BS_OK);
  CHECK(verify(dir, &nick,
               "{\"first\":\"Robert\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\","
               "\"zip\":\"62705\"}",
               &s) == 0);
  CHECK(verify(dir, &nick,
               "{\"first\":\"Richard\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\","
               "\"zip\":\"62704\"}",
               &s) == 0);
  CHECK(verify(dir, &nick,
               "{\"first\":\"Robert\",\"last\":\"Bryan\",\"dob\":\"1962-03-14\","
               "\"zip\":\"62704\"}",
               &s) == 0);
  CHECK(verify(dir, &nick,
               "{\"first\":\"R\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\","
               "\"zip\":\"62704\"}",
               &s) == 0); /* an initial is not a name */
  /* No ZIP on file: not by name, by code only. */
  CHECK(verify(dir, &nick,
               "{\"first\":\"John\",\"last\":\"Smith\",\"dob\":\"2012-07-04\","
               "\"zip\":\"00000\"}",
               &s) == 0);
  CHECK(verify(dir, &nick, "{\"code\":\"zz99 0001\",\"dob\":\"07/04/2012\"}", &s) == 3);
  CHECK(verify(dir, &nick, "{\"code\":\"AB12CD34\",\"dob\":\"1962-03-14\"}", &s) == 1);
  CHECK(verify(dir, &nick, "{\"code\":\"AB12CD34\",\"dob\":\"1962-03-13\"}", &s) == 0);
  CHECK(verify(dir, &nick, "{\"code\":\"AB12CD35\",\"dob\":\"1962-03-14\"}", &s) == 0);
  /* Incomplete or malformed questions: refused, whoever is asked about. */
  CHECK(verify(dir, &nick, "{\"first\":\"Robert\",\"last\":\"O'Brien\",\"zip\":\"62704\"}", &s) ==
            0 &&
        s == BS_EINVAL);
  CHECK(verify(dir, &nick, "{\"first\":\"Robert\",\"dob\":\"1962-03-14\",\"zip\":\"62704\"}", &s) ==
            0 &&
        s == BS_EINVAL);
  CHECK(verify(dir, &nick,
               "{\"first\":\"Robert\",\"last\":\"O'Brien\",\"dob\":\"1962-13-14\","
               "\"zip\":\"62704\"}",
               &s) == 0 &&
        s == BS_EINVAL);
  CHECK(verify(dir, &nick, "{\"code\":\"AB/12\",\"dob\":\"1962-03-14\"}", &s) == 0 &&
        s == BS_EINVAL);
  bs_nicknames_free(&nick);
  bs_directory_free(dir);
}

/* The JSON answer of a lookup into body. */
static void answer_of(bs_buf *body, bs_buf *shown, const bs_directory *dir,
                      const bs_nicknames *nick, const char *question) {
  bs_request r;
  char error[160];
  bs_caller_result result;
  memset(&result, 0, sizeof result);
  if (bs_request_parse(&r, question, strlen(question), error, sizeof error) == BS_OK)
    bs_caller_verify(&result, dir, nick, &r, error, sizeof error);
  CHECK(bs_answer_lookup(body, shown, dir, &result) == BS_OK);
}

static void test_answer(void) {
  bs_directory *dir = sample_directory();
  bs_nicknames nick;
  CHECK(dir != NULL && bs_nicknames_load(&nick) == BS_OK);
  if (!dir) return;
  bs_buf a, b, shown;
  bs_buf_init(&a, 1 << 16);
  bs_buf_init(&b, 1 << 16);
  bs_buf_init(&shown, 1 << 16);
  answer_of(&a, &shown, dir, &nick,
            "{\"first\":\"Bob\",\"last\":\"O'Brien\",\"dob\":\"1962-03-14\",\"zip\":\"62704\"}");
  CHECK(strstr(a.data, "\"verified\":true") != NULL);
  CHECK(strstr(a.data, "Social Security number") && strstr(a.data, "diagnosis codes"));
  CHECK(strstr(a.data, "AB12-CD34") && strstr(a.data, "September 3, 2024"));
  CHECK(!strstr(a.data, "1962") && !strstr(a.data, "62704") && !strstr(a.data, "BRIEN"));
  CHECK(!strstr(a.data, "NPI") && !strstr(a.data, "npi")); /* a provider's, not theirs */
  CHECK(strstr(shown.data, "\"person_id\":\"P1\"") && strstr(shown.data, "\"code_shown\":true"));
  CHECK(!strstr(shown.data, "AB12")); /* the audit says a code was shown, not which */
  /* A near miss and a stranger get the same bytes. */
  answer_of(&a, &shown, dir, &nick,
            "{\"first\":\"Bob\",\"last\":\"O'Brien\",\"dob\":\"1962-03-15\",\"zip\":\"62704\"}");
  answer_of(&b, &shown, dir, &nick,
            "{\"first\":\"Nobody\",\"last\":\"Known\",\"dob\":\"2001-01-01\",\"zip\":\"10001\"}");
  CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
  CHECK(strstr(a.data, "\"verified\":false") != NULL);
  /* Letter not mailed yet, minor. */
  answer_of(&a, &shown, dir, &nick, "{\"code\":\"ZZ990001\",\"dob\":\"2012-07-04\"}");
  CHECK(strstr(a.data, "minor") && strstr(a.data, "parent or guardian"));
  answer_of(&a, &shown, dir, &nick,
            "{\"first\":\"Maria\",\"last\":\"Garcia\",\"dob\":\"1990-12-01\",\"zip\":\"02108\"}");
  CHECK(strstr(a.data, "not been mailed yet") && strstr(a.data, "\"enrollment_code\":null"));
  /* The masked question. */
  bs_request r;
  char error[160];
  const char *asked = "{\"first\":\"Bob\",\"last\":\"O'Brien\",\"dob\":\"3/14/1962\","
                      "\"zip\":\"62704\",\"code\":\"ab12-cd34\"}";
  CHECK(bs_request_parse(&r, asked, strlen(asked), error, sizeof error) == BS_OK);
  CHECK(bs_answer_question(&a, &r) == BS_OK);
  CHECKF(!strcmp(a.data, "{\"code_ends\":\"34\",\"first\":\"B\",\"last\":\"O\",\"birth_year\":"
                         "\"1962\",\"zip3\":\"627\"}"),
         "%s", a.data);
  bs_buf_free(&a);
  bs_buf_free(&b);
  bs_buf_free(&shown);
  bs_nicknames_free(&nick);
  bs_directory_free(dir);
}

static void test_sessions(void) {
  bs_sessions *s;
  CHECK(bs_sessions_create(&s, 1000, 5000, 2) == BS_OK);
  bs_session_info info = {"alice", BS_ROLE_AGENT, 1}, got;
  char t1[BS_SESSION_TOKEN_LEN + 1], t2[BS_SESSION_TOKEN_LEN + 1], t3[BS_SESSION_TOKEN_LEN + 1];
  CHECK(bs_sessions_open(s, t1, &info, 0) == BS_OK && strlen(t1) == BS_SESSION_TOKEN_LEN);
  CHECK(bs_sessions_check(s, &got, t1, 900) == BS_OK && !strcmp(got.account, "alice"));
  CHECK(bs_sessions_check(s, &got, t1, 1800) == BS_OK);        /* used at 900: not idle */
  CHECK(bs_sessions_check(s, &got, t1, 2900) == BS_ENOTFOUND); /* idle 1.1 s */
  CHECK(bs_sessions_check(s, &got, t1, 2901) == BS_ENOTFOUND); /* and gone */
  CHECK(bs_sessions_open(s, t2, &info, 3000) == BS_OK);
  for (int64_t t = 3500; t <= 8000; t += 500) bs_sessions_check(s, &got, t2, t);
  CHECK(bs_sessions_check(s, &got, t2, 8100) == BS_ENOTFOUND); /* past its 5 s in all */
  CHECK(bs_sessions_open(s, t1, &info, 9000) == BS_OK);
  CHECK(bs_sessions_open(s, t2, &info, 9000) == BS_OK);
  CHECK(strcmp(t1, t2) != 0);
  CHECK(bs_sessions_open(s, t3, &info, 9000) == BS_ELIMIT); /* capacity 2 */
  CHECK(bs_sessions_close(s, t1) == BS_OK && bs_sessions_close(s, t1) == BS_ENOTFOUND);
  CHECK(bs_sessions_check(s, &got, "not-a-token", 9000) == BS_ENOTFOUND);
  t2[0] = t2[0] == 'A' ? 'B' : 'A';
  CHECK(bs_sessions_check(s, &got, t2, 9000) == BS_ENOTFOUND); /* one character off */
  t2[0] = t2[0] == 'A' ? 'B' : 'A';
  CHECK(bs_sessions_end_account(s, "alice", 1) == 0); /* same generation: kept */
  CHECK(bs_sessions_end_account(s, "alice", 2) == 1); /* password changed: ended */
  CHECK(bs_sessions_count(s) == 0);
  bs_sessions_free(s);
}

static void test_ratelimit(void) {
  bs_ratelimit *r;
  CHECK(bs_ratelimit_create(&r, 60, 3, 2) == BS_OK); /* a token a second, 3 at once */
  int allowed = 0;
  for (int i = 0; i < 5; i++) allowed += bs_ratelimit_take(r, "alice", 0);
  CHECK(allowed == 3);
  CHECK(!bs_ratelimit_take(r, "alice", 500));
  CHECK(bs_ratelimit_take(r, "alice", 1000));  /* refilled one */
  CHECK(bs_ratelimit_take(r, "bob", 1000));    /* another key, its own bucket */
  CHECK(!bs_ratelimit_take(r, "carol", 1000)); /* capacity 2, both in use */
  CHECK(bs_ratelimit_take(r, "carol", 10000)); /* full buckets forgotten */
  bs_ratelimit_free(r);
}

typedef struct temp_case {
  char dir[64];
  bs_store *store;
} temp_case;

static int make_case(temp_case *c) {
  snprintf(c->dir, sizeof c->dir, "/tmp/bs-serve-XXXXXX");
  c->store = NULL;
  if (!mkdtemp(c->dir)) return 0;
  char path[128];
  snprintf(path, sizeof path, "%s/case", c->dir);
  memmove(c->dir, path, strlen(path) + 1);
  bs_case_settings settings = {"Clinic", "2024-07-20", NULL, NULL};
  return bs_store_create(c->dir, &settings) == BS_OK && bs_store_open(&c->store, c->dir) == BS_OK;
}

static void drop_case(temp_case *c) {
  bs_store_close(c->store);
  char command[160];
  snprintf(command, sizeof command, "rm -rf '%.*s'", (int)(strrchr(c->dir, '/') - c->dir), c->dir);
  CHECK(system(command) == 0);
}

static void test_accounts(void) {
  temp_case c;
  CHECK(make_case(&c));
  if (!c.store) return;
  sqlite3 *db = bs_store_db(c.store);
  bs_account a;
  CHECK(bs_accounts_add(db, "alice", BS_ROLE_AGENT, "correct horse battery") == BS_OK);
  CHECK(bs_accounts_add(db, "alice", BS_ROLE_SUPERVISOR, "another long password") == BS_EEXIST);
  CHECK(bs_accounts_add(db, "Bad Name", BS_ROLE_AGENT, "correct horse battery") == BS_EINVAL);
  CHECK(bs_accounts_add(db, "bob", BS_ROLE_AGENT, "short") == BS_EINVAL);
  CHECK(bs_accounts_find(&a, db, "alice") == BS_OK);
  CHECK(!strncmp(a.hash, "$argon2id$", 10) && !strstr(a.hash, "horse"));
  CHECK(bs_account_password_matches(&a, "correct horse battery"));
  CHECK(!bs_account_password_matches(&a, "correct horse batterY"));
  int64_t generation = a.generation;
  CHECK(bs_accounts_set_password(db, "alice", "a new long password") == BS_OK);
  CHECK(bs_accounts_find(&a, db, "alice") == BS_OK && a.generation == generation + 1);
  CHECK(!bs_account_password_matches(&a, "correct horse battery"));
  CHECK(bs_account_password_matches(&a, "a new long password"));
  CHECK(bs_accounts_disable(db, "alice") == BS_OK);
  CHECK(bs_accounts_find(&a, db, "alice") == BS_OK && a.disabled);
  CHECK(bs_accounts_disable(db, "nobody") == BS_ENOTFOUND);
  CHECK(bs_accounts_find(&a, db, "nobody") == BS_ENOTFOUND);
  drop_case(&c);
}

/* Persons as `people` stores them, and the letters step's two tables. */
static void test_directory_load(void) {
  temp_case c;
  CHECK(make_case(&c));
  if (!c.store) return;
  bs_directory *dir = NULL;
  CHECK(bs_directory_load(&dir, c.store) == BS_ENOTFOUND); /* no people step yet */
  CHECK(bs_store_exec(
            c.store,
            "CREATE TABLE persons(id INTEGER PRIMARY KEY, person_id TEXT NOT NULL UNIQUE, first "
            "TEXT, middle TEXT, last TEXT, suffix TEXT, dob TEXT, street TEXT, unit TEXT, city "
            "TEXT, state TEXT, zip TEXT, residence_state TEXT, minor INTEGER NOT NULL, deceased "
            "INTEGER NOT NULL, elements TEXT NOT NULL, files INTEGER NOT NULL);"
            "INSERT INTO persons VALUES(1,'Pa','MARY','','OKAFOR',NULL,'1962-03-14','1 MAIN ST',"
            "NULL,'SPRINGFIELD','IL','62704','IL',0,0,'name;dob;ssn',2);"
            "INSERT INTO persons VALUES(2,'Pb','LINH',NULL,'NGUYEN',NULL,'1988-11-30',NULL,NULL,"
            "NULL,NULL,NULL,NULL,0,0,'name;mrn',1);") == BS_OK);
  CHECK(bs_directory_load(&dir, c.store) == BS_OK);
  bs_directory_counts counts;
  if (dir) {
    bs_directory_counts_of(&counts, dir);
    CHECK(counts.persons == 2 && counts.codes == 0 && !counts.has_letters);
    bs_directory_free(dir);
  }
  CHECK(bs_store_exec(
            c.store,
            "CREATE TABLE enrollment(person_id TEXT PRIMARY KEY, code TEXT NOT NULL "
            "UNIQUE, issued_at TEXT NOT NULL);"
            "CREATE TABLE letters(letter_id TEXT PRIMARY KEY, person_id TEXT NOT NULL,"
            " variant TEXT NOT NULL, batch TEXT NOT NULL, first_page INTEGER NOT NULL,"
            " last_page INTEGER NOT NULL, imb TEXT, mailed_on TEXT NOT NULL);"
            "INSERT INTO enrollment VALUES('Pa','QW12-ER34','2024-08-30');"
            "INSERT INTO letters VALUES('L2','Pa','adult','B1',3,4,NULL,'2024-09-10');"
            "INSERT INTO letters VALUES('L1','Pa','adult','B1',1,2,NULL,'2024-09-02');"
            "INSERT INTO letters VALUES('L9','Pgone','adult','B1',5,6,NULL,'2024-09-02');") ==
        BS_OK);
  CHECK(bs_directory_load(&dir, c.store) == BS_OK);
  if (dir) {
    bs_directory_counts_of(&counts, dir);
    CHECK(counts.persons == 2 && counts.codes == 1 && counts.mailed == 1 && counts.has_letters);
    size_t at = bs_directory_find_code(dir, "QW12ER34");
    const bs_directory_person *p = bs_directory_get(dir, at);
    CHECK(p && !strcmp(p->person_id, "Pa") && !strcmp(p->mailed_on, "2024-09-02"));
    CHECK(p && p->dob == 19620314 && !strcmp(p->zip, "62704") && !strcmp(p->last, "OKAFOR"));
    bs_directory_free(dir);
  }
  drop_case(&c);
}

static void audit_done(bs_audit_entry *entry, bs_status status, void *ctx) {
  int *results = ctx;
  if (status == BS_OK && entry->seq > 0 && entry->seq <= 200) results[entry->seq - 1]++;
}

static void test_audit(void) {
  temp_case c;
  CHECK(make_case(&c));
  if (!c.store) return;
  bs_audit *audit;
  CHECK(bs_audit_start(&audit, c.dir) == BS_OK);
  static bs_audit_entry entries[200];
  int written[200] = {0};
  for (int i = 0; i < 200; i++) {
    bs_audit_entry *e = &entries[i];
    memset(e, 0, sizeof *e);
    bs_audit_stamp(e);
    snprintf(e->agent, sizeof e->agent, "agent%d", i % 3);
    snprintf(e->address, sizeof e->address, "127.0.0.1");
    snprintf(e->action, sizeof e->action, "lookup");
    e->question = "{\"first\":\"M\"}";
    e->answer = i % 2 ? "{\"verified\":true}" : "{\"verified\":false}";
    e->done = audit_done;
    e->ctx = written;
    CHECK(bs_audit_submit(audit, e) == BS_OK);
  }
  bs_audit_free(audit); /* writes the queue first */
  int all_once = 1;
  for (int i = 0; i < 200; i++) all_once &= written[i] == 1;
  CHECK(all_once);
  sqlite3 *db = bs_store_db(c.store);
  bs_audit_check check;
  CHECK(bs_audit_verify(&check, db) == BS_OK);
  CHECK(check.entries == 200 && check.first_broken == 0 && strlen(check.head) == 64);
  /* Append-only through SQL. */
  CHECK(bs_store_exec(c.store, "UPDATE audit SET agent = 'x' WHERE seq = 5") == BS_ESTORE);
  CHECK(bs_store_exec(c.store, "DELETE FROM audit WHERE seq = 5") == BS_ESTORE);
  /* Whoever drops the triggers is caught by the chain. */
  CHECK(bs_store_exec(c.store,
                      "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                      "UPDATE audit SET answer = '{\"verified\":false}' WHERE seq = 42") == BS_OK);
  CHECK(bs_audit_verify(&check, db) == BS_OK);
  CHECKF(check.first_broken == 42 && strstr(check.reason, "changed"), "%lld %s",
         (long long)check.first_broken, check.reason);
  CHECK(check.entries == 200);
  CHECK(bs_store_exec(c.store, "UPDATE audit SET answer = '{\"verified\":true}' WHERE seq = 42") ==
        BS_OK);
  CHECK(bs_audit_verify(&check, db) == BS_OK && check.first_broken == 0); /* put back */
  CHECK(bs_store_exec(c.store, "DELETE FROM audit WHERE seq = 17") == BS_OK);
  CHECK(bs_audit_verify(&check, db) == BS_OK);
  CHECKF(check.first_broken == 17 && strstr(check.reason, "missing"), "%s", check.reason);
  /* A new service run goes on from the last entry. */
  CHECK(bs_store_exec(c.store, "DELETE FROM audit WHERE seq > 16") == BS_OK);
  CHECK(bs_audit_start(&audit, c.dir) == BS_OK);
  memset(written, 0, sizeof written);
  bs_audit_entry *e = &entries[0];
  e->done = audit_done;
  e->ctx = written;
  CHECK(bs_audit_submit(audit, e) == BS_OK);
  bs_audit_stop(audit);
  CHECK(bs_audit_submit(audit, &entries[1]) != BS_OK); /* stopped: refused */
  bs_audit_free(audit);
  CHECK(written[16] == 1); /* numbered 17 */
  CHECK(bs_audit_verify(&check, db) == BS_OK && check.entries == 17 && !check.first_broken);
  drop_case(&c);
}

void test_serve(void) {
  test_normalize();
  test_request();
  test_caller();
  test_answer();
  test_sessions();
  test_ratelimit();
  test_accounts();
  test_directory_load();
  test_audit();
}
