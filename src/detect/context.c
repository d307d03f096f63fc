/* The table of context words. Each raises confidence in the classes it names;
 * NOT_PII words (order, invoice, total...) lower it for identifiers nearby. */
#include "detect/context.h"

const bs_keyword bs_keywords[] = {
    {"ssn|ss#|ss\\s*no|soc\\.?\\s*sec\\.?|social\\s+security(\\s+(number|no|#))?|"
     "social\\s+sec|taxpayer\\s+id|tin",
     BS_CTX_SSN},
    {"dob|d\\.o\\.b\\.?|date\\s+of\\s+birth|birth\\s*date|birthdate|birthday|born|bdate|"
     "b-day",
     BS_CTX_DOB},
    {"date\\s+of\\s+service|dos|service\\s+date|svc\\s+date|serviced|visit(ed)?|"
     "visit\\s+date|admit(ted)?|admission|admission\\s+date|discharge(d)?|"
     "discharge\\s+date|seen\\s+on|encounter|appointment|appt|treated|treatment\\s+date|"
     "surgery\\s+date|procedure\\s+date|date\\s+seen|ed\\s+visit|follow-?up",
     BS_CTX_SERVICE},
    {"phone|ph|tel|telephone|cell|mobile|fax|home\\s+phone|work\\s+phone|contact|"
     "call(ed)?",
     BS_CTX_PHONE},
    {"mrn|medical\\s+record|med\\s+rec|chart|patient\\s+id|pt\\s+id", BS_CTX_MRN},
    {"member|subscriber|policy|insurance|insured|plan\\s+id|group", BS_CTX_MEMBER},
    {"npi|national\\s+provider", BS_CTX_NPI | BS_CTX_PROVIDER},
    {"dr|doctor|physician|provider|attending|referring|rendering|md|np|pa-c", BS_CTX_PROVIDER},
    {"diagnosis|diagnoses|diagnosed|dx|icd|icd-?10(-cm)?|assessment|problem|problems|"
     "condition|diag|impression",
     BS_CTX_DIAGNOSIS},
    {"icd-?9(-cm)?", BS_CTX_ICD9 | BS_CTX_DIAGNOSIS},
    {"procedure|procedures|proc|px|hcpcs|surgery|billing\\s+code|service\\s+code|"
     "pcs|icd-?10-?pcs",
     BS_CTX_PROCEDURE},
    {"cpt(\\s+code)?s?", BS_CTX_CPT | BS_CTX_PROCEDURE},
    {"routing|aba|rtn|transit", BS_CTX_ROUTING},
    {"account|acct|checking|savings|bank|iban", BS_CTX_ACCOUNT},
    {"card|visa|mastercard|amex|american\\s+express|discover|credit|debit|cc#?|pan", BS_CTX_CARD},
    {"driver'?s?|licen[sc]e|dl#?|dln|d/l", BS_CTX_LICENSE},
    {"passport", BS_CTX_PASSPORT},
    {"zip|zipcode|zip\\s+code|postal(\\s+code)?", BS_CTX_ZIP},
    {"medicare|mbi|hicn|hic|beneficiary|claim\\s+number", BS_CTX_MEDICARE},
    {"order|order\\s+no|invoice|inv|ref|reference|confirmation|conf|tracking|total|"
     "amount|balance|qty|quantity|lot|serial|part|sku|item|ticket|transaction|txn|"
     "receipt|batch|usd|version|ver|model|isbn|id\\s+card",
     BS_CTX_NOT_PII},
    {"user(\\s*name)?|user\\s*id|login|logon|uid", BS_CTX_USER},
    {"date|dated", BS_CTX_DATE},
    {"e-?mail", BS_CTX_EMAIL},
    {"address|addr|street|residence|resides|lives", BS_CTX_ADDRESS},
};

const size_t bs_keyword_count = sizeof bs_keywords / sizeof bs_keywords[0];
