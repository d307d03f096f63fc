/* Field hints: header and key names mapped to element types, and the validation of a
 * whole cell as the type its hint names. */
#include "detect/hints.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "detect/internal.h"
#include "detect/validate.h"

typedef enum hint_match { EXACT, CONTAINS, PREFIX } hint_match;

typedef struct hint_rule {
  const char *word; /* lower case letters and digits only */
  hint_match match; /* how word is compared with the normalized hint */
  bs_element type;  /* what it names */
} hint_rule;

/* First matching rule wins: specific rules before general ones ("provider npi" is an
 * NPI, "provider name" is nobody's patient name). */
static const hint_rule rules[] = {
    /* HL7 v2 fields (hl7.c): "PID-7" -> "pid7", "PID-5.1" -> "pid51", "PID-3[SS]" -> "pid3ss". */
    {"pid2", EXACT, BS_EL_MRN},
    {"pid3", EXACT, BS_EL_MRN},
    {"pid3mr", EXACT, BS_EL_MRN},
    {"pid3pi", EXACT, BS_EL_MRN},
    {"pid3pt", EXACT, BS_EL_MRN},
    {"pid3ss", EXACT, BS_EL_SSN},
    {"pid3mb", EXACT, BS_EL_MEMBER_ID},
    {"pid3ma", EXACT, BS_EL_MEMBER_ID},
    {"pid3mc", EXACT, BS_EL_MBI},
    {"pid3dl", EXACT, BS_EL_DRIVERS_LICENSE},
    {"pid3ppn", EXACT, BS_EL_PASSPORT},
    {"pid4", EXACT, BS_EL_MRN},
    {"pid5", EXACT, BS_EL_NAME},
    {"pid51", EXACT, BS_EL_LAST_NAME},
    {"pid52", EXACT, BS_EL_FIRST_NAME},
    {"pid7", EXACT, BS_EL_DOB},
    {"pid71", EXACT, BS_EL_DOB},
    {"pid11", EXACT, BS_EL_ADDRESS},
    {"pid111", EXACT, BS_EL_ADDRESS},
    {"pid113", EXACT, BS_EL_CITY},
    {"pid114", EXACT, BS_EL_STATE},
    {"pid115", EXACT, BS_EL_ZIP},
    {"pid13", EXACT, BS_EL_PHONE},
    {"pid131", EXACT, BS_EL_PHONE},
    {"pid134", EXACT, BS_EL_EMAIL},
    {"pid14", EXACT, BS_EL_PHONE},
    {"pid141", EXACT, BS_EL_PHONE},
    {"pid19", EXACT, BS_EL_SSN},
    {"pid20", EXACT, BS_EL_DRIVERS_LICENSE},
    {"pid201", EXACT, BS_EL_DRIVERS_LICENSE},
    {"nk12", EXACT, BS_EL_NAME},
    {"nk121", EXACT, BS_EL_LAST_NAME},
    {"nk122", EXACT, BS_EL_FIRST_NAME},
    {"nk14", EXACT, BS_EL_ADDRESS},
    {"nk141", EXACT, BS_EL_ADDRESS},
    {"nk143", EXACT, BS_EL_CITY},
    {"nk144", EXACT, BS_EL_STATE},
    {"nk145", EXACT, BS_EL_ZIP},
    {"nk15", EXACT, BS_EL_PHONE},
    {"nk151", EXACT, BS_EL_PHONE},
    {"nk154", EXACT, BS_EL_EMAIL},
    {"nk16", EXACT, BS_EL_PHONE},
    {"nk161", EXACT, BS_EL_PHONE},
    {"nk116", EXACT, BS_EL_DOB},
    {"nk137", EXACT, BS_EL_SSN},
    {"gt13", EXACT, BS_EL_NAME},
    {"gt131", EXACT, BS_EL_LAST_NAME},
    {"gt132", EXACT, BS_EL_FIRST_NAME},
    {"gt15", EXACT, BS_EL_ADDRESS},
    {"gt151", EXACT, BS_EL_ADDRESS},
    {"gt153", EXACT, BS_EL_CITY},
    {"gt154", EXACT, BS_EL_STATE},
    {"gt155", EXACT, BS_EL_ZIP},
    {"gt16", EXACT, BS_EL_PHONE},
    {"gt161", EXACT, BS_EL_PHONE},
    {"gt17", EXACT, BS_EL_PHONE},
    {"gt171", EXACT, BS_EL_PHONE},
    {"gt18", EXACT, BS_EL_DOB},
    {"gt112", EXACT, BS_EL_SSN},
    {"pv144", EXACT, BS_EL_SERVICE_DATE},
    {"pv1441", EXACT, BS_EL_SERVICE_DATE},
    {"pv145", EXACT, BS_EL_SERVICE_DATE},
    {"pv1451", EXACT, BS_EL_SERVICE_DATE},
    {"pv28", EXACT, BS_EL_SERVICE_DATE},
    {"pv29", EXACT, BS_EL_SERVICE_DATE},
    {"in116", EXACT, BS_EL_NAME},
    {"in1161", EXACT, BS_EL_LAST_NAME},
    {"in1162", EXACT, BS_EL_FIRST_NAME},
    {"in118", EXACT, BS_EL_DOB},
    {"in119", EXACT, BS_EL_ADDRESS},
    {"in1191", EXACT, BS_EL_ADDRESS},
    {"in1193", EXACT, BS_EL_CITY},
    {"in1194", EXACT, BS_EL_STATE},
    {"in1195", EXACT, BS_EL_ZIP},
    {"in136", EXACT, BS_EL_MEMBER_ID},
    {"in149", EXACT, BS_EL_MEMBER_ID},
    {"in22", EXACT, BS_EL_SSN},
    {"in26", EXACT, BS_EL_MBI},
    {"in28", EXACT, BS_EL_MEMBER_ID},
    {"dg13", EXACT, BS_EL_ICD10CM},
    {"dg131", EXACT, BS_EL_ICD10CM},
    {"dg15", EXACT, BS_EL_SERVICE_DATE},
    {"pr13", EXACT, BS_EL_CPT},
    {"pr131", EXACT, BS_EL_CPT},
    {"pr15", EXACT, BS_EL_SERVICE_DATE},
    /* X12 5010 elements (x12.c): "NM1*IL-09" -> "nm1il09", "HI[ABK]" -> "hiabk". */
    {"nm1il03", EXACT, BS_EL_LAST_NAME},
    {"nm1il04", EXACT, BS_EL_FIRST_NAME},
    {"nm1il09", EXACT, BS_EL_MEMBER_ID},
    {"nm1qc03", EXACT, BS_EL_LAST_NAME},
    {"nm1qc04", EXACT, BS_EL_FIRST_NAME},
    {"nm1qc09", EXACT, BS_EL_MEMBER_ID},
    {"nm10303", EXACT, BS_EL_LAST_NAME},
    {"nm10304", EXACT, BS_EL_FIRST_NAME},
    {"nm10309", EXACT, BS_EL_MEMBER_ID},
    {"nm17403", EXACT, BS_EL_LAST_NAME},
    {"nm17404", EXACT, BS_EL_FIRST_NAME},
    {"nm17409", EXACT, BS_EL_MEMBER_ID},
    {"n3il01", EXACT, BS_EL_ADDRESS},
    {"n3il02", EXACT, BS_EL_ADDRESS},
    {"n4il01", EXACT, BS_EL_CITY},
    {"n4il02", EXACT, BS_EL_STATE},
    {"n4il03", EXACT, BS_EL_ZIP},
    {"n3qc01", EXACT, BS_EL_ADDRESS},
    {"n3qc02", EXACT, BS_EL_ADDRESS},
    {"n4qc01", EXACT, BS_EL_CITY},
    {"n4qc02", EXACT, BS_EL_STATE},
    {"n4qc03", EXACT, BS_EL_ZIP},
    {"n30301", EXACT, BS_EL_ADDRESS},
    {"n30302", EXACT, BS_EL_ADDRESS},
    {"n40301", EXACT, BS_EL_CITY},
    {"n40302", EXACT, BS_EL_STATE},
    {"n40303", EXACT, BS_EL_ZIP},
    {"dmgil02", EXACT, BS_EL_DOB},
    {"dmgqc02", EXACT, BS_EL_DOB},
    {"dmg0302", EXACT, BS_EL_DOB},
    {"refsy02", EXACT, BS_EL_SSN},
    {"ref1w02", EXACT, BS_EL_MEMBER_ID},
    {"ref0f02", EXACT, BS_EL_MEMBER_ID},
    {"refig02", EXACT, BS_EL_MEMBER_ID},
    {"refhj02", EXACT, BS_EL_MEMBER_ID},
    {"refea02", EXACT, BS_EL_MRN},
    {"dtp47203", EXACT, BS_EL_SERVICE_DATE},
    {"dtp43403", EXACT, BS_EL_SERVICE_DATE},
    {"dtp43503", EXACT, BS_EL_SERVICE_DATE},
    {"dtp09603", EXACT, BS_EL_SERVICE_DATE},
    {"dtm47202", EXACT, BS_EL_SERVICE_DATE},
    {"dtm23202", EXACT, BS_EL_SERVICE_DATE},
    {"dtm23302", EXACT, BS_EL_SERVICE_DATE},
    {"hiabk", EXACT, BS_EL_ICD10CM},
    {"hiabf", EXACT, BS_EL_ICD10CM},
    {"hiabj", EXACT, BS_EL_ICD10CM},
    {"hiapr", EXACT, BS_EL_ICD10CM},
    {"hiabn", EXACT, BS_EL_ICD10CM},
    {"hibk", EXACT, BS_EL_ICD9CM},
    {"hibf", EXACT, BS_EL_ICD9CM},
    {"hibj", EXACT, BS_EL_ICD9CM},
    {"hibbr", EXACT, BS_EL_ICD10PCS},
    {"hibbq", EXACT, BS_EL_ICD10PCS},
    {"sv101hc", EXACT, BS_EL_CPT},
    {"sv202hc", EXACT, BS_EL_CPT},
    {"sv301ad", EXACT, BS_EL_HCPCS},
    {"svc01hc", EXACT, BS_EL_CPT},
    {"svc01ad", EXACT, BS_EL_HCPCS},
    /* FHIR R4 paths (fhir.c) the general rules below do not name. */
    {"hcpcs", CONTAINS, BS_EL_HCPCS}, /* before "pcs" below, which it contains */
    {"periodstart", EXACT, BS_EL_SERVICE_DATE},
    {"periodend", EXACT, BS_EL_SERVICE_DATE},
    {"performeddatetime", EXACT, BS_EL_SERVICE_DATE},
    {"performedperiodstart", EXACT, BS_EL_SERVICE_DATE},
    {"onsetdatetime", EXACT, BS_EL_SERVICE_DATE},
    {"nametext", EXACT, BS_EL_NAME},
    {"addresstext", EXACT, BS_EL_ADDRESS},
    /* CDA (cda.c): "recordTarget.birthTime", "recordTarget.id[ssn]". */
    {"birthtime", EXACT, BS_EL_DOB},
    {"effectivetimelow", EXACT, BS_EL_SERVICE_DATE},
    {"effectivetimehigh", EXACT, BS_EL_SERVICE_DATE},
    {"effectivetime", EXACT, BS_EL_SERVICE_DATE},
    {"npi", CONTAINS, BS_EL_NPI},
    {"provider", CONTAINS, BS_EL_NONE},
    {"physician", CONTAINS, BS_EL_NONE},
    {"doctor", CONTAINS, BS_EL_NONE},
    {"facility", CONTAINS, BS_EL_NONE},
    {"ssn", CONTAINS, BS_EL_SSN},
    {"socialsecurity", CONTAINS, BS_EL_SSN},
    {"socsec", CONTAINS, BS_EL_SSN},
    {"itin", EXACT, BS_EL_ITIN},
    {"mbi", CONTAINS, BS_EL_MBI},
    {"medicarebeneficiary", CONTAINS, BS_EL_MBI},
    {"hicn", CONTAINS, BS_EL_HICN},
    {"medicare", CONTAINS, BS_EL_MBI},
    {"dob", CONTAINS, BS_EL_DOB},
    {"birth", CONTAINS, BS_EL_DOB},
    {"bdate", EXACT, BS_EL_DOB},
    {"mrn", CONTAINS, BS_EL_MRN},
    {"medicalrecord", CONTAINS, BS_EL_MRN},
    {"medrec", CONTAINS, BS_EL_MRN},
    {"chart", CONTAINS, BS_EL_MRN},
    {"patientid", EXACT, BS_EL_MRN},
    {"ptid", EXACT, BS_EL_MRN},
    {"member", CONTAINS, BS_EL_MEMBER_ID},
    {"subscriberid", CONTAINS, BS_EL_MEMBER_ID},
    {"policy", CONTAINS, BS_EL_MEMBER_ID},
    {"insuranceid", CONTAINS, BS_EL_MEMBER_ID},
    {"icd9", CONTAINS, BS_EL_ICD9CM},
    {"pcs", CONTAINS, BS_EL_ICD10PCS},
    {"icd", CONTAINS, BS_EL_ICD10CM},
    {"diag", CONTAINS, BS_EL_ICD10CM},
    {"dx", PREFIX, BS_EL_ICD10CM},
    {"hcpcs", CONTAINS, BS_EL_HCPCS},
    {"cpt", CONTAINS, BS_EL_CPT},
    {"procedurecode", CONTAINS, BS_EL_CPT},
    {"proccode", CONTAINS, BS_EL_CPT},
    {"dos", EXACT, BS_EL_SERVICE_DATE},
    /* A specimen's collection is a date of service. */
    {"collected", CONTAINS, BS_EL_SERVICE_DATE},
    {"collection", CONTAINS, BS_EL_SERVICE_DATE},
    {"specimendate", CONTAINS, BS_EL_SERVICE_DATE},
    {"drawn", CONTAINS, BS_EL_SERVICE_DATE},
    {"service", CONTAINS, BS_EL_SERVICE_DATE},
    {"admit", CONTAINS, BS_EL_SERVICE_DATE},
    {"admission", CONTAINS, BS_EL_SERVICE_DATE},
    {"discharge", CONTAINS, BS_EL_SERVICE_DATE},
    {"visit", CONTAINS, BS_EL_SERVICE_DATE},
    {"encounter", CONTAINS, BS_EL_SERVICE_DATE},
    {"appointment", CONTAINS, BS_EL_SERVICE_DATE},
    {"appt", CONTAINS, BS_EL_SERVICE_DATE},
    {"date", CONTAINS, BS_EL_DATE},
    {"email", CONTAINS, BS_EL_EMAIL},
    {"phone", CONTAINS, BS_EL_PHONE},
    {"tel", PREFIX, BS_EL_PHONE},
    {"mobile", CONTAINS, BS_EL_PHONE},
    {"cell", EXACT, BS_EL_PHONE},
    {"fax", CONTAINS, BS_EL_PHONE},
    {"zip", CONTAINS, BS_EL_ZIP},
    {"postal", CONTAINS, BS_EL_ZIP},
    {"routing", CONTAINS, BS_EL_ROUTING},
    {"aba", EXACT, BS_EL_ROUTING},
    {"cardnumber", CONTAINS, BS_EL_CARD},
    {"creditcard", CONTAINS, BS_EL_CARD},
    {"ccnum", CONTAINS, BS_EL_CARD},
    {"pan", EXACT, BS_EL_CARD},
    {"account", CONTAINS, BS_EL_ACCOUNT},
    {"acct", CONTAINS, BS_EL_ACCOUNT},
    {"driver", CONTAINS, BS_EL_DRIVERS_LICENSE},
    {"license", CONTAINS, BS_EL_DRIVERS_LICENSE},
    {"licence", CONTAINS, BS_EL_DRIVERS_LICENSE},
    {"dl", EXACT, BS_EL_DRIVERS_LICENSE},
    {"dln", EXACT, BS_EL_DRIVERS_LICENSE},
    {"passport", CONTAINS, BS_EL_PASSPORT},
    {"password", CONTAINS, BS_EL_CREDENTIAL},
    {"passwd", CONTAINS, BS_EL_CREDENTIAL},
    {"pwd", EXACT, BS_EL_CREDENTIAL},
    {"firstname", CONTAINS, BS_EL_FIRST_NAME},
    {"fname", EXACT, BS_EL_FIRST_NAME},
    {"givenname", CONTAINS, BS_EL_FIRST_NAME},
    {"given", EXACT, BS_EL_FIRST_NAME},
    {"lastname", CONTAINS, BS_EL_LAST_NAME},
    {"lname", EXACT, BS_EL_LAST_NAME},
    {"surname", CONTAINS, BS_EL_LAST_NAME},
    {"familyname", CONTAINS, BS_EL_LAST_NAME},
    {"family", EXACT, BS_EL_LAST_NAME},
    {"city", CONTAINS, BS_EL_CITY},
    {"town", EXACT, BS_EL_CITY},
    {"state", EXACT, BS_EL_STATE},
    {"st", EXACT, BS_EL_STATE},
    {"addressstate", EXACT, BS_EL_STATE},
    {"address", CONTAINS, BS_EL_ADDRESS},
    {"street", CONTAINS, BS_EL_ADDRESS},
    {"addr", CONTAINS, BS_EL_ADDRESS},
    {"line", EXACT, BS_EL_ADDRESS},
    {"patientname", EXACT, BS_EL_NAME},
    {"fullname", CONTAINS, BS_EL_NAME},
    {"name", EXACT, BS_EL_NAME},
    {"patient", EXACT, BS_EL_NAME},
};

static size_t normalize(const char *text, size_t len, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len && n + 1 < cap; i++)
    if (isalnum((unsigned char)text[i])) out[n++] = (char)tolower((unsigned char)text[i]);
  out[n] = '\0';
  return n;
}

/* X12 N3 and N4 (address and geographic location) hold an address whichever entity
 * the NM1 of their loop names (subscriber, patient, provider, facility, payer): N3-01
 * and N3-02 the street lines, N4-01 the city, N4-02 the state, N4-03 the ZIP code.
 * x12.c hints them "N4*<entity>-03", normalized "n4" + entity + "03". */
static bs_element x12_address(const char *key, size_t len) {
  if (len != 6 || key[0] != 'n' || (key[1] != '3' && key[1] != '4') || key[4] != '0')
    return BS_EL_NONE;
  if (key[1] == '3') return key[5] == '1' || key[5] == '2' ? BS_EL_ADDRESS : BS_EL_NONE;
  return key[5] == '1'   ? BS_EL_CITY
         : key[5] == '2' ? BS_EL_STATE
         : key[5] == '3' ? BS_EL_ZIP
                         : BS_EL_NONE;
}

static bs_element lookup(const char *key) {
  size_t len = strlen(key);
  if (len == 0) return BS_EL_NONE;
  bs_element x12 = x12_address(key, len);
  if (x12 != BS_EL_NONE) return x12;
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    const hint_rule *r = &rules[i];
    size_t wl = strlen(r->word);
    int hit = r->match == EXACT    ? strcmp(key, r->word) == 0
              : r->match == PREFIX ? strncmp(key, r->word, wl) == 0
                                   : strstr(key, r->word) != NULL;
    if (hit) return r->type;
  }
  return BS_EL_NONE;
}

bs_element bs_hint_type(const char *hint) {
  if (!hint) return BS_EL_NONE;
  size_t len = strlen(hint);
  /* Split "a.b[3].c" into its last two keys. */
  size_t last_from = len;
  while (last_from > 0 && hint[last_from - 1] != '.' && hint[last_from - 1] != '/') last_from--;
  char last[128], both[256];
  normalize(hint + last_from, len - last_from, last, sizeof last);
  bs_element type = lookup(last);
  if (type != BS_EL_NONE || last_from == 0) return type;
  size_t parent_from = last_from - 1;
  while (parent_from > 0 && hint[parent_from - 1] != '.' && hint[parent_from - 1] != '/')
    parent_from--;
  normalize(hint + parent_from, len - parent_from, both, sizeof both);
  return lookup(both);
}

/* Headers of columns that hold numbers about things, not persons: an SSN-shaped value
 * under "Reference" or "Order #" is an order number. */
static const char *const not_personal[] = {"order",    "invoice",     "reference", "confirmation",
                                           "tracking", "transaction", "receipt",   "accession",
                                           "serial",   "ticket",      "batch",     "amount",
                                           "total",    "balance",     "price",     "charge"};
static const char *const not_personal_exact[] = {"ref", "refno", "refnum", "conf", "txn", "lot"};

unsigned bs_hint_context(const char *hint) {
  if (!hint) return 0;
  char key[128];
  normalize(hint, strlen(hint), key, sizeof key);
  for (size_t i = 0; i < sizeof not_personal / sizeof not_personal[0]; i++)
    if (strstr(key, not_personal[i])) return BS_CTX_NOT_PII;
  for (size_t i = 0; i < sizeof not_personal_exact / sizeof not_personal_exact[0]; i++)
    if (!strcmp(key, not_personal_exact[i])) return BS_CTX_NOT_PII;
  return 0;
}

unsigned bs_hint_classes(bs_element type) {
  switch (type) {
  case BS_EL_SSN:
  case BS_EL_ITIN: return BS_CTX_SSN;
  case BS_EL_DOB: return BS_CTX_DOB;
  case BS_EL_SERVICE_DATE: return BS_CTX_SERVICE;
  case BS_EL_DATE: return BS_CTX_DATE;
  case BS_EL_PHONE: return BS_CTX_PHONE;
  case BS_EL_MRN: return BS_CTX_MRN;
  case BS_EL_MEMBER_ID: return BS_CTX_MEMBER;
  case BS_EL_NPI: return BS_CTX_NPI;
  case BS_EL_ICD10CM: return BS_CTX_DIAGNOSIS;
  case BS_EL_ICD9CM: return BS_CTX_ICD9 | BS_CTX_DIAGNOSIS;
  case BS_EL_CPT: return BS_CTX_CPT | BS_CTX_PROCEDURE;
  case BS_EL_HCPCS:
  case BS_EL_ICD10PCS: return BS_CTX_PROCEDURE;
  case BS_EL_ROUTING: return BS_CTX_ROUTING;
  case BS_EL_ACCOUNT: return BS_CTX_ACCOUNT;
  case BS_EL_CARD: return BS_CTX_CARD;
  case BS_EL_DRIVERS_LICENSE: return BS_CTX_LICENSE;
  case BS_EL_PASSPORT: return BS_CTX_PASSPORT;
  case BS_EL_ZIP: return BS_CTX_ZIP;
  case BS_EL_MBI:
  case BS_EL_HICN: return BS_CTX_MEDICARE;
  default: return 0;
  }
}

/* ---- Whole-cell validation -------------------------------------------------------- */

typedef struct cell {
  const char *text; /* trimmed */
  size_t len;       /* bytes */
} cell;

static size_t squeeze(cell c, char *out, size_t cap, const char *drop, int upper) {
  size_t n = 0;
  for (size_t i = 0; i < c.len; i++) {
    char ch = c.text[i];
    if (strchr(drop, ch)) continue;
    if (n + 1 >= cap) return 0;
    out[n++] = upper ? (char)toupper((unsigned char)ch) : ch;
  }
  return n;
}

static int all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return n > 0;
}

static int has_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (isdigit((unsigned char)s[i])) return 1;
  return 0;
}

static int name_like(cell c) {
  int letters = 0;
  for (size_t i = 0; i < c.len; i++) {
    unsigned char ch = (unsigned char)c.text[i];
    if (isalpha(ch) || ch >= 0x80)
      letters++;
    else if (!strchr(" .,'-", ch))
      return 0;
  }
  return letters > 0 && c.len <= 60;
}

static int emit(bs_detect *d, bs_element type, const char *value, size_t n, float confidence) {
  bs_detect_emit(d, type, BS_DET_FIELD, 0, d->len, value, n, confidence);
  return d->found_count > 0;
}

static int hinted_code(bs_detect *d, cell c, bs_element type) {
  char code[16];
  size_t n = squeeze(c, code, sizeof code, ". ", 1);
  if (n == 0) return 0;
  const bs_refdata *ref = d->ref;
  /* The header says which family; the code set says which member. */
  if (type == BS_EL_ICD10CM || type == BS_EL_ICD9CM) {
    if (type == BS_EL_ICD10CM && bs_codeset_has(&ref->icd10cm, code, n))
      return emit(d, BS_EL_ICD10CM, code, n, 0.99f);
    if (bs_codeset_has(&ref->icd9cm, code, n)) return emit(d, BS_EL_ICD9CM, code, n, 0.95f);
    if (bs_codeset_has(&ref->icd10cm, code, n)) return emit(d, BS_EL_ICD10CM, code, n, 0.95f);
    return 0;
  }
  if (n == 5 && all_digits(code, 4) && strchr("0123456789FTU", code[4]) && type != BS_EL_ICD10PCS)
    return emit(d, BS_EL_CPT, code, n, 0.97f);
  if (n == 5 && bs_codeset_has(&ref->hcpcs, code, n)) return emit(d, BS_EL_HCPCS, code, n, 0.97f);
  if (n == 7 && bs_codeset_has(&ref->icd10pcs, code, n))
    return emit(d, BS_EL_ICD10PCS, code, n, 0.97f);
  return 0;
}

int bs_detect_hinted(bs_detect *d) {
  cell c = {d->text, d->len};
  while (c.len && isspace((unsigned char)*c.text)) c.text++, c.len--;
  while (c.len && isspace((unsigned char)c.text[c.len - 1])) c.len--;
  if (c.len == 0 || c.len > 200) return 0;
  char v[256];
  size_t n;
  bs_element type = d->unit->hint_type;
  switch (type) {
  case BS_EL_SSN:
  case BS_EL_ITIN: {
    n = squeeze(c, v, sizeof v, "- ", 0);
    if (n != 9 || !all_digits(v, 9)) return 0;
    bs_ssn_kind kind = bs_validate_ssn(v);
    if (kind == BS_SSN_INVALID) return 0;
    return emit(d, kind == BS_SSN_ITIN ? BS_EL_ITIN : BS_EL_SSN, v, 9,
                kind == BS_SSN_KNOWN_FAKE ? 0.3f : 0.99f) ||
           1;
  }
  case BS_EL_DOB:
  case BS_EL_SERVICE_DATE:
  case BS_EL_DATE: {
    int y, m, day;
    size_t len = c.len;
    for (size_t i = 0; i < c.len; i++) /* drop a time of day */
      if (c.text[i] == 'T' ||
          (c.text[i] == ' ' && i >= 8 && isdigit((unsigned char)c.text[i + 1]) &&
           memchr(c.text + i, ':', c.len - i))) {
        len = i;
        break;
      }
    if (!bs_parse_date(c.text, len, d->today / 10000, &y, &m, &day)) return 0;
    int date = y * 10000 + m * 100 + day;
    if (type == BS_EL_DOB && date > d->today) type = BS_EL_DATE;
    n = (size_t)snprintf(v, sizeof v, "%04d-%02d-%02d", y, m, day);
    return emit(d, type, v, n, type == BS_EL_DATE ? 0.8f : 0.99f);
  }
  case BS_EL_PHONE: {
    n = squeeze(c, v, sizeof v, "-. ()+", 0);
    const char *national = v;
    if (n == 11 && v[0] == '1') national++, n--;
    if (n != 10 || !all_digits(national, 10) || !bs_validate_phone(national)) return 0;
    return emit(d, BS_EL_PHONE, national, 10, 0.97f);
  }
  case BS_EL_EMAIL: {
    const char *at = memchr(c.text, '@', c.len);
    if (!at || !memchr(at, '.', c.len - (size_t)(at - c.text)) || memchr(c.text, ' ', c.len))
      return 0;
    n = squeeze(c, v, sizeof v, "", 0);
    for (size_t i = 0; i < n; i++) v[i] = (char)tolower((unsigned char)v[i]);
    return emit(d, BS_EL_EMAIL, v, n, 0.97f);
  }
  case BS_EL_ZIP: {
    n = squeeze(c, v, sizeof v, " ", 0);
    if (n == 9 && all_digits(v, 9)) memmove(v + 6, v + 5, 4), v[5] = '-', n = 10;
    if (!((n == 5 && all_digits(v, 5)) ||
          (n == 10 && all_digits(v, 5) && v[5] == '-' && all_digits(v + 6, 4))))
      return 0;
    if (!bs_refdata_zip_state(d->ref, v)[0]) return 0;
    return emit(d, BS_EL_ZIP, v, n, 0.97f);
  }
  case BS_EL_STATE: {
    const char *code = bs_refdata_state_code(d->ref, c.text, c.len);
    return code && emit(d, BS_EL_STATE, code, 2, 0.97f);
  }
  case BS_EL_CITY:
    if (!name_like(c)) return 0;
    n = bs_normalize_upper_words(c.text, c.len, v, sizeof v);
    return n && emit(d, BS_EL_CITY, v, n, 0.9f);
  case BS_EL_ADDRESS:
    /* Short only as a second line's unit ("# 35", "#4"): a number sign and a number. */
    if (!has_digit(c.text, c.len) || (c.len < 5 && c.text[0] != '#')) return 0;
    n = bs_normalize_street(d->ref, c.text, c.len, v, sizeof v);
    return n && emit(d, BS_EL_ADDRESS, v, n, 0.9f);
  case BS_EL_NAME:
  case BS_EL_FIRST_NAME:
  case BS_EL_LAST_NAME:
    if (!name_like(c)) return 0;
    n = bs_normalize_upper_words(c.text, c.len, v, sizeof v);
    return n && emit(d, type, v, n, 0.9f);
  case BS_EL_MRN:
  case BS_EL_MEMBER_ID:
  case BS_EL_DRIVERS_LICENSE:
  case BS_EL_PASSPORT:
    n = squeeze(c, v, sizeof v, "- ", 1);
    if (n < 4 || n > 25 || !has_digit(v, n)) return 0;
    for (size_t i = 0; i < n; i++)
      if (!isalnum((unsigned char)v[i]) && v[i] != '*') return 0;
    /* Medicare's member ID is the MBI: a member ID field that holds one says which. */
    if (type == BS_EL_MEMBER_ID && n == 11 && bs_validate_mbi(v))
      return emit(d, BS_EL_MBI, v, n, 0.99f);
    return emit(d, type, v, n, 0.95f);
  case BS_EL_MBI:
  case BS_EL_HICN:
    n = squeeze(c, v, sizeof v, "- ", 1);
    if (n == 11 && bs_validate_mbi(v)) return emit(d, BS_EL_MBI, v, n, 0.99f);
    if (n >= 10 && n <= 11 && all_digits(v, 9) && bs_validate_ssn(v) == BS_SSN_VALID &&
        isalpha((unsigned char)v[9]))
      return emit(d, BS_EL_HICN, v, n, 0.95f);
    return 0;
  case BS_EL_NPI:
    n = squeeze(c, v, sizeof v, " ", 0);
    return n == 10 && all_digits(v, 10) && bs_validate_npi(v) && emit(d, BS_EL_NPI, v, n, 0.99f);
  case BS_EL_ICD10CM:
  case BS_EL_ICD9CM:
  case BS_EL_CPT:
  case BS_EL_HCPCS:
  case BS_EL_ICD10PCS: return hinted_code(d, c, type);
  case BS_EL_CARD:
    n = squeeze(c, v, sizeof v, "- ", 0);
    return n >= 13 && n <= 19 && bs_validate_luhn(v, n) && emit(d, BS_EL_CARD, v, n, 0.97f);
  case BS_EL_ROUTING:
    n = squeeze(c, v, sizeof v, "- ", 0);
    return n == 9 && all_digits(v, 9) && bs_validate_aba(v) && emit(d, BS_EL_ROUTING, v, n, 0.97f);
  case BS_EL_ACCOUNT:
    n = squeeze(c, v, sizeof v, "- ", 0);
    return n >= 4 && n <= 17 && all_digits(v, n) && emit(d, BS_EL_ACCOUNT, v, n, 0.9f);
  case BS_EL_CREDENTIAL:
    if (c.len > 64) return 0;
    v[0] = ':';
    memcpy(v + 1, c.text, c.len);
    return emit(d, BS_EL_CREDENTIAL, v, c.len + 1, 0.9f);
  default: return 0;
  }
}
