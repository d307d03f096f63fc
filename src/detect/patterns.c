/* The detector patterns, all compiled into one Hyperscan database.
 *
 * Patterns find candidates cheaply; handlers (C) decide. A pattern is deliberately
 * looser than the rule it serves (any 3-2-4 digit group, any letter-digit code shape),
 * because the exact rule (SSA ranges, the ICD-10-CM code set, Luhn) is checked in C,
 * where it can be tested and explained. Placeholders filled in from reference data:
 *   %S  USPS Pub 28 C1 street suffixes and their variants
 *   %T  USPS state codes (upper case)        %N  state names
 * Values after a label (MRN, member id, NPI, account, licence, passport, password,
 * "ICD-9:", "ZIP:") are read from the label's context word instead (context.c). */
#include <hs/hs.h>

#include "detect/internal.h"

#define CASELESS HS_FLAG_CASELESS

/* Characters a match is made of, for patterns whose start is found by walking back
 * from the end instead of asking Hyperscan for it (start of match tracking costs it
 * several times its speed). The walk stops at the first other character, which the
 * pattern's leading \b guarantees is where the match began. */
#define DIGITS      "0123456789"
#define DATE_CHARS  DIGITS "/-."
#define PHONE_CHARS DIGITS "()-. +"
#define CODE_CHARS  DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ."
#define MBI_CHARS   CODE_CHARS "-"
#define EMAIL_CHARS CODE_CHARS "abcdefghijklmnopqrstuvwxyz@_%+-"
#define NAME_CHARS  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,'-"

const bs_pattern bs_patterns[] = {
    /* SSN: 3-2-4 with dashes or spaces; bare nine digits need context (or give a
     * routing number). */
    {"\\b\\d{3}-\\d{2}-\\d{4}\\b", 0, BS_DET_SSN, bs_handle_ssn, DIGITS "-"},
    {"\\b\\d{3} \\d{2} \\d{4}\\b", 0, BS_DET_SSN, bs_handle_ssn, DIGITS " "},
    {"\\b\\d{9}\\b", 0, BS_DET_SSN_BARE, bs_handle_nine_digits, DIGITS},

    /* Dates. */
    {"\\b\\d{1,2}[/-]\\d{1,2}[/-](?:\\d{4}|\\d{2})\\b", 0, BS_DET_DATE_NUMERIC, bs_handle_date,
     DATE_CHARS},
    {"\\b\\d{1,2}\\.\\d{1,2}\\.\\d{4}\\b", 0, BS_DET_DATE_NUMERIC, bs_handle_date, DATE_CHARS},
    {"\\b\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}(?:T|\\b)", 0, BS_DET_DATE_ISO, bs_handle_date,
     DATE_CHARS "T"},
    {"\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
     "june|july|august|september|october|november|december)\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+"
     "\\d{4}\\b",
     CASELESS, BS_DET_DATE_TEXT, bs_handle_date, NULL},
    {"\\b\\d{1,2}(?:st|nd|rd|th)?[\\s-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
     "january|february|march|april|june|july|august|september|october|november|december)"
     "\\.?,?[\\s-]\\d{2}(?:\\d{2})?\\b",
     CASELESS, BS_DET_DATE_TEXT, bs_handle_date, NULL},
    {"\\b(?:18|19|20)\\d{6}\\b", 0, BS_DET_DATE_COMPACT, bs_handle_date, DIGITS},

    /* Phones (NANP); bare ten digits need context. */
    {"(?:\\+?1[-. ]?)?\\([2-9]\\d{2}\\)[-. ]?\\d{3}[-. ]\\d{4}\\b", 0, BS_DET_PHONE,
     bs_handle_phone, NULL},
    {"(?:\\+1[-. ]?|\\b1[-. ])?\\b[2-9]\\d{2}[-. ]\\d{3}[-. ]\\d{4}\\b", 0, BS_DET_PHONE,
     bs_handle_phone, NULL},
    {"\\b[2-9]\\d{9}\\b", 0, BS_DET_PHONE_BARE, bs_handle_phone, DIGITS},

    /* E-mail: from the @ (a literal Hyperscan finds fast); the local part is walked back. */
    {"@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}\\b", 0, BS_DET_EMAIL, bs_handle_email,
     EMAIL_CHARS},

    /* Places: a ZIP (the handler looks for the state and city before it), street lines,
     * PO boxes. */
    {"\\b\\d{5}(?:-\\d{4})?\\b", 0, BS_DET_ZIP_STATE, bs_handle_city_state_zip, DIGITS "-"},
    /* The unit ("Apt 5", "# 12") is read by the handler: with it, the pattern is too
     * large for Hyperscan. */
    {"\\b\\d{1,6}[A-Z]? (?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\\.? )?"
     "(?:(?:[A-Z][A-Za-z'.-]*|\\d+(?:st|nd|rd|th)) ){1,4}"
     "(?i:%S)\\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\\b\\.?)?\\b",
     0, BS_DET_STREET, bs_handle_street, NULL},
    {"\\bP\\.? ?O\\.? ?Box \\d{1,7}\\b", CASELESS, BS_DET_PO_BOX, bs_handle_po_box, NULL},

    /* Codes: the shape here, the code set in the handler. */
    {"\\b[A-Z]\\d[0-9A-Z](?:\\.[0-9A-Z]{1,4})?\\b", 0, BS_DET_ICD10CM, bs_handle_icd10cm,
     CODE_CHARS},
    {"\\b[A-Z]\\d[0-9A-Z]{2,5}\\b", 0, BS_DET_ICD10CM, bs_handle_icd10cm, CODE_CHARS},
    {"\\b(?:\\d{3}\\.\\d{1,2}|V\\d{2}\\.\\d{1,2}|E\\d{3}\\.\\d)\\b", 0, BS_DET_ICD9CM,
     bs_handle_icd9cm, CODE_CHARS},
    {"\\b\\d{4}[0-9FTU]\\b", 0, BS_DET_CPT, bs_handle_cpt, CODE_CHARS},
    {"\\b[A-V]\\d{4}\\b", 0, BS_DET_HCPCS, bs_handle_hcpcs, CODE_CHARS},
    {"\\b[0-9B-DF-HX][0-9A-HJ-NP-Z]{6}\\b", 0, BS_DET_ICD10PCS, bs_handle_icd10pcs, CODE_CHARS},

    /* Medicare identifiers. */
    {"\\b[1-9][A-Z][0-9A-Z]\\d-?[A-Z][0-9A-Z]\\d-?[A-Z]{2}\\d{2}\\b", 0, BS_DET_MBI, bs_handle_mbi,
     MBI_CHARS},
    {"\\b\\d{3}-?\\d{2}-?\\d{4}-?[A-Z]\\d?\\b", 0, BS_DET_HICN, bs_handle_hicn, MBI_CHARS},
    /* Names: two or three capitalised words; the handler finds where the name starts. */
    /* A capital inside a name is part of it: McRae, MacDonald, LaToya, DeShawn. */
    {"\\b[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['-][A-Z]?[a-z]+)?(?: [A-Z]\\.?| [A-Z][a-z]+)? "
     "[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['-][A-Z]?[a-z]+)?\\b",
     0, BS_DET_PERSON_NAME, bs_handle_person_name, NAME_CHARS},
    /* "J. Smith": an initial, then a family name (the handler wants a reason). */
    {"\\b[A-Z]\\. [A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['-][A-Z]?[a-z]+)?\\b", 0, BS_DET_PERSON_NAME,
     bs_handle_initial_name, NAME_CHARS},
    /* "Okafor, Adaeze" in a sentence: family name first (the handler wants both known). */
    {"\\b[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?, [A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?(?: [A-Z]\\.?)?\\b", 0,
     BS_DET_PERSON_NAME, bs_handle_person_name, NAME_CHARS},
    {"\\b[A-Z][A-Z'-]+,? [A-Z][A-Z'-]+(?: [A-Z]\\.?)?\\b", 0, BS_DET_PERSON_NAME,
     bs_handle_person_name, NAME_CHARS},

    /* Payment cards. */
    {"\\b(?:\\d[ -]?){12,18}\\d\\b", 0, BS_DET_CARD, bs_handle_card, NULL},
};

const size_t bs_pattern_count = sizeof bs_patterns / sizeof bs_patterns[0];
