/* Detector tests: true positives with their normalized values, and lookalikes that
 * must not be reported. */
#include <string.h>

#include "base/fold.h"
#include "detect/hints.h"
#include "detect_util.h"
#include "test.h"

static bs_engine *engine;
static bs_scanner *scanner;

bs_engine *test_engine(void) {
  if (!engine && bs_engine_create(&engine, 20261123) == BS_OK) bs_scanner_create(&scanner, engine);
  return engine;
}

void test_engine_release(void) {
  bs_scanner_free(scanner);
  bs_engine_free(engine);
  scanner = NULL;
  engine = NULL;
}

void test_scan(const char *text, const char *hint, bs_finding_list *list) {
  bs_unit unit = {.text = text,
                  .len = strlen(text),
                  .line = 1,
                  .column = 1,
                  .hint = hint,
                  .hint_type = bs_hint_type(hint)};
  if (test_engine()) bs_scanner_scan(scanner, &unit, list);
}

int test_finds(const char *text, const char *hint, bs_element type, const char *value) {
  bs_finding_list list;
  bs_finding_list_init(&list);
  test_scan(text, hint, &list);
  int found = 0;
  for (size_t i = 0; i < list.count && !found; i++) {
    const bs_finding *f = &list.items[i];
    found = f->type == type && (!value || strcmp(bs_finding_value(&list, f), value) == 0);
  }
  bs_finding_list_free(&list);
  return found;
}

typedef struct detect_case {
  const char *text;  /* scanned as one unit */
  const char *hint;  /* field hint or NULL */
  bs_element type;   /* type looked for */
  const char *value; /* expected normalized value; NULL with expect 0: none of type */
  int expect;        /* 1: must be found, 0: must not */
} detect_case;

static const detect_case cases[] = {
    /* SSN and ITIN: SSA rules, context, known fakes. */
    {"SSN: 123-45-6789", NULL, BS_EL_SSN, "123456789", 1},
    {"Social Security Number 123456789 on file", NULL, BS_EL_SSN, "123456789", 1},
    {"ss no. 123 45 6789", NULL, BS_EL_SSN, "123456789", 1},
    {"patient 321-54-9876 seen", NULL, BS_EL_SSN, "321549876", 1},
    {"SSN 000-12-3456", NULL, BS_EL_SSN, NULL, 0},
    {"SSN 666-12-3456", NULL, BS_EL_SSN, NULL, 0},
    {"SSN 123-00-4567", NULL, BS_EL_SSN, NULL, 0},
    {"SSN 123-45-0000", NULL, BS_EL_SSN, NULL, 0},
    {"SSN 950-12-3456", NULL, BS_EL_SSN, NULL, 0},
    {"SSN 078-05-1120", NULL, BS_EL_SSN, NULL, 0},
    {"TIN 912-70-1234", NULL, BS_EL_ITIN, "912701234", 1},
    {"Order # 412-55-1234 shipped", NULL, BS_EL_SSN, NULL, 0},
    {"Phone: 412-55-1234", NULL, BS_EL_SSN, NULL, 0},
    {"Tracking 123456789 delivered", NULL, BS_EL_SSN, NULL, 0},
    {"ref 1234-56-7890", NULL, BS_EL_SSN, NULL, 0},
    /* Dates. */
    {"DOB: 03/14/1962", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"Date of birth: March 14, 1962", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"born 14 Mar 1962 in Ohio", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"DOB 3/14/62", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"D.O.B. 14-MAR-1962", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"DOB: 19620314", NULL, BS_EL_DOB, "1962-03-14", 1},
    {"Date of service: 2024-07-02", NULL, BS_EL_SERVICE_DATE, "2024-07-02", 1},
    {"admitted on July 2, 2024 for pain", NULL, BS_EL_SERVICE_DATE, "2024-07-02", 1},
    {"Discharge: 07.05.2024", NULL, BS_EL_SERVICE_DATE, "2024-07-05", 1},
    {"Invoice dated 01/15/2024", NULL, BS_EL_DATE, "2024-01-15", 1},
    {"stamp 2024-07-02T10:30:00Z", NULL, BS_EL_DATE, "2024-07-02", 1},
    {"DOB: 02/30/1980", NULL, BS_EL_DOB, NULL, 0},
    {"DOB: 13/01/1980", NULL, BS_EL_DOB, NULL, 0},
    {"DOB: 2027-01-01", NULL, BS_EL_DOB, NULL, 0},
    {"lot 20240315 expired", NULL, BS_EL_DATE, NULL, 0},
    {"ratio 1/2/3", NULL, BS_EL_DATE, NULL, 0},
    /* Phones (NANP). */
    {"Phone: (312) 555-0142", NULL, BS_EL_PHONE, "3125550142", 1},
    {"call 312.555.0142 today", NULL, BS_EL_PHONE, "3125550142", 1},
    {"+1 312-555-0142", NULL, BS_EL_PHONE, "3125550142", 1},
    {"Tel 3125550142", NULL, BS_EL_PHONE, "3125550142", 1},
    {"value 3125550142", NULL, BS_EL_PHONE, NULL, 0},
    {"(911) 555-0142", NULL, BS_EL_PHONE, NULL, 0},
    {"212-911-1234", NULL, BS_EL_PHONE, NULL, 0},
    {"(292) 555-0142", NULL, BS_EL_PHONE, NULL, 0},
    {"Order no 312-555-0142", NULL, BS_EL_PHONE, NULL, 0},
    /* E-mail. */
    {"write to Mary.Smith@Example.COM please", NULL, BS_EL_EMAIL, "mary.smith@example.com", 1},
    {"not an email: user@localhost", NULL, BS_EL_EMAIL, NULL, 0},
    /* City, state, ZIP; streets; PO boxes. */
    {"Springfield, IL 62704", NULL, BS_EL_ZIP, "62704", 1},
    {"Springfield, IL 62704", NULL, BS_EL_STATE, "IL", 1},
    {"Springfield, IL 62704", NULL, BS_EL_CITY, "SPRINGFIELD", 1},
    {"Austin, Texas 78701-1234", NULL, BS_EL_ZIP, "78701-1234", 1},
    {"Austin, Texas 78701-1234", NULL, BS_EL_STATE, "TX", 1},
    {"Kansas City, MO 64105", NULL, BS_EL_CITY, "KANSAS CITY", 1},
    {"New York, New York 10001", NULL, BS_EL_STATE, "NY", 1},
    {"ZIP: 10001", NULL, BS_EL_ZIP, "10001", 1},
    {"IL 00012", NULL, BS_EL_ZIP, NULL, 0},
    {"in 12345 cases", NULL, BS_EL_ZIP, NULL, 0},
    {"1234 Oak Street Apt 5", NULL, BS_EL_ADDRESS, "1234 OAK ST APT 5", 1},
    {"lives at 77 North Main Avenue", NULL, BS_EL_ADDRESS, "77 N MAIN AVE", 1},
    {"500 W 5th St, Suite 200", NULL, BS_EL_ADDRESS, "500 W 5TH ST STE 200", 1},
    {"PO Box 4432", NULL, BS_EL_ADDRESS, "PO BOX 4432", 1},
    {"took 2 Tylenol tablets", NULL, BS_EL_ADDRESS, NULL, 0},
    /* Diagnosis and procedure codes. */
    {"Dx: E11.9", NULL, BS_EL_ICD10CM, "E119", 1},
    {"asthma J45.909", NULL, BS_EL_ICD10CM, "J45909", 1},
    {"Assessment: I10", NULL, BS_EL_ICD10CM, "I10", 1},
    {"Dx: Q99.99", NULL, BS_EL_ICD10CM, NULL, 0},
    {"Vitamin B12 level", NULL, BS_EL_ICD10CM, NULL, 0},
    {"ICD-9: 250.00", NULL, BS_EL_ICD9CM, "25000", 1},
    {"ICD9 code 4019", NULL, BS_EL_ICD9CM, "4019", 1},
    {"Price 250.00", NULL, BS_EL_ICD9CM, NULL, 0},
    {"CPT 99213", NULL, BS_EL_CPT, "99213", 1},
    {"Total 99213", NULL, BS_EL_CPT, NULL, 0},
    {"flu shot G0008", NULL, BS_EL_HCPCS, "G0008", 1},
    {"procedure J1100 given", NULL, BS_EL_HCPCS, "J1100", 1},
    {"ICD-10-PCS 0DTJ4ZZ", NULL, BS_EL_ICD10PCS, "0DTJ4ZZ", 1},
    {"part 0DTJ4ZY", NULL, BS_EL_ICD10PCS, NULL, 0},
    /* Medicare and insurance. */
    {"MBI: 1EG4-TE5-MK73", NULL, BS_EL_MBI, "1EG4TE5MK73", 1},
    {"1EG4TE5MK73", NULL, BS_EL_MBI, "1EG4TE5MK73", 1},
    {"1SG4TE5MK73", NULL, BS_EL_MBI, NULL, 0},
    {"Medicare claim number 123-45-6789A", NULL, BS_EL_HICN, "123456789A", 1},
    {"Member ID: XGH123456789", NULL, BS_EL_MEMBER_ID, "XGH123456789", 1},
    {"MRN: 00123456", NULL, BS_EL_MRN, "00123456", 1},
    {"MRN: pending", NULL, BS_EL_MRN, NULL, 0},
    {"NPI 1234567893", NULL, BS_EL_NPI, "1234567893", 1},
    {"NPI 1234567890", NULL, BS_EL_NPI, NULL, 0},
    {"id 1234567893", NULL, BS_EL_NPI, NULL, 0},
    /* Financial. */
    {"Visa 4111 1111 1111 1111", NULL, BS_EL_CARD, "4111111111111111", 1},
    {"card 4111-1111-1111-1112", NULL, BS_EL_CARD, NULL, 0},
    {"Order 4111111111111111", NULL, BS_EL_CARD, NULL, 0},
    {"Routing: 011000015", NULL, BS_EL_ROUTING, "011000015", 1},
    {"Routing: 011000016", NULL, BS_EL_ROUTING, NULL, 0},
    {"Account number: 1234-5678-9012", NULL, BS_EL_ACCOUNT, "123456789012", 1},
    /* Government ids and credentials. */
    {"Driver's license: D1234567", NULL, BS_EL_DRIVERS_LICENSE, "D1234567", 1},
    {"Passport No. 123456789", NULL, BS_EL_PASSPORT, "123456789", 1},
    {"username: jdoe password: hunter22", NULL, BS_EL_CREDENTIAL, "jdoe:hunter22", 1},
    /* Labels ending in '#', labels on the line before, and values after labels. */
    {"SS# 123-45-6789", NULL, BS_EL_SSN, "123456789", 1},
    {"MR# 00123456", NULL, BS_EL_MRN, "00123456", 1},
    {"Phone: 440.555.0148\n123-45-6789 on file", NULL, BS_EL_SSN, "123456789", 1},
    {"Member of staff since 2019", NULL, BS_EL_MEMBER_ID, NULL, 0},
    {"Subscriber # BCX-884201177", NULL, BS_EL_MEMBER_ID, "BCX884201177", 1},
    {"ZIP 62704-1234", NULL, BS_EL_ZIP, "62704-1234", 1},
    {"ZIP 00012", NULL, BS_EL_ZIP, NULL, 0},
    {"DL# A1234567", NULL, BS_EL_DRIVERS_LICENSE, "A1234567", 1},
    {"contact jane_doe+news@mail.example.co.uk", NULL, BS_EL_EMAIL,
     "jane_doe+news@mail.example.co.uk", 1},
    {"Account: pending review", NULL, BS_EL_ACCOUNT, NULL, 0},
    {"password: ab", NULL, BS_EL_CREDENTIAL, NULL, 0},
    {"Springfield, il 62704", NULL, BS_EL_STATE, NULL, 0},
    /* Field hints decide what a bare cell is. */
    {"123456789", "SSN", BS_EL_SSN, "123456789", 1},
    {"123456789", "Order Number", BS_EL_SSN, NULL, 0},
    {"3/14/1962", "Patient DOB", BS_EL_DOB, "1962-03-14", 1},
    {"1962-03-14", "patient.birthDate", BS_EL_DOB, "1962-03-14", 1},
    {"07/02/2024", "Admit Date", BS_EL_SERVICE_DATE, "2024-07-02", 1},
    {"312 555 0142", "Home Phone", BS_EL_PHONE, "3125550142", 1},
    {"62704", "zip", BS_EL_ZIP, "62704", 1},
    {"627041234", "ZIP Code", BS_EL_ZIP, "62704-1234", 1},
    {"Illinois", "State", BS_EL_STATE, "IL", 1},
    {"E11.9", "Dx1", BS_EL_ICD10CM, "E119", 1},
    {"250.00", "Diagnosis", BS_EL_ICD9CM, "25000", 1},
    {"99213", "CPT", BS_EL_CPT, "99213", 1},
    {"E11.9; I10", "diagnoses", BS_EL_ICD10CM, "I10", 1},
    {"1234567893", "Provider NPI", BS_EL_NPI, "1234567893", 1},
    {"O'Neil-Smith", "Last Name", BS_EL_LAST_NAME, "O'NEIL-SMITH", 1},
    {"Dr. Jones", "Provider Name", BS_EL_NAME, NULL, 0},
    {"A1234567", "MRN", BS_EL_MRN, "A1234567", 1},
    /* Persons' names: after labels, in prose by the name lists, in "LAST, FIRST" form. */
    {"Patient: Mary Ann O'Neil-Smith  DOB 03/14/1962", NULL, BS_EL_NAME, "MARY ANN O'NEIL-SMITH",
     1},
    {"Mary Okafor reports chest pain.", NULL, BS_EL_NAME, "MARY OKAFOR", 1},
    {"RE: SMITH, JOHN A", NULL, BS_EL_NAME, "SMITH JOHN A", 1},
    {"seen with J. Robert Jones Jr. today", NULL, BS_EL_NAME, "J ROBERT JONES JR", 1},
    {"Dear Mrs. Garcia,", NULL, BS_EL_LAST_NAME, "GARCIA", 1},
    /* After a person's label, common words that are names are names; others end it. */
    {"Patient: West, Tatiana", NULL, BS_EL_NAME, "WEST TATIANA", 1},
    /* An address block's recipient: the line over the street, one word in the lists. */
    {"January 14, 2024\n\nWadna Trevino\n74 Cooper Pkwy\nKenai, AK 99611", NULL, BS_EL_NAME,
     "WADNA TREVINO", 1},
    {"Springfield Orthopedics\n74 Cooper Pkwy\nKenai, AK 99611", NULL, BS_EL_NAME, NULL, 0},
    {"Dr. Alan Adamz\n74 Cooper Pkwy\nKenai, AK 99611", NULL, BS_EL_NAME, NULL, 0},
    {"Please send it to Wadna Trevino\n74 Cooper Pkwy", NULL, BS_EL_NAME, NULL, 0},
    {"Patient: Perez Sr, Andrei  DOB 10/08/1944", NULL, BS_EL_NAME, "PEREZ SR ANDREI", 1},
    /* After "Patient:" or "Name:", a name the lists do not know (a typo, a rare name). */
    {"Patient: Thomsa Wade Petty  DOB 01/02/1980", NULL, BS_EL_NAME, "THOMSA WADE PETTY", 1},
    {"Name: Proctor, Tuesday", NULL, BS_EL_NAME, "PROCTOR TUESDAY", 1},
    {"Patient: Unknown Male", NULL, BS_EL_NAME, NULL, 0},
    {"Re: Annual Physical", NULL, BS_EL_NAME, NULL, 0},
    {"Re: Qwerty Zxcvb", NULL, BS_EL_NAME, NULL, 0},
    {"Patient: Bill Rojo", NULL, BS_EL_NAME, "BILL ROJO", 1},
    /* A run inside a sentence, the person's identifiers right after: the whole run. */
    {"Can you pull the chart for Kenenth Robert Harrison (MRN 04312055, DOB 31-Jan-1952)?", NULL,
     BS_EL_NAME, "KENENTH ROBERT HARRISON", 1},
    {"Yesterday Robert Harrison (MRN 04312055) called.", NULL, BS_EL_NAME, "ROBERT HARRISON", 1},
    {"Patient: April Caffrey DOB 03/14/1962", NULL, BS_EL_NAME, "APRIL CAFFREY", 1},
    {"Patient: April 3, 2024", NULL, BS_EL_NAME, NULL, 0},
    {"Patient: Main Street Clinic", NULL, BS_EL_NAME, NULL, 0},
    {"In April West Park opened.", NULL, BS_EL_NAME, NULL, 0},
    /* Names beyond ASCII: upper case by Unicode's rules, known by their unaccented
     * spelling in the name lists; a typographic apostrophe as ASCII's. */
    {"Patient: Jos\u00e9 Hern\u00e1ndez", NULL, BS_EL_NAME, "JOS\u00c9 HERN\u00c1NDEZ", 1},
    {"Dear Mrs. N\u00fa\u00f1ez,", NULL, BS_EL_LAST_NAME, "N\u00da\u00d1EZ", 1},
    {"Patient name: MAR\u00cdA O\u2019NEIL", NULL, BS_EL_NAME, "MAR\u00cdA O'NEIL", 1},
    {"Jose\u0301 Garci\u0301a", "Patient Name", BS_EL_NAME, "JOS\u00c9 GARC\u00cdA", 1},
    {"\u00c1lvarez", "Last Name", BS_EL_LAST_NAME, "\u00c1LVAREZ", 1},
    {"Guarantor: Linh Nguyen", NULL, BS_EL_NAME, "LINH NGUYEN", 1},
    {"Seen by Dr. Alan Adams today.", NULL, BS_EL_NAME, NULL, 0},
    {"Signed: Robert Chen, MD", NULL, BS_EL_NAME, NULL, 0},
    {"Attending physician Karen White", NULL, BS_EL_NAME, NULL, 0},
    {"In March Smith Park was closed.", NULL, BS_EL_NAME, NULL, 0},
    {"Jordan Valley Medical Center", NULL, BS_EL_NAME, NULL, 0},
    {"1234 Washington Street", NULL, BS_EL_NAME, NULL, 0},
    {"PROGRESS NOTE", NULL, BS_EL_NAME, NULL, 0},
    {"Take Lisinopril Daily", NULL, BS_EL_NAME, NULL, 0},
    /* Columns of numbers about things, not persons. */
    {"199-91-4941", "Reference", BS_EL_SSN, NULL, 0},
    {"412-55-1234", "Order #", BS_EL_SSN, NULL, 0},
    {"412-55-1234", "Patient SSN", BS_EL_SSN, "412551234", 1},
    /* Specimen collection is a date of service. */
    {"01/13/2024", "Collected", BS_EL_SERVICE_DATE, "2024-01-13", 1},
    {"was seen in our office on 3 Jun 2024 for", NULL, BS_EL_SERVICE_DATE, "2024-06-03", 1},
    /* A diagnosis written after its description. */
    {"3. essential hypertension (I10) - continue", NULL, BS_EL_ICD10CM, "I10", 1},
    {"Room (A10) booked", NULL, BS_EL_ICD10CM, NULL, 0},
    /* A member ID named by its health plan. */
    {"Aetna ID: W484242573", NULL, BS_EL_MEMBER_ID, "W484242573", 1},
    {"Blue Cross Blue Shield member # XGH998877665", NULL, BS_EL_MEMBER_ID, "XGH998877665", 1},
    /* A bare phone number after "reach". */
    {"You can reach me at 6175550123 after 5.", NULL, BS_EL_PHONE, "6175550123", 1},
    /* Cities whose first word is also a street suffix; a unit after the suffix's point. */
    {"Port Heiden, AK 99549", NULL, BS_EL_CITY, "PORT HEIDEN", 1},
    {"Address: 4952 Fourth Cir. Apartment 286", NULL, BS_EL_ADDRESS, "4952 FOURTH CIR APT 286", 1},
    /* A statement or claim line: the date before its procedure code is one of service;
     * not across a line break. */
    {"05/27/2024   CPT 71046   chest x-ray, 2 views", NULL, BS_EL_SERVICE_DATE, "2024-05-27", 1},
    {"Signed on 05/27/2024\nCPT 71046", NULL, BS_EL_SERVICE_DATE, NULL, 0},
    {"Signed on 05/27/2024\nCPT 71046", NULL, BS_EL_DATE, "2024-05-27", 1},
    /* A generational suffix belongs to the name. */
    {"Mark J. Oswald III\n7900 N Clement Pkwy", NULL, BS_EL_NAME, "MARK J OSWALD III", 1},
    {"Robert Smith, Jr. called", NULL, BS_EL_NAME, "ROBERT SMITH JR", 1},
    /* Family name first in a sentence, both names known; not a place or a greeting. */
    {"Can you pull the chart for Reilly, Michael (MRN 09602060)?", NULL, BS_EL_NAME,
     "REILLY MICHAEL", 1},
    {"Thanks, Michael. See you Monday.", NULL, BS_EL_NAME, NULL, 0},
    /* An initial and a family name: a signature after a closing, or after a label. */
    {"Thanks,\nL. Skinner\n", NULL, BS_EL_NAME, "L SKINNER", 1},
    {"Patient: L. Skinner", NULL, BS_EL_NAME, "L SKINNER", 1},
    {"Can you pull the chart for H. Scott (MRN 09594141)?", NULL, BS_EL_NAME, "H SCOTT", 1},
    {"See section B. Smith and Wesson were there.", NULL, BS_EL_NAME, NULL, 0},
    {"Plan A. Cook the rice.", NULL, BS_EL_NAME, NULL, 0},
    /* Capitals inside a family name. */
    {"RE: David McRae\nDOB 01/02/1960", NULL, BS_EL_NAME, "DAVID MCRAE", 1},
    {"Seen with Lily Alice McKenzie today", NULL, BS_EL_NAME, "LILY ALICE MCKENZIE", 1},
    /* X12 N3/N4 of any entity: the address parts of a provider, facility or payer. */
    {"THORNE BAY", "N4*85-01", BS_EL_CITY, "THORNE BAY", 1},
    {"99919", "N4*PR-03", BS_EL_ZIP, "99919", 1},
    {"1561 FLOYD STREET", "N3*77-01", BS_EL_ADDRESS, "1561 FLOYD ST", 1},
    /* A member ID field holding a Medicare MBI reports the MBI. */
    {"1EG4TE5MK73", "NM1*IL-09", BS_EL_MBI, "1EG4TE5MK73", 1},
    {"1EG4TE5MK73", "NM1*IL-09", BS_EL_MEMBER_ID, NULL, 0},
    {"XQM884512", "NM1*IL-09", BS_EL_MEMBER_ID, "XQM884512", 1},
    /* A second address line that is only a unit number. */
    {"# 35", "Patient.address.line", BS_EL_ADDRESS, "# 35", 1},
    {"35", "Patient.address.line", BS_EL_ADDRESS, NULL, 0},
};

static void test_cases(void) {
  CHECK(test_engine() != NULL);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const detect_case *c = &cases[i];
    int found = test_finds(c->text, c->hint, c->type, c->value);
    CHECKF(found == c->expect, "case %zu \"%s\" hint %s: %s %s expected %s", i, c->text,
           c->hint ? c->hint : "-", bs_element_name(c->type), c->value ? c->value : "*",
           c->expect ? "found" : "absent");
  }
}

/* Line and column of each finding in a multi-line unit. */
static void test_places(void) {
  bs_finding_list list;
  bs_finding_list_init(&list);
  test_scan("Name: Ana\nDOB: 03/14/1962\n  SSN: 123-45-6789\n", NULL, &list);
  int dob = 0, ssn = 0;
  for (size_t i = 0; i < list.count; i++) {
    const bs_finding *f = &list.items[i];
    if (f->type == BS_EL_DOB) dob = f->line == 2 && f->column == 6;
    if (f->type == BS_EL_SSN) ssn = f->line == 3 && f->column == 8;
  }
  CHECK(dob);
  CHECK(ssn);
  bs_finding_list_free(&list);
}

/* A unit with nothing in it, and an empty one. */
static void test_nothing(void) {
  bs_finding_list list;
  bs_finding_list_init(&list);
  test_scan("nothing personal here at all", NULL, &list);
  test_scan("", NULL, &list);
  test_scan("x", "SSN", &list);
  CHECK(list.count == 0);
  bs_finding_list_free(&list);
}

/* Accents folded for comparing names; other scripts and bad bytes kept, within cap. */
static void test_fold(void) {
  char out[16];
  CHECK(bs_fold_marks(out, sizeof out, "Jos\u00e9 N\u00fa\u00f1ez", 13) == 10 &&
        !strcmp(out, "JOSE NUNEZ"));
  CHECK(bs_fold_marks(out, sizeof out, "Jose\u0301", 6) == 4 && !strcmp(out, "JOSE"));
  CHECK(bs_fold_marks(out, sizeof out, "\u0418\u0432\u0430\u043d", 8) == 8 &&
        !strcmp(out, "\u0418\u0432\u0430\u043d"));
  CHECK(bs_fold_marks(out, sizeof out, "ab\xff", 3) == 3 && !strcmp(out, "AB\xff"));
  CHECK(bs_fold_marks(out, 5, "Hern\u00e1ndez", 10) == 4 && !strcmp(out, "HERN"));
  CHECK(bs_fold_marks(out, 6, "\u00e9\u00e9\u00e9\u00e9", 8) == 4 && !strcmp(out, "EEEE"));
  CHECK(bs_fold_marks(out, 3, "\u0418\u0432", 4) == 2); /* a character cut is left out */
}

void test_detect(void) {
  test_nothing();
  test_fold();
  test_cases();
  test_places();
  test_engine_release();
}
