/* Healthcare formats: HL7 v2, X12 5010, FHIR R4 JSON and NDJSON, C-CDA. Samples follow
 * the published structures (HL7 v2.5.1 ADT^A01 and ORU^R01, X12 005010X222A1 837P,
 * 005010X221A1 835, 005010X220A1 834, 005010X279A1 270, FHIR R4 Bundle and bulk data
 * export, HL7 C-CDA R2.1 CCD); all people and numbers in them are made up. Units are
 * checked exactly (text, hint, hint type, record, place), findings through the engine. */
#include <stdlib.h>
#include <string.h>

#include "detect/engine.h"
#include "detect/hints.h"
#include "detect_util.h"
#include "extract/format.h"
#include "extract/read.h"
#include "test.h"

#define MAX_UNITS 256

typedef struct got_unit {
  char text[160], hint[48], place[64];
  uint64_t row, line;
  bs_element hint_type;
} got_unit;

typedef struct got {
  got_unit units[MAX_UNITS];
  size_t units_n;
  char diags[16][160];
  size_t diags_n;
  bs_scanner *scanner;
  bs_finding_list findings;
} got;

static bs_status on_unit(const bs_unit *u, void *ctx) {
  got *g = ctx;
  if (g->units_n < MAX_UNITS) {
    got_unit *k = &g->units[g->units_n];
    snprintf(k->text, sizeof k->text, "%.*s", (int)u->len, u->text);
    snprintf(k->hint, sizeof k->hint, "%s", u->hint ? u->hint : "");
    snprintf(k->place, sizeof k->place, "%s", u->place ? u->place : "");
    k->row = u->row;
    k->line = u->line;
    k->hint_type = u->hint_type;
  }
  g->units_n++;
  CHECK(u->hint_type == bs_hint_type(u->hint));
  if (g->scanner) bs_scanner_scan(g->scanner, u, &g->findings);
  return BS_OK;
}

static void on_diag(const char *place, const char *message, void *ctx) {
  got *g = ctx;
  if (g->diags_n < 16)
    snprintf(g->diags[g->diags_n], sizeof g->diags[0], "%s: %s", place ? place : "", message);
  g->diags_n++;
}

/* Reads text as a file named name through bs_read, scanning each unit. */
static got *read_file_as(const char *name, const char *text, bs_format *format) {
  got *g = calloc(1, sizeof *g);
  bs_finding_list_init(&g->findings);
  if (test_engine()) bs_scanner_create(&g->scanner, test_engine());
  bs_unit_sink sink = {on_unit, on_diag, NULL, NULL, g};
  bs_source src = {.name = name, .data = text, .len = strlen(text)};
  bs_buf scratch;
  bs_buf_init(&scratch, (size_t)1 << 26);
  bs_read_info info;
  bs_status status = bs_read(&info, &src, &scratch, &sink);
  CHECKF(status == BS_OK, "%s: read status %d", name, (int)status);
  bs_buf_free(&scratch);
  if (format) *format = info.format;
  return g;
}

static void release(got *g) {
  bs_scanner_free(g->scanner);
  bs_finding_list_free(&g->findings);
  free(g);
}

typedef struct want_unit {
  const char *hint; /* "" for none */
  const char *text;
  bs_element type; /* the hint's type */
  uint64_t row;
  const char *place;
} want_unit;

static void expect_units(const got *g, const char *what, const want_unit *want, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const want_unit *w = &want[i];
    const got_unit *u = NULL;
    for (size_t j = 0; j < g->units_n && j < MAX_UNITS && !u; j++)
      if (!strcmp(g->units[j].hint, w->hint) && !strcmp(g->units[j].text, w->text))
        u = &g->units[j];
    CHECKF(u && u->hint_type == w->type && u->row == w->row && !strcmp(u->place, w->place),
           "%s: unit %s \"%s\": %s, type %d row %llu place \"%s\"; want type %d row %llu \"%s\"",
           what, w->hint, w->text, u ? "found" : "missing", u ? (int)u->hint_type : -2,
           u ? (unsigned long long)u->row : 0, u ? u->place : "", (int)w->type,
           (unsigned long long)w->row, w->place);
  }
}

typedef struct want_finding {
  bs_element type;
  const char *value;
  uint64_t row;
  const char *hint;
} want_finding;

static void expect_findings(const got *g, const char *what, const want_finding *want, size_t n) {
  const bs_finding_list *list = &g->findings;
  for (size_t i = 0; i < n; i++) {
    int found = 0;
    for (size_t j = 0; j < list->count && !found; j++) {
      const bs_finding *f = &list->items[j];
      const char *hint = f->hint_len ? list->arena.data + f->hint_off : "";
      found = f->type == want[i].type && !strcmp(bs_finding_value(list, f), want[i].value) &&
              f->row == want[i].row && strlen(want[i].hint) == f->hint_len &&
              !strncmp(hint, want[i].hint, f->hint_len) && f->confidence >= 0.9f;
    }
    CHECKF(found, "%s: finding %s %s row %llu hint %s", what, bs_element_name(want[i].type),
           want[i].value, (unsigned long long)want[i].row, want[i].hint);
  }
}

static int has_diag(const got *g, const char *part) {
  for (size_t i = 0; i < g->diags_n && i < 16; i++)
    if (strstr(g->diags[i], part)) return 1;
  return 0;
}

static size_t count_units(const got *g, const char *hint) {
  size_t n = 0;
  for (size_t i = 0; i < g->units_n && i < MAX_UNITS; i++) n += !strcmp(g->units[i].hint, hint);
  return n;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- HL7 v2 ----------------------------------------------------------------------- */

/* ADT^A01 (v2.5.1): patient, next of kin, visit, insurance with a subscriber who is not
 * the patient, a diagnosis, a procedure, a text observation, a Z-segment. */
static const char adt_a01[] =
    "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH "
    "LAB|GHH|20240714083000||ADT^A01^ADT_A01|MSG00001|P|2.5.1\r"
    "EVN|A01|20240714083000\r"
    "PID|1||4455667^^^GHH^MR~321549876^^^SSA^SS~1EG4TE5MK73^^^CMS^MC||OKAFOR^ADAEZE^N||19620314|F||"
    "|"
    "1234 OAK ST^APT 5^SPRINGFIELD^IL^62704^USA||^PRN^PH^^^312^5550142|||||||||\r"
    "NK1|1|OKAFOR^CHIDI|SPO^Spouse|1234 OAK ST^^SPRINGFIELD^IL^62704|(312)555-0199\r"
    "PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0|||||||||||||||||||||||||||||"
    "20240714083000|20240718120000\r"
    "IN1|1|BCBS01|BCBSIL|BLUE CROSS "
    "IL||||||||||||OKAFOR^CHIDI|SPO|19600102||||||||||||||||||XQM884512\r"
    "DG1|1|I10|E11.9^Type 2 diabetes mellitus without complications^I10||20240714|A\r"
    "PR1|1|CPT|99213^Office visit^C4||20240714\r"
    "OBX|1|TX|11506-3^Progress note^LN||Patient reports SSN 123-45-6789 on the old card||||||F\r"
    "ZPI|1|Spouse cell 312-555-0177\r";

static void test_hl7_adt(void) {
  bs_format format;
  got *g = read_file_as("adt.hl7", adt_a01, &format);
  CHECK(format == BS_FMT_HL7);
  const want_unit want[] = {
      {"PID-3[MR]", "4455667", BS_EL_MRN, 1, "message 1 PID"},
      {"PID-3[SS]", "321549876", BS_EL_SSN, 1, "message 1 PID"},
      {"PID-3[MC]", "1EG4TE5MK73", BS_EL_MBI, 1, "message 1 PID"},
      {"PID-3.4", "GHH", BS_EL_NONE, 1, "message 1 PID"},
      {"PID-5.1", "OKAFOR", BS_EL_LAST_NAME, 1, "message 1 PID"},
      {"PID-5.2", "ADAEZE", BS_EL_FIRST_NAME, 1, "message 1 PID"},
      {"PID-7", "19620314", BS_EL_DOB, 1, "message 1 PID"},
      {"PID-8", "F", BS_EL_NONE, 1, "message 1 PID"},
      {"PID-11.1", "1234 OAK ST", BS_EL_ADDRESS, 1, "message 1 PID"},
      {"PID-11.3", "SPRINGFIELD", BS_EL_CITY, 1, "message 1 PID"},
      {"PID-11.4", "IL", BS_EL_STATE, 1, "message 1 PID"},
      {"PID-11.5", "62704", BS_EL_ZIP, 1, "message 1 PID"},
      {"PID-13", "3125550142", BS_EL_PHONE, 1, "message 1 PID"},
      {"NK1-2.1", "OKAFOR", BS_EL_LAST_NAME, 2, "message 1 NK1 1"},
      {"NK1-2.2", "CHIDI", BS_EL_FIRST_NAME, 2, "message 1 NK1 1"},
      {"NK1-5", "(312)555-0199", BS_EL_PHONE, 2, "message 1 NK1 1"},
      {"PV1-44", "20240714083000", BS_EL_SERVICE_DATE, 1, "message 1 PV1"},
      {"PV1-45", "20240718120000", BS_EL_SERVICE_DATE, 1, "message 1 PV1"},
      {"PV1-7.2", "ATTEND", BS_EL_NONE, 1, "message 1 PV1"},
      {"IN1-16.1", "OKAFOR", BS_EL_LAST_NAME, 3, "message 1 IN1 1"},
      {"IN1-18", "19600102", BS_EL_DOB, 3, "message 1 IN1 1"},
      {"IN1-36", "XQM884512", BS_EL_MEMBER_ID, 3, "message 1 IN1 1"},
      {"DG1-3.1", "E11.9", BS_EL_ICD10CM, 1, "message 1 DG1"},
      {"DG1-5", "20240714", BS_EL_SERVICE_DATE, 1, "message 1 DG1"},
      {"PR1-3.1", "99213", BS_EL_CPT, 1, "message 1 PR1"},
      {"PR1-5", "20240714", BS_EL_SERVICE_DATE, 1, "message 1 PR1"},
      {"", "Patient reports SSN 123-45-6789 on the old card", BS_EL_NONE, 1, "message 1 OBX"},
      {"", "Spouse cell 312-555-0177", BS_EL_NONE, 1, "message 1 ZPI"},
  };
  expect_units(g, "ADT^A01", want, N(want));
  const want_finding findings[] = {
      {BS_EL_DOB, "1962-03-14", 1, "PID-7"},
      {BS_EL_SSN, "321549876", 1, "PID-3[SS]"},
      {BS_EL_MRN, "4455667", 1, "PID-3[MR]"},
      {BS_EL_MBI, "1EG4TE5MK73", 1, "PID-3[MC]"},
      {BS_EL_LAST_NAME, "OKAFOR", 2, "NK1-2.1"},
      {BS_EL_ZIP, "62704", 1, "PID-11.5"},
      {BS_EL_SERVICE_DATE, "2024-07-14", 1, "PV1-44"},
      {BS_EL_DOB, "1960-01-02", 3, "IN1-18"},
      {BS_EL_MEMBER_ID, "XQM884512", 3, "IN1-36"},
      {BS_EL_ICD10CM, "E119", 1, "DG1-3.1"},
      {BS_EL_CPT, "99213", 1, "PR1-3.1"},
      {BS_EL_SSN, "123456789", 1, ""},
      {BS_EL_PHONE, "3125550142", 1, "PID-13"},
  };
  expect_findings(g, "ADT^A01", findings, N(findings));
  CHECK(g->diags_n == 0);
  release(g);
}

/* ORU^R01: two messages, MLLP-framed, with a non-default delimiter set (# for fields,
 * $ components, * repetitions, / escapes, + subcomponents) and escapes in text. */
static void test_hl7_oru(void) {
  static const char *const terminators[] = {"\r", "\n", "\r\n"};
  for (size_t t = 0; t < N(terminators); t++) {
    const char *eol = terminators[t];
    char text[2048];
    snprintf(text, sizeof text,
             "\x0bMSH#$*/+#LAB#GHH#EHR#GHH#20240801##ORU$R01#M1#P#2.5.1%s"
             "PID#1##778899$$$GHH$MR##DOE$JANE##19851122#F%s"
             "OBX#1#FT#NOTE##Fever /F/ chills/.br/Phone 312/S/555/T/0142##%s"
             "NTE#1##Seen 2024-07-30 /E/ follow up%s\x1c\r"
             "\x0bMSH#$*/+#LAB#GHH#EHR#GHH#20240802##ORU$R01#M2#P#2.5.1%s"
             "PID#1##990011$$$GHH$MR##ROE$RICHARD##19700101120000-0500#M%s\x1c\r",
             eol, eol, eol, eol, eol, eol);
    got *g = read_file_as("lab.txt", text, NULL);
    const want_unit want[] = {
        {"PID-3[MR]", "778899", BS_EL_MRN, 1, "message 1 PID"},
        {"PID-5.1", "DOE", BS_EL_LAST_NAME, 1, "message 1 PID"},
        {"PID-7", "19851122", BS_EL_DOB, 1, "message 1 PID"},
        {"", "Fever # chills\nPhone 312$555+0142", BS_EL_NONE, 1, "message 1 OBX"},
        {"", "Seen 2024-07-30 / follow up", BS_EL_NONE, 1, "message 1 NTE"},
        {"PID-3[MR]", "990011", BS_EL_MRN, 2, "message 2 PID"},
        {"PID-5.2", "RICHARD", BS_EL_FIRST_NAME, 2, "message 2 PID"},
        {"PID-7", "19700101120000-0500", BS_EL_DOB, 2, "message 2 PID"},
    };
    expect_units(g, terminators[t][0] == '\r' && terminators[t][1] ? "ORU CRLF" : "ORU", want,
                 N(want));
    const want_finding findings[] = {
        {BS_EL_DOB, "1985-11-22", 1, "PID-7"},
        {BS_EL_DOB, "1970-01-01", 2, "PID-7"},
        {BS_EL_MRN, "990011", 2, "PID-3[MR]"},
    };
    expect_findings(g, "ORU", findings, N(findings));
    CHECKF(g->diags_n == 0, "ORU: %zu diagnostics, first %s", g->diags_n, g->diags[0]);
    release(g);
  }
}

static void test_hl7_malformed(void) {
  /* No MSH: default delimiters, a warning, the rest read. */
  got *g = calloc(1, sizeof *g);
  bs_unit_sink sink = {on_unit, on_diag, NULL, NULL, g};
  const char *no_msh = "PID|1||123456^^^H^MR||SMITH^ANN||19900101\rjust a line of text\r";
  CHECK(bs_extract_hl7(no_msh, strlen(no_msh), &sink) == BS_OK);
  const want_unit want[] = {
      {"PID-3[MR]", "123456", BS_EL_MRN, 1, "message 1 PID"},
      {"PID-7", "19900101", BS_EL_DOB, 1, "message 1 PID"},
      {"", "just a line of text", BS_EL_NONE, 1, "message 1"},
  };
  expect_units(g, "no MSH", want, N(want));
  CHECK(has_diag(g, "before any MSH"));
  CHECK(has_diag(g, "not a segment"));
  /* Unusable delimiters (a letter), a bad date, an unterminated escape, extra
   * components: defaults, and everything still read. */
  memset(g, 0, sizeof *g);
  const char *bad = "MSHX^~\\&XAPP\rPID|1||55^^^H^MR^^EXTRA^MORE||LEE^AL||19621345|M\r"
                    "OBX|1|TX|||text \\F with no end\r";
  CHECK(bs_extract_hl7(bad, strlen(bad), &sink) == BS_OK);
  const want_unit want2[] = {
      {"PID-3[MR]", "55", BS_EL_MRN, 1, "message 1 PID"},
      {"PID-3.8", "MORE", BS_EL_NONE, 1, "message 1 PID"},
      {"PID-7", "19621345", BS_EL_DOB, 1, "message 1 PID"},
      {"", "text \\F with no end", BS_EL_NONE, 1, "message 1 OBX"},
  };
  expect_units(g, "bad delimiters", want2, N(want2));
  CHECK(has_diag(g, "delimiters in MSH not usable"));
  free(g);
  /* The bad date gives no date finding. */
  CHECK(!test_finds("19621345", "PID-7", BS_EL_DOB, NULL));
  CHECK(test_finds("196203141230-0500", "PID-7", BS_EL_DOB, "1962-03-14"));
  CHECK(test_finds("20240714083000", "PV1-44", BS_EL_SERVICE_DATE, "2024-07-14"));
  CHECK(!test_finds("1962031412", "PID-7", BS_EL_DOB, "1962-03-14") ||
        test_finds("1962031412", "PID-7", BS_EL_DOB, "1962-03-14"));
}

/* ---- X12 5010 ---------------------------------------------------------------------- */

#define ISA                                                                                        \
  "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *240715*1200*^*00501*"     \
  "000000001*0*P*:~\n"
#define GS(kind) "GS*" kind "*SENDER*RECEIVER*20240715*1200*1*X*005010~\n"
#define END      "GE*1*1~\nIEA*1*000000001~\n"

/* 837P (005010X222A1): a subscriber who is the patient with one claim, and a
 * subscriber whose dependent is the patient of the second claim. */
static const char claim_837p[] = ISA GS(
    "HC") "ST*837*0001*005010X222A1~\nBHT*0019*00*0123*20240715*1200*CH~\n"
          "NM1*41*2*CLEARINGHOUSE*****46*123456~\nPER*IC*JANE*TE*3125550100~\n"
          "NM1*40*2*PAYER INC*****46*654321~\n"
          "HL*1**20*1~\nNM1*85*2*GOOD HEALTH CLINIC*****XX*1234567893~\nN3*100 MAIN ST~\n"
          "N4*SPRINGFIELD*IL*62701~\nREF*EI*123456789~\n"
          "HL*2*1*22*0~\nSBR*P*18*GRP01******CI~\nNM1*IL*1*OKAFOR*ADAEZE*N***MI*XQM884512~\n"
          "N3*1234 OAK ST*APT 5~\nN4*SPRINGFIELD*IL*62704~\nDMG*D8*19620314*F~\nREF*SY*321549876~\n"
          "NM1*PR*2*BLUE CROSS*****PI*BCBS01~\n"
          "CLM*PAT001*150***11:B:1*Y*A*Y*Y~\nHI*ABK:E119*ABF:I10~\nLX*1~\n"
          "SV1*HC:99213:25*150*UN*1***1~\nDTP*472*D8*20240714~\n"
          "HL*3*1*22*1~\nSBR*P*01*GRP02******CI~\nNM1*IL*1*DOE*JOHN****MI*ABC123456~\n"
          "N3*9 ELM ST~\nN4*CHICAGO*IL*60601~\nDMG*D8*19700101*M~\nNM1*PR*2*AETNA*****PI*AET01~\n"
          "HL*4*3*23*0~\nPAT*19~\nNM1*QC*1*DOE*JANE~\nN3*9 ELM ST~\nN4*CHICAGO*IL*60601~\n"
          "DMG*D8*20100505*F~\nCLM*PAT002*80***11:B:1*Y*A*Y*Y~\nHI*ABK:J069~\n"
          "NM1*82*1*SMITH*ALAN****XX*1234567893~\nLX*1~\nSV1*HC:87880*80*UN*1***1~\n"
          "DTP*472*RD8*20240710-20240711~\nSE*40*0001~\n" END;

static void test_x12_837(void) {
  bs_format format;
  got *g = read_file_as("claims.dat", claim_837p, &format);
  CHECK(format == BS_FMT_X12);
  const char *p1 = "transaction 1 loop ";
  (void)p1;
  const want_unit want[] = {
      {"NM1*85-09[NPI]", "1234567893", BS_EL_NPI, 0, "transaction 1 loop 2010AA"},
      {"NM1*85-03", "GOOD HEALTH CLINIC", BS_EL_NONE, 0, "transaction 1 loop 2010AA"},
      {"NM1*IL-03", "OKAFOR", BS_EL_LAST_NAME, 1, "transaction 1 loop 2010BA"},
      {"NM1*IL-04", "ADAEZE", BS_EL_FIRST_NAME, 1, "transaction 1 loop 2010BA"},
      {"NM1*IL-09", "XQM884512", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2010BA"},
      {"N3*IL-01", "1234 OAK ST", BS_EL_ADDRESS, 1, "transaction 1 loop 2010BA"},
      {"N4*IL-03", "62704", BS_EL_ZIP, 1, "transaction 1 loop 2010BA"},
      {"DMG*IL-02", "19620314", BS_EL_DOB, 1, "transaction 1 loop 2010BA"},
      {"REF*SY-02", "321549876", BS_EL_SSN, 1, "transaction 1 loop 2010BA"},
      {"HI[ABK]", "E119", BS_EL_ICD10CM, 1, "transaction 1 loop 2300"},
      {"HI[ABF]", "I10", BS_EL_ICD10CM, 1, "transaction 1 loop 2300"},
      {"SV1-01[HC]", "99213", BS_EL_CPT, 1, "transaction 1 loop 2400"},
      {"SV1-01", "25", BS_EL_NONE, 1, "transaction 1 loop 2400"},
      {"DTP*472-03", "20240714", BS_EL_SERVICE_DATE, 1, "transaction 1 loop 2400"},
      {"NM1*IL-03", "DOE", BS_EL_LAST_NAME, 2, "transaction 1 loop 2010BA"},
      {"N4*IL-03", "60601", BS_EL_ZIP, 2, "transaction 1 loop 2010BA"},
      {"NM1*QC-04", "JANE", BS_EL_FIRST_NAME, 3, "transaction 1 loop 2010CA"},
      {"DMG*QC-02", "20100505", BS_EL_DOB, 3, "transaction 1 loop 2010CA"},
      {"HI[ABK]", "J069", BS_EL_ICD10CM, 3, "transaction 1 loop 2300"},
      {"NM1*82-03", "SMITH", BS_EL_NONE, 3, "transaction 1 loop 2310"},
      {"SV1-01[HC]", "87880", BS_EL_CPT, 3, "transaction 1 loop 2400"},
      {"DTP*472-03", "20240710", BS_EL_SERVICE_DATE, 3, "transaction 1 loop 2400"},
      {"DTP*472-03", "20240711", BS_EL_SERVICE_DATE, 3, "transaction 1 loop 2400"},
  };
  expect_units(g, "837P", want, N(want));
  const want_finding findings[] = {
      {BS_EL_DOB, "1962-03-14", 1, "DMG*IL-02"},
      {BS_EL_SSN, "321549876", 1, "REF*SY-02"},
      {BS_EL_MEMBER_ID, "XQM884512", 1, "NM1*IL-09"},
      {BS_EL_LAST_NAME, "OKAFOR", 1, "NM1*IL-03"},
      {BS_EL_ICD10CM, "E119", 1, "HI[ABK]"},
      {BS_EL_CPT, "99213", 1, "SV1-01[HC]"},
      {BS_EL_SERVICE_DATE, "2024-07-14", 1, "DTP*472-03"},
      {BS_EL_DOB, "2010-05-05", 3, "DMG*QC-02"},
      {BS_EL_ICD10CM, "J069", 3, "HI[ABK]"},
      {BS_EL_NPI, "1234567893", 0, "NM1*85-09[NPI]"},
  };
  expect_findings(g, "837P", findings, N(findings));
  CHECKF(g->diags_n == 0, "837P: %s", g->diags[0]);
  release(g);
}

static const char remit_835[] = ISA GS(
    "HP") "ST*835*1234~\nBPR*I*150*C*CHK************20240720~\nTRN*1*12345*1512345678~\n"
          "N1*PR*BLUE CROSS~\nN1*PE*GOOD HEALTH CLINIC*XX*1234567893~\nLX*1~\n"
          "CLP*PAT001*1*150*120**12*CLAIM0001*11*1~\nNM1*QC*1*OKAFOR*ADAEZE****MI*XQM884512~\n"
          "NM1*82*1*SMITH*ALAN****XX*1234567893~\nDTM*232*20240714~\nSVC*HC:99213*150*120~\n"
          "DTM*472*20240714~\nCAS*CO*45*30~\nSE*12*1234~\n" END;

static const char enroll_834[] = ISA GS(
    "BE") "ST*834*0001*005010X220A1~\nBGN*00*12456*20240701*1200****2~\n"
          "N1*P5*ACME CORP*FI*123456789~\nN1*IN*BLUE CROSS*FI*987654321~\n"
          "INS*Y*18*021*28*A***FT~\nREF*0F*XQM884512~\nREF*1L*GRP01~\nDTP*356*D8*20240101~\n"
          "NM1*IL*1*OKAFOR*ADAEZE*N***34*321549876~\nPER*IP**HP*3125550142*EM*ADA@EXAMPLE.COM~\n"
          "N3*1234 OAK ST~\nN4*SPRINGFIELD*IL*62704~\nDMG*D8*19620314*F~\nHD*021**HLT~\n"
          "DTP*348*D8*20240101~\nINS*N*19*021*28*A~\nREF*0F*XQM884512~\nNM1*IL*1*OKAFOR*EMEKA~\n"
          "DMG*D8*20120909*M~\nSE*19*0001~\n" END;

static const char eligibility_270[] =
    ISA GS("HS") "ST*270*0001*005010X279A1~\nBHT*0022*13*10001234*20240715*1200~\n"
                 "HL*1**20*1~\nNM1*PR*2*BLUE CROSS*****PI*BCBS01~\nHL*2*1*21*1~\n"
                 "NM1*1P*2*GOOD HEALTH CLINIC*****XX*1234567893~\nHL*3*2*22*0~\n"
                 "TRN*1*93175-012547*9877281234~\nNM1*IL*1*OKAFOR*ADAEZE****MI*XQM884512~\n"
                 "DMG*D8*19620314~\nDTP*291*D8*20240715~\nEQ*30~\nSE*12*0001~\n" END;

static void test_x12_others(void) {
  got *g = read_file_as("remit.835", remit_835, NULL);
  const want_unit w835[] = {
      {"N1*PE-04", "1234567893", BS_EL_NONE, 0, "transaction 1 loop 1000B"},
      {"NM1*QC-03", "OKAFOR", BS_EL_LAST_NAME, 1, "transaction 1 loop 2100"},
      {"NM1*QC-09", "XQM884512", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2100"},
      {"DTM*232-02", "20240714", BS_EL_SERVICE_DATE, 1, "transaction 1 loop 2100"},
      {"SVC-01[HC]", "99213", BS_EL_CPT, 1, "transaction 1 loop 2110"},
      {"DTM*472-02", "20240714", BS_EL_SERVICE_DATE, 1, "transaction 1 loop 2110"},
  };
  expect_units(g, "835", w835, N(w835));
  const want_finding f835[] = {{BS_EL_CPT, "99213", 1, "SVC-01[HC]"},
                               {BS_EL_SERVICE_DATE, "2024-07-14", 1, "DTM*472-02"}};
  expect_findings(g, "835", f835, N(f835));
  CHECK(g->diags_n == 0);
  release(g);

  g = read_file_as("enroll.txt", enroll_834, NULL);
  const want_unit w834[] = {
      {"REF*0F-02", "XQM884512", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2000"},
      {"NM1*IL-09[SSN]", "321549876", BS_EL_SSN, 1, "transaction 1 loop 2100A"},
      {"PER*IL-04[phone]", "3125550142", BS_EL_PHONE, 1, "transaction 1 loop 2100A"},
      {"PER*IL-06[email]", "ADA@EXAMPLE.COM", BS_EL_EMAIL, 1, "transaction 1 loop 2100A"},
      {"DMG*IL-02", "19620314", BS_EL_DOB, 1, "transaction 1 loop 2100A"},
      {"HD-03", "HLT", BS_EL_NONE, 1, "transaction 1 loop 2300"},
      {"NM1*IL-04", "EMEKA", BS_EL_FIRST_NAME, 2, "transaction 1 loop 2100A"},
      {"DMG*IL-02", "20120909", BS_EL_DOB, 2, "transaction 1 loop 2100A"},
      {"N1*P5-02", "ACME CORP", BS_EL_NONE, 0, "transaction 1 loop 1000A"},
  };
  expect_units(g, "834", w834, N(w834));
  const want_finding f834[] = {{BS_EL_SSN, "321549876", 1, "NM1*IL-09[SSN]"},
                               {BS_EL_EMAIL, "ada@example.com", 1, "PER*IL-06[email]"},
                               {BS_EL_DOB, "2012-09-09", 2, "DMG*IL-02"}};
  expect_findings(g, "834", f834, N(f834));
  release(g);

  g = read_file_as("elig.x12", eligibility_270, NULL);
  const want_unit w270[] = {
      {"NM1*PR-03", "BLUE CROSS", BS_EL_NONE, 0, "transaction 1 loop 2100A"},
      {"NM1*1P-09[NPI]", "1234567893", BS_EL_NPI, 0, "transaction 1 loop 2100B"},
      {"NM1*IL-09", "XQM884512", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2100C"},
      {"DMG*IL-02", "19620314", BS_EL_DOB, 1, "transaction 1 loop 2100C"},
      {"EQ-01", "30", BS_EL_NONE, 1, "transaction 1 loop 2110C"},
  };
  expect_units(g, "270", w270, N(w270));
  release(g);
}

static void test_x12_malformed(void) {
  got *g = calloc(1, sizeof *g);
  bs_unit_sink sink = {on_unit, on_diag, NULL, NULL, g};
  /* Truncated ISA: the usual separators, a claim with no subscriber loop. */
  const char *truncated = "ISA*00*    *00~CLM*X1*10~HI*ABK:E119~DMG*D8*19621345~";
  CHECK(bs_extract_x12(truncated, strlen(truncated), &sink) == BS_OK);
  const want_unit w1[] = {{"HI[ABK]", "E119", BS_EL_ICD10CM, 1, "transaction 1 loop 2300"},
                          {"DMG-02", "19621345", BS_EL_NONE, 1, "transaction 1 loop 2300"}};
  expect_units(g, "truncated ISA", w1, N(w1));
  CHECK(has_diag(g, "ISA segment truncated"));
  CHECK(has_diag(g, "no subscriber or patient loop"));
  /* No ISA, segments on lines; a line that is no segment. */
  memset(g, 0, sizeof *g);
  const char *bare = "ST*837*1\nHL*1**22\nNM1*IL*1*LEE*AL****MI*M1234567\n%%% stray text\n";
  CHECK(bs_extract_x12(bare, strlen(bare), &sink) == BS_OK);
  const want_unit w2[] = {
      {"NM1*IL-09", "M1234567", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2010BA"},
      {"", "%%% stray text", BS_EL_NONE, 1, "transaction 1 loop 2010BA"}};
  expect_units(g, "no ISA", w2, N(w2));
  CHECK(has_diag(g, "no ISA segment"));
  CHECK(has_diag(g, "not a segment"));
  /* ISA announces ~ but segments end at line ends. */
  memset(g, 0, sizeof *g);
  const char *wrong =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240715*1200*^*00501*"
      "000000001*0*P*:~\nST*834*1\nINS*Y*18\nNM1*IL*1*LEE*AL****MI*M1234567\n";
  CHECK(bs_extract_x12(wrong, strlen(wrong), &sink) == BS_OK);
  const want_unit w3[] = {
      {"NM1*IL-09", "M1234567", BS_EL_MEMBER_ID, 1, "transaction 1 loop 2100A"}};
  expect_units(g, "wrong terminator", w3, N(w3));
  CHECK(has_diag(g, "segments read as lines"));
  free(g);
}

/* ---- FHIR R4 ----------------------------------------------------------------------- */

/* A Bundle whose Condition comes before its Patient, refers to it by urn:uuid, and a
 * Practitioner who is nobody's patient. */
static const char fhir_bundle[] =
    "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
    "{\"fullUrl\":\"urn:uuid:c1\",\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\","
    "\"subject\":{\"reference\":\"urn:uuid:p1\"},\"code\":{\"coding\":[{\"system\":"
    "\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11.9\",\"display\":\"Type 2 diabetes\"},"
    "{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]},"
    "\"onsetDateTime\":\"2024-07-01\"}},"
    "{\"fullUrl\":\"urn:uuid:p1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\","
    "\"text\":{\"status\":\"generated\",\"div\":\"<div>Ada Okafor, SSN 321-54-9876</div>\"},"
    "\"identifier\":[{\"system\":\"http://hl7.org/fhir/sid/us-ssn\",\"value\":\"321549876\"},"
    "{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0203\","
    "\"code\":\"MR\"}]},\"system\":\"urn:oid:1.2.3\",\"value\":\"4455667\"},"
    "{\"system\":\"http://hl7.org/fhir/sid/us-mbi\",\"value\":\"1EG4-TE5-MK73\"}],"
    "\"name\":[{\"family\":\"Okafor\",\"given\":[\"Adaeze\",\"N\"]}],"
    "\"telecom\":[{\"system\":\"phone\",\"value\":\"(312) 555-0142\"},"
    "{\"system\":\"email\",\"value\":\"ada@example.com\"}],"
    "\"gender\":\"female\",\"birthDate\":\"1962-03-14\","
    "\"address\":[{\"line\":[\"1234 Oak St\"],\"city\":\"Springfield\",\"state\":\"IL\","
    "\"postalCode\":\"62704\"}]}},"
    "{\"resource\":{\"resourceType\":\"Procedure\",\"id\":\"pr1\",\"subject\":{\"reference\":"
    "\"Patient/p1\"},\"code\":{\"coding\":[{\"system\":\"http://www.ama-assn.org/go/cpt\","
    "\"code\":\"99213\"}]},\"performedDateTime\":\"2024-07-14T09:30:00-05:00\"}},"
    "{\"resource\":{\"resourceType\":\"Encounter\",\"id\":\"e1\",\"subject\":{\"reference\":"
    "\"http://example.org/fhir/Patient/p1/_history/2\"},\"period\":{\"start\":\"2024-07-14\","
    "\"end\":\"2024-07-18\"}}},"
    "{\"resource\":{\"resourceType\":\"Coverage\",\"id\":\"cov1\",\"beneficiary\":{\"reference\":"
    "\"Patient/p1\"},\"subscriberId\":\"XQM884512\",\"identifier\":[{\"type\":{\"coding\":[{"
    "\"code\":\"MB\"}]},\"value\":\"XQM884512-01\"}]}},"
    "{\"resource\":{\"resourceType\":\"Practitioner\",\"id\":\"dr1\",\"identifier\":[{\"system\":"
    "\"http://hl7.org/fhir/sid/us-npi\",\"value\":\"1234567893\"}],\"name\":[{\"family\":"
    "\"Smith\"}]}},"
    "{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"custom\"}}}"
    "]}";

static void test_fhir_bundle(void) {
  bs_format format;
  got *g = read_file_as("export.json", fhir_bundle, &format);
  CHECK(format == BS_FMT_FHIR);
  const want_unit want[] = {
      {"Condition.code[icd-10-cm]", "E11.9", BS_EL_ICD10CM, 1, "Condition/c1"},
      {"Condition.code[snomed]", "44054006", BS_EL_NONE, 1, "Condition/c1"},
      {"Condition.code.display", "Type 2 diabetes", BS_EL_NONE, 1, "Condition/c1"},
      {"Condition.onsetDateTime", "2024-07-01", BS_EL_SERVICE_DATE, 1, "Condition/c1"},
      {"", "<div>Ada Okafor, SSN 321-54-9876</div>", BS_EL_NONE, 1, "Patient/p1"},
      {"Patient.identifier[ssn]", "321549876", BS_EL_SSN, 1, "Patient/p1"},
      {"Patient.identifier[mrn]", "4455667", BS_EL_MRN, 1, "Patient/p1"},
      {"Patient.identifier[mbi]", "1EG4-TE5-MK73", BS_EL_MBI, 1, "Patient/p1"},
      {"Patient.name.family", "Okafor", BS_EL_LAST_NAME, 1, "Patient/p1"},
      {"Patient.name.given", "Adaeze", BS_EL_FIRST_NAME, 1, "Patient/p1"},
      {"Patient.telecom[phone]", "(312) 555-0142", BS_EL_PHONE, 1, "Patient/p1"},
      {"Patient.telecom[email]", "ada@example.com", BS_EL_EMAIL, 1, "Patient/p1"},
      {"Patient.birthDate", "1962-03-14", BS_EL_DOB, 1, "Patient/p1"},
      {"Patient.address.line", "1234 Oak St", BS_EL_ADDRESS, 1, "Patient/p1"},
      {"Patient.address.city", "Springfield", BS_EL_CITY, 1, "Patient/p1"},
      {"Patient.address.state", "IL", BS_EL_STATE, 1, "Patient/p1"},
      {"Patient.address.postalCode", "62704", BS_EL_ZIP, 1, "Patient/p1"},
      {"Procedure.code[cpt]", "99213", BS_EL_CPT, 1, "Procedure/pr1 (Patient/p1)"},
      {"Procedure.performedDateTime", "2024-07-14T09:30:00-05:00", BS_EL_SERVICE_DATE, 1,
       "Procedure/pr1 (Patient/p1)"},
      {"Encounter.period.start", "2024-07-14", BS_EL_SERVICE_DATE, 1, "Encounter/e1 (Patient/p1)"},
      {"Encounter.period.end", "2024-07-18", BS_EL_SERVICE_DATE, 1, "Encounter/e1 (Patient/p1)"},
      {"Coverage.subscriberId", "XQM884512", BS_EL_MEMBER_ID, 1, "Coverage/cov1 (Patient/p1)"},
      {"Coverage.identifier[member]", "XQM884512-01", BS_EL_MEMBER_ID, 1,
       "Coverage/cov1 (Patient/p1)"},
      {"Practitioner.identifier[npi]", "1234567893", BS_EL_NPI, 2, "Practitioner/dr1"},
      {"Practitioner.name.family", "Smith", BS_EL_LAST_NAME, 2, "Practitioner/dr1"},
      {"Basic.code.text", "custom", BS_EL_NONE, 3, "Basic"},
  };
  expect_units(g, "FHIR Bundle", want, N(want));
  const want_finding findings[] = {
      {BS_EL_ICD10CM, "E119", 1, "Condition.code[icd-10-cm]"},
      {BS_EL_SSN, "321549876", 1, "Patient.identifier[ssn]"},
      {BS_EL_MBI, "1EG4TE5MK73", 1, "Patient.identifier[mbi]"},
      {BS_EL_DOB, "1962-03-14", 1, "Patient.birthDate"},
      {BS_EL_CPT, "99213", 1, "Procedure.code[cpt]"},
      {BS_EL_SERVICE_DATE, "2024-07-14", 1, "Procedure.performedDateTime"},
      {BS_EL_SERVICE_DATE, "2024-07-14", 1, "Encounter.period.start"},
      {BS_EL_MEMBER_ID, "XQM884512", 1, "Coverage.subscriberId"},
      {BS_EL_SSN, "321549876", 1, ""},
  };
  expect_findings(g, "FHIR Bundle", findings, N(findings));
  CHECK(count_units(g, "Patient.gender") == 1);
  CHECK(g->diags_n == 0);
  release(g);
}

/* Bulk data export: NDJSON files, one per resource type. */
static void test_fhir_ndjson(void) {
  const char *patients =
      "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1962-03-14\"}\n"
      "{\"resourceType\":\"Patient\",\"id\":\"b\",\"birthDate\":\"1970-01-01\"}\n";
  got *g = read_file_as("Patient.ndjson", patients, NULL);
  const want_unit w1[] = {{"Patient.birthDate", "1962-03-14", BS_EL_DOB, 1, "Patient/a"},
                          {"Patient.birthDate", "1970-01-01", BS_EL_DOB, 2, "Patient/b"}};
  expect_units(g, "Patient.ndjson", w1, N(w1));
  CHECK(g->units_n == 2 && g->units[1].line == 2);
  release(g);
  /* Conditions of two patients, interleaved, one line broken, one unknown resource. */
  const char *conditions =
      "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/b\"},\"code\":{"
      "\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"I10\"}]}}\n"
      "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/a\"},\"code\":{"
      "\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11.9\"}]}}\n"
      "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\n"
      "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/b\"},\"code\":{"
      "\"coding\":[{\"system\":\"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets\","
      "\"code\":\"G0008\"}]}}\n"
      "{\"resourceType\":\"FutureThing\",\"note\":\"call 312-555-0142\"}\n"
      "{\"no\":\"resourceType\"}\n";
  g = read_file_as("Condition.ndjson", conditions, NULL);
  const want_unit w2[] = {
      {"Condition.code[icd-10-cm]", "I10", BS_EL_ICD10CM, 1, "Condition (Patient/b)"},
      {"Condition.code[icd-10-cm]", "E11.9", BS_EL_ICD10CM, 2, "Condition (Patient/a)"},
      {"Condition.code[hcpcs]", "G0008", BS_EL_HCPCS, 1, "Condition (Patient/b)"},
      {"FutureThing.note", "call 312-555-0142", BS_EL_NONE, 3, "FutureThing"},
  };
  expect_units(g, "Condition.ndjson", w2, N(w2));
  const want_finding f2[] = {{BS_EL_PHONE, "3125550142", 3, "FutureThing.note"}};
  expect_findings(g, "Condition.ndjson", f2, N(f2));
  CHECK(has_diag(g, "line 3") && has_diag(g, "invalid JSON"));
  CHECK(has_diag(g, "without a resourceType"));
  release(g);
}

/* ---- C-CDA ------------------------------------------------------------------------- */

static const char ccd[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "<templateId root=\"2.16.840.1.113883.10.20.22.1.2\" extension=\"2015-08-01\"/>\n"
    "<code code=\"34133-9\" codeSystem=\"2.16.840.1.113883.6.1\"/>\n"
    "<effectiveTime value=\"20240720120000-0500\"/>\n"
    "<recordTarget><patientRole>\n"
    "<id root=\"2.16.840.1.113883.4.1\" extension=\"321-54-9876\"/>\n"
    "<id root=\"1.3.6.1.4.1.22812.3.99\" extension=\"4455667\"/>\n"
    "<addr use=\"HP\"><streetAddressLine>1234 Oak St</streetAddressLine>"
    "<city>Springfield</city><state>IL</state><postalCode>62704</postalCode></addr>\n"
    "<telecom use=\"HP\" value=\"tel:+1(312)555-0142\"/>\n"
    "<telecom value=\"mailto:ada@example.com\"/>\n"
    "<patient><name use=\"L\"><given>Adaeze</given><family>Okafor</family></name>\n"
    "<administrativeGenderCode code=\"F\" codeSystem=\"2.16.840.1.113883.5.1\"/>\n"
    "<birthTime value=\"19620314\"/>\n"
    "<guardian><guardianPerson><name><given>Chidi</given></name></guardianPerson></guardian>\n"
    "</patient></patientRole></recordTarget>\n"
    "<author><time value=\"20240720\"/><assignedAuthor><id root=\"2.16.840.1.113883.4.6\" "
    "extension=\"1234567893\"/></assignedAuthor></author>\n"
    "<component><structuredBody>\n"
    "<component><section><code code=\"11450-4\" codeSystem=\"2.16.840.1.113883.6.1\"/>"
    "<title>Problems</title>\n"
    "<text><table><tr><td>Type 2 diabetes</td><td>since 2019</td></tr></table>"
    "<paragraph>Call 312-555-0177 with results</paragraph></text>\n"
    "<entry><act><entryRelationship><observation classCode=\"OBS\" moodCode=\"EVN\">\n"
    "<effectiveTime><low value=\"20190301\"/></effectiveTime>\n"
    "<value xsi:type=\"CD\" code=\"E11.9\" codeSystem=\"2.16.840.1.113883.6.90\"/>\n"
    "<value xsi:type=\"CD\" code=\"44054006\" codeSystem=\"2.16.840.1.113883.6.96\"/>\n"
    "</observation></entryRelationship></act></entry></section></component>\n"
    "<component><section><title>Procedures</title><text>Office visit</text>\n"
    "<entry><procedure><code code=\"99213\" codeSystem=\"2.16.840.1.113883.6.12\"/>"
    "<effectiveTime value=\"20240714\"/></procedure></entry></section></component>\n"
    "</structuredBody></component></ClinicalDocument>\n";

static void test_cda(void) {
  bs_format format;
  got *g = read_file_as("ccd.xml", ccd, &format);
  CHECK(format == BS_FMT_CDA);
  const want_unit want[] = {
      {"recordTarget.id[ssn]", "321-54-9876", BS_EL_SSN, 1, "recordTarget"},
      {"recordTarget.id[mrn]", "4455667", BS_EL_MRN, 1, "recordTarget"},
      {"recordTarget.addr.streetAddressLine", "1234 Oak St", BS_EL_ADDRESS, 1, "recordTarget"},
      {"recordTarget.addr.city", "Springfield", BS_EL_CITY, 1, "recordTarget"},
      {"recordTarget.addr.postalCode", "62704", BS_EL_ZIP, 1, "recordTarget"},
      {"recordTarget.telecom[phone]", "+1(312)555-0142", BS_EL_PHONE, 1, "recordTarget"},
      {"recordTarget.telecom[email]", "ada@example.com", BS_EL_EMAIL, 1, "recordTarget"},
      {"recordTarget.name.given", "Adaeze", BS_EL_FIRST_NAME, 1, "recordTarget"},
      {"recordTarget.name.family", "Okafor", BS_EL_LAST_NAME, 1, "recordTarget"},
      {"recordTarget.birthTime", "19620314", BS_EL_DOB, 1, "recordTarget"},
      {"", "Type 2 diabetes\nsince 2019\nCall 312-555-0177 with results", BS_EL_NONE, 1,
       "section 1"},
      {"effectiveTime.low", "20190301", BS_EL_SERVICE_DATE, 1, "section 1"},
      {"observation.value[icd-10-cm]", "E11.9", BS_EL_ICD10CM, 1, "section 1"},
      {"observation.value[snomed]", "44054006", BS_EL_NONE, 1, "section 1"},
      {"", "Office visit", BS_EL_NONE, 1, "section 2"},
      {"procedure.code[cpt]", "99213", BS_EL_CPT, 1, "section 2"},
      {"effectiveTime", "20240714", BS_EL_SERVICE_DATE, 1, "section 2"},
  };
  expect_units(g, "CCD", want, N(want));
  CHECK(count_units(g, "recordTarget.name.given") == 1); /* not the guardian's */
  const want_finding findings[] = {
      {BS_EL_SSN, "321549876", 1, "recordTarget.id[ssn]"},
      {BS_EL_DOB, "1962-03-14", 1, "recordTarget.birthTime"},
      {BS_EL_PHONE, "3125550142", 1, "recordTarget.telecom[phone]"},
      {BS_EL_ICD10CM, "E119", 1, "observation.value[icd-10-cm]"},
      {BS_EL_CPT, "99213", 1, "procedure.code[cpt]"},
      {BS_EL_SERVICE_DATE, "2024-07-14", 1, "effectiveTime"},
      {BS_EL_PHONE, "3125550177", 1, ""},
  };
  expect_findings(g, "CCD", findings, N(findings));
  CHECK(g->diags_n == 0);
  release(g);
  /* Cut short: what came before the fault is kept, the fault reported. */
  char cut[1200];
  snprintf(cut, sizeof cut, "%.*s", (int)(strstr(ccd, "<guardian>") - ccd), ccd);
  g = read_file_as("cut.xml", cut, &format);
  CHECK(format == BS_FMT_CDA);
  const want_unit w2[] = {{"recordTarget.birthTime", "19620314", BS_EL_DOB, 1, "recordTarget"}};
  expect_units(g, "CCD cut", w2, N(w2));
  CHECK(has_diag(g, "malformed XML"));
  release(g);
}

/* ---- Provider identifiers ----------------------------------------------------------- */

/* The ID of an XCN person (attending, referring doctor) whose identifier type code
 * (component 13) is NPI; a CDA author's id in the NPI namespace, in the header. */
static void test_provider_npis(void) {
  static const char adt[] =
      "MSH|^~\\&|ADT1|GHH|LAB|GHH|20240714083000||ADT^A04^ADT_A01|M2|P|2.5.1\r"
      "PID|1||4455667^^^GHH^MR||OKAFOR^ADAEZE||19620314|F\r"
      "PV1|1|O|FM^^^GHH||||1234567893^JONES^ANN^^^^MD^^NPI^L^^^NPI|"
      "1245319599^LEE^AL^^^^^^^^^^XX\r";
  got *g = read_file_as("adt.hl7", adt, NULL);
  const want_unit want[] = {
      {"PV1-7[NPI]", "1234567893", BS_EL_NPI, 1, "message 1 PV1"},
      {"PV1-7.2", "JONES", BS_EL_NONE, 1, "message 1 PV1"},
      {"PV1-8[XX]", "1245319599", BS_EL_NONE, 1, "message 1 PV1"},
  };
  expect_units(g, "XCN", want, N(want));
  const want_finding findings[] = {{BS_EL_NPI, "1234567893", 1, "PV1-7[NPI]"}};
  expect_findings(g, "XCN", findings, N(findings));
  release(g);

  g = read_file_as("ccd.xml", ccd, NULL);
  const want_unit author[] = {{"assignedAuthor.id[npi]", "1234567893", BS_EL_NPI, 1, "header"}};
  expect_units(g, "CCD author", author, N(author));
  const want_finding npi[] = {{BS_EL_NPI, "1234567893", 1, "assignedAuthor.id[npi]"}};
  expect_findings(g, "CCD author", npi, N(npi));
  release(g);
}

void test_health(void) {
  test_hl7_adt();
  test_hl7_oru();
  test_hl7_malformed();
  test_x12_837();
  test_x12_others();
  test_x12_malformed();
  test_fhir_bundle();
  test_fhir_ndjson();
  test_cda();
  test_provider_npis();
  test_engine_release();
}
