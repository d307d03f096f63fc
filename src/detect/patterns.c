/* The detector patterns, all compiled into one Hyperscan database.
 *
 * Patterns find candidates cheaply; handlers (C) decide. A pattern is deliberately
 * looser than the rule it serves (any 3-2-4 digit group, any letter-digit code shape),
 * because the exact rule (SSA ranges, the ICD-10-CM code set, Luhn) is checked in C,
 * where it can be tested and explained. Placeholders filled in from reference data:
 *   %S  USPS Pub 28 C1 street suffixes and their variants
 *   %T  USPS state codes (upper case)        %N  state names
 * Patterns are matched with leftmost start of match, except those marked END_ONLY
 * (too large for Hyperscan with it), whose handlers find the start themselves. */
#include <hs/hs.h>

#include "detect/internal.h"

#define CASELESS HS_FLAG_CASELESS

/* A value after a keyword: "MRN: 00123456", "Member ID # XGH1234". */
#define KEY_TAIL  "\\.?\\s*(?:number|num|no\\.?|#)?\\s*[:#=]?\\s*"
#define KEY_TOKEN "[A-Z0-9][A-Z0-9-]{3,24}\\b"

const bs_pattern bs_patterns[] = {
    /* SSN: 3-2-4 with dashes or spaces; bare nine digits need context. */
    {"\\b\\d{3}-\\d{2}-\\d{4}\\b", 0, BS_DET_SSN, bs_handle_ssn},
    {"\\b\\d{3} \\d{2} \\d{4}\\b", 0, BS_DET_SSN, bs_handle_ssn},
    {"\\b\\d{9}\\b", 0, BS_DET_SSN_BARE, bs_handle_nine_digits},

    /* Dates. */
    {"\\b\\d{1,2}[/-]\\d{1,2}[/-](?:\\d{4}|\\d{2})\\b", 0, BS_DET_DATE_NUMERIC, bs_handle_date},
    {"\\b\\d{1,2}\\.\\d{1,2}\\.\\d{4}\\b", 0, BS_DET_DATE_NUMERIC, bs_handle_date},
    {"\\b\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}"
     "(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b",
     0, BS_DET_DATE_ISO, bs_handle_date},
    {"\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
     "june|july|august|september|october|november|december)\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+"
     "\\d{4}\\b",
     CASELESS, BS_DET_DATE_TEXT, bs_handle_date},
    {"\\b\\d{1,2}(?:st|nd|rd|th)?[\\s-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
     "january|february|march|april|june|july|august|september|october|november|december)"
     "\\.?,?[\\s-]\\d{2}(?:\\d{2})?\\b",
     CASELESS, BS_DET_DATE_TEXT, bs_handle_date},
    {"\\b(?:18|19|20)\\d{6}\\b", 0, BS_DET_DATE_COMPACT, bs_handle_date},

    /* Phones (NANP); bare ten digits need context. */
    {"(?:\\+?1[-. ]?)?\\([2-9]\\d{2}\\)[-. ]?\\d{3}[-. ]\\d{4}\\b", 0, BS_DET_PHONE,
     bs_handle_phone},
    {"(?:\\+1[-. ]?|\\b1[-. ])?\\b[2-9]\\d{2}[-. ]\\d{3}[-. ]\\d{4}\\b", 0, BS_DET_PHONE,
     bs_handle_phone},
    {"\\b[2-9]\\d{9}\\b", 0, BS_DET_PHONE_BARE, bs_handle_phone},

    {"\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}\\b", 0, BS_DET_EMAIL,
     bs_handle_email},

    /* Places: "Springfield, IL 62704", "ZIP: 62704", street lines, PO boxes. */
    {"\\b(?:%T|(?i:%N)),? +\\d{5}(?:-\\d{4})?\\b", BS_PATTERN_END_ONLY, BS_DET_ZIP_STATE,
     bs_handle_city_state_zip},
    {"\\bzip(?:\\s*code)?\\s*[:#]?\\s*\\d{5}(?:-\\d{4})?\\b", CASELESS, BS_DET_ZIP_KEYWORD,
     bs_handle_zip_keyword},
    /* The unit ("Apt 5", "# 12") is read by the handler: with it, the pattern is too
     * large for Hyperscan. */
    {"\\b\\d{1,6}[A-Z]? (?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\\.? )?"
     "(?:(?:[A-Z][A-Za-z'.-]*|\\d+(?:st|nd|rd|th)) ){1,4}"
     "(?i:%S)\\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\\b\\.?)?\\b",
     0, BS_DET_STREET, bs_handle_street},
    {"\\bP\\.? ?O\\.? ?Box \\d{1,7}\\b", CASELESS, BS_DET_PO_BOX, bs_handle_po_box},

    /* Codes: the shape here, the code set in the handler. */
    {"\\b[A-Z]\\d[0-9A-Z](?:\\.[0-9A-Z]{1,4})?\\b", 0, BS_DET_ICD10CM, bs_handle_icd10cm},
    {"\\b[A-Z]\\d[0-9A-Z]{2,5}\\b", 0, BS_DET_ICD10CM, bs_handle_icd10cm},
    {"\\b(?:\\d{3}\\.\\d{1,2}|V\\d{2}\\.\\d{1,2}|E\\d{3}\\.\\d)\\b", 0, BS_DET_ICD9CM,
     bs_handle_icd9cm},
    {"\\bicd-?9(?:-cm)?(?:\\s+(?:code|dx|diagnosis))?s?\\s*[:#]?\\s*(?:\\d{3,5}|V\\d{2,4}|E\\d{3,4}"
     ")\\b",
     CASELESS, BS_DET_ICD9CM, bs_handle_icd9cm},
    {"\\b\\d{4}[0-9FTU]\\b", 0, BS_DET_CPT, bs_handle_cpt},
    {"\\b[A-V]\\d{4}\\b", 0, BS_DET_HCPCS, bs_handle_hcpcs},
    {"\\b[0-9B-DF-HX][0-9A-HJ-NP-Z]{6}\\b", 0, BS_DET_ICD10PCS, bs_handle_icd10pcs},

    /* Medicare and insurance identifiers. */
    {"\\b[1-9][A-Z][0-9A-Z]\\d-?[A-Z][0-9A-Z]\\d-?[A-Z]{2}\\d{2}\\b", 0, BS_DET_MBI, bs_handle_mbi},
    {"\\b\\d{3}-?\\d{2}-?\\d{4}-?[A-Z]\\d?\\b", 0, BS_DET_HICN, bs_handle_hicn},
    {"\\b(?:member|subscriber|insured|policy(?:holder)?|insurance|health\\s+plan|plan|"
     "beneficiary)\\s*(?:id|identification|no\\.?|num|number|#)" KEY_TAIL KEY_TOKEN,
     CASELESS, BS_DET_MEMBER_ID, bs_handle_keyed_id},
    {"\\b(?:mrn|mr#|mr\\s*(?:no|num|number)|medical\\s+record|med\\.?\\s*rec\\.?|"
     "chart\\s*(?:no|num|number|#)|patient\\s*(?:id|no|num|number|#)|pt\\.?\\s*(?:id|#))" KEY_TAIL
         KEY_TOKEN,
     CASELESS, BS_DET_MRN, bs_handle_keyed_id},
    {"\\b[12]\\d{9}\\b", 0, BS_DET_NPI, bs_handle_npi},

    /* Financial. */
    {"\\b(?:\\d[ -]?){12,18}\\d\\b", 0, BS_DET_CARD, bs_handle_card},
    {"\\b(?:account|acct|a/c|checking|savings)" KEY_TAIL "\\d[\\d-]{3,18}\\d\\b", CASELESS,
     BS_DET_ACCOUNT, bs_handle_keyed_id},

    /* Government identifiers. */
    {"\\b(?:driver'?s?\\s*licen[sc]e|dl|dln|d/l|lic(?:ense)?)" KEY_TAIL
     "(?:[A-Z]{2}\\s*[-:]?\\s*)?[A-Z0-9*][A-Z0-9*-]{3,20}\\b",
     CASELESS, BS_DET_LICENSE, bs_handle_keyed_id},
    {"\\bpassport" KEY_TAIL "[A-Z0-9]{6,9}\\b", CASELESS, BS_DET_PASSPORT, bs_handle_keyed_id},

    /* Credentials: a password (read to its end by the handler), paired with the user
     * name found before it. */
    {"\\b(?:password|passwd|pwd|passcode)\\s*[:=]\\s*\\S", CASELESS, BS_DET_CREDENTIAL,
     bs_handle_credential},
};

const size_t bs_pattern_count = sizeof bs_patterns / sizeof bs_patterns[0];
