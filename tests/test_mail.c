/* Email readers: recognition, EML (headers, bodies in every transfer encoding and
 * charset, attachments, nested messages, encrypted parts, damage, limits) and mbox
 * (messages as members). Every input is built here: email is text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "collect.h"
#include "detect/hints.h"
#include "extract/format.h"
#include "extract/mail.h"
#include "extract/read.h"
#include "test.h"

/* Reads text with bs_read under `name`. OUT: *status. */
static got *read_named(const char *name, const char *text, size_t len, bs_status *status,
                       bs_format *format) {
  got *g = got_new();
  bs_unit_sink sink = got_sink(g);
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 24);
  bs_source src = {.name = name, .data = text, .len = len};
  bs_read_info info;
  *status = bs_read(&info, &src, &scratch, &sink);
  if (format) *format = info.format;
  bs_buf_free(&scratch);
  return g;
}

static void check_unit(const char *what, const got_unit *u, const char *text, uint64_t line,
                       const char *hint, const char *place) {
  CHECKF(u != NULL, "%s: no unit with \"%s\"", what, text);
  if (!u) return;
  CHECKF(strcmp(u->text, text) == 0, "%s: text \"%.200s\", want \"%.200s\"", what, u->text, text);
  CHECKF(u->line == line, "%s: line %llu, want %llu", what, (unsigned long long)u->line,
         (unsigned long long)line);
  CHECKF(hint ? u->has_hint && strcmp(u->hint, hint) == 0 : !u->has_hint, "%s: hint \"%s\"", what,
         u->hint);
  CHECKF(u->type_matches, "%s: hint type is not bs_hint_type(hint)", what);
  CHECKF(strcmp(u->place, place) == 0, "%s: place \"%s\", want \"%s\"", what, u->place, place);
}

/* ---- Recognition ------------------------------------------------------------------- */

static void test_sniff_mail(void) {
  static const struct {
    const char *name, *data;
    size_t len;
    bs_format want;
  } cases[] = {
      {"a.txt", "From: a@example.org\nTo: b@example.org\n\nhi\n", 0, BS_FMT_EML},
      {"x", "Received: from x\nReceived: from y\nSubject: s\n\nhi\n", 0, BS_FMT_EML},
      {"x", "Return-Path: <a@b>\r\nMIME-Version: 1.0\r\n\r\n", 0, BS_FMT_EML},
      {"x", "Received: from x\nReceived: from y\n\nhi\n", 0, BS_FMT_TEXT}, /* one field */
      {"note.txt", "Subject: results\n\nHi, the MBI is 1EG4TE5MK73.\n", 0, BS_FMT_TEXT},
      {"x", "From: a\nnot a header line\nTo: b\n", 0, BS_FMT_TEXT},
      {"mail.eml", "just text", 0, BS_FMT_EML},
      {"box", "From alice@example.org Tue Jul  2 10:00:00 2024\nSubject: x\n\nhi\n", 0,
       BS_FMT_MBOX},
      {"box", "From here to there\n", 0, BS_FMT_TEXT}, /* no date */
      {"dir/In.MBOX", "text", 0, BS_FMT_MBOX},
      {"a.zip!x.mbx", "text", 0, BS_FMT_MBOX},
      {"x", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, BS_FMT_OLE2},
      {"x", "!BDN\x01\x02", 6, BS_FMT_PST},
      {"x", "\0\1\0\0Standard Jet DB\0", 20, BS_FMT_MDB},
      {"x", "\0\1\0\0Standard ACE DB\0", 20, BS_FMT_MDB},
      {"db.mdb", "", 0, BS_FMT_MDB}, /* empty or binary, named so: the reader says why */
      {"a.zip!Old.ACCDB", "\0\0\0\0", 4, BS_FMT_MDB},
      {"notes.mdb", "SSN 123-45-6789", 0, BS_FMT_TEXT}, /* text so named: text */
      {"empty.txt", "", 0, BS_FMT_TEXT},
      {"blob.bin", "\0\0\0\0", 4, BS_FMT_TEXT},
      {"a.eml", "From: a\0To: b\n", 14, BS_FMT_TEXT}, /* NUL: binary, not mail */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len = cases[i].len ? cases[i].len : strlen(cases[i].data);
    bs_format got_format = bs_sniff_bytes(cases[i].name, cases[i].data, len);
    CHECKF(got_format == cases[i].want, "sniff case %zu: %s, want %s", i,
           bs_format_name(got_format), bs_format_name(cases[i].want));
  }
}

/* ---- EML --------------------------------------------------------------------------- */

static const char multipart[] =
    "From: =?ISO-8859-1?Q?Jos=E9_P=E9rez?= <jose.perez@example.org>\r\n"
    "To: Billing <billing@example.com>,\r\n"
    " \"Okafor, Mary\" <mary.okafor@example.org>\r\n"
    "Subject: =?UTF-8?B?UmVjb3JkIGZvciBNYXJ5IE9rYWZvcg==?=\r\n"
    "Date: Tue, 02 Jul 2024 10:00:00 -0500\r\n"
    "Message-ID: <1@example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--XX\r\n"
    "Content-Type: multipart/alternative; boundary=\"YY\"\r\n"
    "\r\n"
    "--YY\r\n"
    "Content-Type: text/plain; charset=ISO-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Paciente: Jos=E9 P=E9rez\r\n"
    "SSN: 123-45-=\r\n"
    "6789\r\n"
    "--YY\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "PHA+RE9COiAwMy8xNC8xOTYyIOKAkyBKb3PDqTwvcD4K\r\n" /* <p>DOB: 03/14/1962 – José</p>\n */
    "--YY--\r\n"
    "--XX\r\n"
    "Content-Type: text/csv; name=\"claims.csv\"\r\n"
    "Content-Disposition: attachment; filename=\"C:\\\\exports\\\\claims.csv\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "U1NOLE5hbWUKMjg3LTY1LTQzMjAsTGlubiBOZ3V5ZW4K\r\n" /* SSN,Name\n287-65-4320,Linn Nguyen\n */
    "--XX\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "raw bytes\r\n"
    "--XX\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: inner@example.org\r\n"
    "Subject: Fwd/lab: results\r\n"
    "Date: Wed, 03 Jul 2024 09:00:00 +0000\r\n"
    "\r\n"
    "MRN 00123456\r\n"
    "--XX--\r\n";

static void test_eml_multipart(void) {
  bs_status status;
  bs_format format;
  got *g = read_named("mail.eml", multipart, strlen(multipart), &status, &format);
  CHECK(status == BS_OK && format == BS_FMT_EML);
  check_unit("from", got_unit_with(g, "jose.perez"), "José Pérez <jose.perez@example.org>", 1,
             "From", "header");
  check_unit("to", got_unit_with(g, "billing@"),
             "Billing <billing@example.com>, \"Okafor, Mary\" <mary.okafor@example.org>", 2, "To",
             "header");
  check_unit("subject", got_unit_with(g, "Record for"), "Record for Mary Okafor", 4, "Subject",
             "header");
  const got_unit *from = got_unit_with(g, "jose.perez");
  const got_unit *subject = got_unit_with(g, "Record for");
  CHECK(from && subject && from->hint_ptr != subject->hint_ptr);
  check_unit("plain body (quoted-printable, ISO-8859-1)", got_unit_with(g, "Paciente"),
             "Paciente: José Pérez\r\nSSN: 123-45-6789", 1, NULL, "body");
  const got_unit *html = got_unit_with(g, "DOB: 03/14/1962");
  /* The HTML reader's own place (if any) comes after the body's. */
  CHECKF(html && strncmp(html->place, "body 2", 6) == 0 &&
             (html->place[6] == '\0' || html->place[6] == ' ') && strstr(html->text, "José"),
         "html body unit: place \"%s\" text \"%.60s\"", html ? html->place : "(none)",
         html ? html->text : "");
  CHECKF(g->unit_count == 6, "%zu units", g->unit_count); /* the Date header too */
  CHECK(got_unit_with(g, "2024") != NULL);
  CHECKF(g->member_count == 3, "%zu members", g->member_count);
  const got_member *csv = got_member_named(g, "claims.csv");
  CHECK(csv && csv->has_data && strcmp(csv->data, "SSN,Name\n287-65-4320,Linn Nguyen\n") == 0);
  const got_member *raw = got_member_named(g, "attachment-2");
  CHECK(raw && raw->has_data && strcmp(raw->data, "raw bytes") == 0);
  const got_member *inner = got_member_named(g, "Fwd_lab: results (2024-07-03).eml");
  CHECK(inner && inner->has_data && strstr(inner->data, "MRN 00123456") &&
        strstr(inner->data, "From: inner@example.org"));
  CHECKF(g->diag_count == 0, "%zu diagnostics, first %s", g->diag_count, g->diags[0]);
  free(g);
}

static void test_eml_charsets(void) {
  static const struct {
    const char *name, *message, *want;
  } cases[] = {
      {"base64 utf-8",
       "From: a@b.org\nTo: c@d.org\nContent-Type: text/plain; charset=utf-8\n"
       "Content-Transfer-Encoding: base64\n\nTm90YTogSm9zw6kK\n",
       "Nota: José\n"},
      {"8bit latin-1",
       "From: a@b.org\nTo: c@d.org\nContent-Type: text/plain; charset=iso-8859-1\n\nNota: "
       "Jos\xe9\n",
       "Nota: José\n"},
      {"windows-1252 quotes",
       "From: a@b.org\nTo: c@d.org\nContent-Type: text/plain; charset=windows-1252\n"
       "Content-Transfer-Encoding: quoted-printable\n\n=93Mary=94\n",
       "“Mary”\n"},
      {"no charset, 8-bit bytes", "From: a@b.org\nTo: c@d.org\n\nNota: Jos\xe9 caf\xc3\xa9\n",
       "Nota: Jos"},
      {"not MIME at all", "From: a@b.org\nSubject: x\n\nline 1\nline 2\n", "line 1\nline 2\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bs_status status;
    got *g = read_named("m.eml", cases[i].message, strlen(cases[i].message), &status, NULL);
    const got_unit *u = got_unit_with(g, cases[i].want);
    CHECKF(status == BS_OK && u && strcmp(u->place, "body") == 0 && u->line == 1,
           "%s: body not read as wanted", cases[i].name);
    for (size_t k = 0; k < g->unit_count && k < GOT_UNITS; k++) {
      const char *t = g->units[k].text;
      int valid = 1;
      for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        if (*p == 0xe9) valid = 0; /* a raw Latin-1 byte left in */
      CHECKF(valid, "%s: unit %zu not decoded to UTF-8", cases[i].name, k);
    }
    free(g);
  }
}

static void test_eml_encrypted(void) {
  static const char pgp_mime[] =
      "From: a@b.org\nTo: c@d.org\nMIME-Version: 1.0\n"
      "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=B\n\n"
      "--B\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
      "--B\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\nxx\n"
      "-----END PGP MESSAGE-----\n--B--\n";
  static const char smime[] =
      "From: a@b.org\nTo: c@d.org\nMIME-Version: 1.0\n"
      "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
      "Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\n";
  static const char inline_pgp[] = "From: a@b.org\nTo: c@d.org\n\n-----BEGIN PGP MESSAGE-----\n"
                                   "hQEMA\n-----END PGP MESSAGE-----\n";
  bs_status status;
  got *g = read_named("m.eml", pgp_mime, strlen(pgp_mime), &status, NULL);
  CHECKF(status == BS_OK && got_unexamined(g, "part 1: encrypted") && g->member_count == 0,
         "PGP/MIME: %s", g->unexamined[0]);
  free(g);
  g = read_named("m.eml", smime, strlen(smime), &status, NULL);
  CHECKF(status == BS_OK && got_unexamined(g, "part 1: encrypted") && g->member_count == 0,
         "S/MIME: %s", g->unexamined[0]);
  free(g);
  g = read_named("m.eml", inline_pgp, strlen(inline_pgp), &status, NULL);
  CHECKF(status == BS_OK && got_unexamined(g, "body: encrypted") && !got_unit_with(g, "hQEMA"),
         "inline PGP: %s", g->unexamined[0]);
  free(g);
}

static void test_eml_damaged(void) {
  /* A multipart cut short: the parts there are read, the damage reported. */
  static const char truncated[] =
      "From: a@b.org\nTo: c@d.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=Q\n\n"
      "--Q\nContent-Type: text/plain\n\nSSN 123-45-6789\n--Q\nContent-Type: text/plain\n"
      "Content-Disposition: attachment; filename=notes.txt\nContent-Transfer-Encoding: base64\n\n"
      "U1NOIDI4Ny02NS00MzIw!!!*\n";
  bs_status status;
  got *g = read_named("m.eml", truncated, strlen(truncated), &status, NULL);
  CHECK(status == BS_OK);
  CHECK(got_unit_with(g, "SSN 123-45-6789") != NULL);
  const got_member *notes = got_member_named(g, "notes.txt");
  CHECK(notes && notes->has_data && strncmp(notes->data, "SSN 287-65-4320", 15) == 0);
  CHECKF(got_diag(g, "byte 0: malformed multipart: a boundary is missing") ||
             got_notes_contain(g, "truncated"),
         "damage not reported: %zu diagnostics", g->diag_count);
  free(g);
  /* Multipart without a boundary parameter. */
  static const char no_boundary[] =
      "From: a@b.org\nTo: c@d.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n"
      "MRN 00123456\n";
  g = read_named("m.eml", no_boundary, strlen(no_boundary), &status, NULL);
  CHECK(status == BS_OK);
  CHECKF(got_notes_contain(g, "without a boundary") || got_unit_with(g, "MRN 00123456"),
         "no boundary: nothing read or reported");
  free(g);
  /* Garbage named .eml: read, nothing dropped silently, no crash. */
  char garbage[512];
  for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (char)(1 + (i * 37) % 250);
  g = read_named("x.eml", garbage, sizeof garbage, &status, NULL);
  CHECK(status == BS_OK || status == BS_EFORMAT);
  free(g);
  /* Personal data never reaches a diagnostic. */
  g = read_named("m.eml", truncated, strlen(truncated), &status, NULL);
  CHECK(!got_notes_contain(g, "123-45") && !got_notes_contain(g, "287-65"));
  free(g);
}

static void test_eml_limits(void) {
  /* Multiparts nested past BS_LIMIT_MIME_DEPTH. */
  bs_buf m;
  bs_buf_init(&m, (size_t)1 << 20);
  bs_buf_printf(&m, "From: a@b.org\nTo: c@d.org\nMIME-Version: 1.0\n");
  for (int i = 0; i < BS_LIMIT_MIME_DEPTH + 4; i++)
    bs_buf_printf(&m, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
  bs_buf_printf(&m, "Content-Type: text/plain\n\ndeep text\n");
  for (int i = BS_LIMIT_MIME_DEPTH + 3; i >= 0; i--) bs_buf_printf(&m, "--b%d--\n", i);
  bs_status status;
  got *g = read_named("m.eml", m.data, m.len, &status, NULL);
  CHECKF(status == BS_ELIMIT || got_notes_contain(g, "nested"), "depth: status %d", status);
  CHECK(got_notes_contain(g, "nested"));
  free(g);
  bs_buf_free(&m);
}

/* ---- mbox -------------------------------------------------------------------------- */

static const char mailbox[] = "From alice@example.org Tue Jul  2 10:00:00 2024\n"
                              "From: alice@example.org\n"
                              "To: clinic@example.org\n"
                              "Subject: Lab results\n"
                              "Date: Tue, 02 Jul 2024 10:00:00 +0000\n"
                              "\n"
                              "SSN 123-45-6789\n"
                              ">From the lab: fine\n"
                              "\n"
                              "From bob@example.org Wed Jul  3 11:00:00 2024\n"
                              "From: bob@example.org\n"
                              "To: clinic@example.org\n"
                              "\n"
                              "no subject here\n"
                              "From inside a paragraph, not a separator\n"
                              "\n"
                              "From carol@example.org Thu Jul  4 12:00:00 2024\n"
                              "Subject: Re: a/b\x01 test\n"
                              "Date: Thu, 04 Jul 2024 12:00:00 +0200\n"
                              "\n"
                              "last\n";

static void test_mbox(void) {
  bs_status status;
  bs_format format;
  got *g = read_named("box", mailbox, strlen(mailbox), &status, &format);
  CHECK(status == BS_OK && format == BS_FMT_MBOX);
  CHECKF(g->member_count == 3, "%zu messages", g->member_count);
  CHECK(g->unit_count == 0);
  const got_member *first = got_member_named(g, "1 Lab results (2024-07-02).eml");
  CHECK(first && strcmp(first->data,
                        "From: alice@example.org\nTo: clinic@example.org\nSubject: Lab results\n"
                        "Date: Tue, 02 Jul 2024 10:00:00 +0000\n\nSSN 123-45-6789\n"
                        ">From the lab: fine\n") == 0);
  CHECK(first && first->mtime == 1719914400);
  const got_member *second = got_member_named(g, "2 (no subject).eml");
  CHECK(second && strstr(second->data, "From inside a paragraph") && second->mtime == 0);
  CHECKF(got_member_named(g, "3 Re: a_b_ test (2024-07-04).eml") != NULL, "third: %.200s",
         g->members[2].name);
  free(g);
  /* Named .mbox but no From line first: one message all the same, reported. */
  g = read_named("x.mbox", "Subject: x\n\nbody\n", 17, &status, &format);
  CHECK(status == BS_OK && format == BS_FMT_MBOX && g->member_count == 1 &&
        got_diag(g, "byte 0: mailbox without a From line at the start"));
  free(g);
  /* Empty messages and a file that is only a From line. */
  static const char bare[] =
      "From a@b Tue Jul  2 10:00:00 2024\n\nFrom c@d Tue Jul  2 10:00:00 2024";
  g = read_named("box", bare, strlen(bare), &status, &format);
  CHECKF(status == BS_OK && g->member_count == 2, "bare: %zu members", g->member_count);
  free(g);
}

static void test_mail_names(void) {
  char out[64];
  bs_mail_clean_name(out, sizeof out, "  ../a/b\\c\x01\x7f d. ", 100);
  CHECKF(strcmp(out, "_a_b_c__ d") == 0, "clean: \"%s\"", out);
  bs_mail_clean_name(out, sizeof out, "ééééé", 3);
  CHECKF(strcmp(out, "ééé") == 0, "cut on characters: \"%s\"", out);
  bs_mail_clean_name(out, 6, "ééééé", 100);
  CHECKF(strcmp(out, "éé") == 0, "cut on the buffer: \"%s\"", out);
  bs_mail_clean_name(out, sizeof out, "a\xff\xc3", 100);
  CHECKF(strcmp(out, "a__") == 0, "stray bytes: \"%s\"", out);
  bs_mail_clean_name(out, sizeof out, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 100);
  CHECKF(strcmp(out, "_________") == 0, "overlong, surrogate, past U+10FFFF: \"%s\"", out);
  bs_mail_message_name(out, sizeof out, "7 ", NULL, 20240702, ".eml");
  CHECKF(strcmp(out, "7 (no subject) (2024-07-02).eml") == 0, "message name: \"%s\"", out);
  bs_mail_message_name(out, sizeof out, "", "Hi", 0, "");
  CHECKF(strcmp(out, "Hi") == 0, "no date: \"%s\"", out);
}

void test_mail(void) {
  test_sniff_mail();
  test_eml_multipart();
  test_eml_charsets();
  test_eml_encrypted();
  test_eml_damaged();
  test_eml_limits();
  test_mbox();
  test_mail_names();
}
