/* Fuzz target: a call-center request body through everything it meets before an answer:
 * bs_request_parse (yajl), the masked audit question, caller verification against a
 * small directory (nicknames, compound names, codes), and the answer's JSON. Checks:
 * accepted members are NUL-terminated UTF-8 without control characters; a refusal's
 * reason is short printable ASCII; every caller who is not verified gets byte for byte
 * the same answer as a stranger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "fuzz.h"
#include "serve/answer.h"
#include "serve/caller.h"

static bs_directory *directory;
static bs_nicknames nicknames;
static bs_buf stranger; /* the answer for nobody */

static void setup(void) {
  if (directory) return;
  if (bs_directory_create(&directory) != BS_OK || bs_nicknames_load(&nicknames) != BS_OK) abort();
  static const char *const rows[][8] = {
      {"P1", "ROBERT", "JAMES", "O'BRIEN", "1962-03-14", "62704", "name;dob;ssn", "AB12-CD34"},
      {"P2", "MARIA", "", "GARCIA LOPEZ", "1990-12-01", "02108", "name;address;icd10cm", NULL},
      {"P3", "JOHN", "", "SMITH", "2012-07-04", "", "name;dob", "ZZ99-0001"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    if (bs_directory_add(directory, rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4],
                         rows[i][5], rows[i][6], i == 2, 0, rows[i][7],
                         rows[i][7] ? "2024-09-03" : NULL) != BS_OK)
      abort();
  bs_caller_result none = {0};
  bs_buf shown;
  bs_buf_init(&stranger, 1 << 16);
  bs_buf_init(&shown, 1 << 16);
  if (bs_answer_lookup(&stranger, &shown, directory, &none) != BS_OK) abort();
  bs_buf_free(&shown);
}

static int printable(const char *text) {
  for (const char *p = text; *p; p++)
    if (*p < 0x20 || *p > 0x7e) return 0;
  return 1;
}

int bs_fuzz_serve_request(const uint8_t *data, size_t size) {
  setup();
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 0);
  bs_request request;
  char error[160];
  bs_status status = bs_request_parse(&request, (const char *)data, size, error, sizeof error);
  if (status != BS_OK) {
    BS_FUZZ_EXPECT(&check, status == BS_EFORMAT || status == BS_ELIMIT);
    BS_FUZZ_EXPECT(&check, error[0] && strlen(error) < 120 && printable(error));
    return check.broken;
  }
  const char *members[] = {request.username, request.password, request.first, request.middle,
                           request.last,     request.dob,      request.zip,   request.code};
  for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
    size_t len = strlen(members[i]);
    BS_FUZZ_EXPECT(&check, bs_fuzz_utf8_valid(members[i], len));
    for (size_t j = 0; j < len; j++) BS_FUZZ_EXPECT(&check, (unsigned char)members[i][j] >= 0x20);
  }
  bs_buf question, body, shown;
  bs_buf_init(&question, 4096);
  bs_buf_init(&body, 1 << 16);
  bs_buf_init(&shown, 1 << 16);
  BS_FUZZ_EXPECT(&check, bs_answer_question(&question, &request) == BS_OK);
  BS_FUZZ_EXPECT(&check, question.data && bs_fuzz_utf8_valid(question.data, question.len));
  bs_caller_result result;
  status = bs_caller_verify(&result, directory, &nicknames, &request, error, sizeof error);
  if (status != BS_OK) {
    BS_FUZZ_EXPECT(&check, status == BS_EINVAL && error[0] && printable(error));
  } else {
    BS_FUZZ_EXPECT(&check, result.count <= BS_CALLER_MAX_MATCHES);
    BS_FUZZ_EXPECT(&check, bs_answer_lookup(&body, &shown, directory, &result) == BS_OK);
    if (result.count == 0)
      BS_FUZZ_EXPECT(&check,
                     body.len == stranger.len && !memcmp(body.data, stranger.data, body.len));
    else
      BS_FUZZ_EXPECT(&check, body.data && bs_fuzz_utf8_valid(body.data, body.len));
  }
  bs_buf_free(&question);
  bs_buf_free(&body);
  bs_buf_free(&shown);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_serve_request(data, size) != 0) abort();
  return 0;
}
#endif
