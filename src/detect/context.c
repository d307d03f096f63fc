/* The table of context words. Each raises confidence in the classes it names;
 * NOT_PII words (order, invoice, total...) lower it for identifiers nearby. */
#include "detect/context.h"

const bs_keyword bs_keywords[] = {
    {"ssn|ss\\s*no|soc\\.?\\s*sec\\.?|social\\s+security(\\s+(number|no|#))?|"
     "social\\s+sec|taxpayer\\s+id|tin",
     BS_CTX_SSN, BS_KEYED_NONE, 0},
    {"dob|d\\.o\\.b\\.?|date\\s+of\\s+birth|birth\\s*date|birthdate|birthday|born|bdate|"
     "b-day",
     BS_CTX_DOB, BS_KEYED_NONE, 0},
    {"date\\s+of\\s+service|dos|service\\s+date|svc\\s+date|serviced|visit(ed)?|"
     "visit\\s+date|admit(ted)?|admission|admission\\s+date|discharge(d)?|"
     "discharge\\s+date|seen|saw|examined|evaluated|encounter|appointment|appt|treated|"
     "treatment\\s+date|"
     "surgery\\s+date|procedure\\s+date|date\\s+seen|ed\\s+visit|follow-?up",
     BS_CTX_SERVICE, BS_KEYED_NONE, 0},
    {"phone|ph|tel|telephone|cell|mobile|fax|home\\s+phone|work\\s+phone|contact|"
     "call(ed)?|reach|reached|text|texted|callback",
     BS_CTX_PHONE, BS_KEYED_NONE, 0},
    {"mrn|mr\\s*(no|num|number)|medical\\s+record|med\\.?\\s*rec\\.?|"
     "chart\\s*(no|num|number)|patient\\s*(id|no|num|number)|pt\\.?\\s*id",
     BS_CTX_MRN, BS_KEYED_MRN, 0},
    /* Labels ending in '#' have no word boundary after them. */
    {"ss\\s*#", BS_CTX_SSN, BS_KEYED_NONE, 1},
    {"mr\\s*#|chart\\s*#|patient\\s*#|pt\\.?\\s*#", BS_CTX_MRN, BS_KEYED_MRN, 1},
    {"dl\\s*#", BS_CTX_LICENSE, BS_KEYED_LICENSE, 1},
    {"cc\\s*#", BS_CTX_CARD, BS_KEYED_NONE, 1},
    {"chart", BS_CTX_MRN, BS_KEYED_NONE, 0},
    {"member|subscriber|insured|policy(holder)?|insurance|health\\s+plan|plan|beneficiary",
     BS_CTX_MEMBER, BS_KEYED_MEMBER, 0},
    {"group", BS_CTX_MEMBER, BS_KEYED_NONE, 0},
    /* Health plans: "Aetna ID: W123456789" names a member ID by its payer. */
    {"aetna|cigna|humana|anthem|blue\\s+cross(\\s+blue\\s+shield)?|blue\\s+shield|bcbs|"
     "united\\s*health\\s*care|uhc|kaiser(\\s+permanente)?|medicaid|tricare|molina|centene|"
     "wellcare|ambetter|highmark|carefirst|premera|regence|harvard\\s+pilgrim|tufts|emblem|"
     "fidelis|amerigroup|caresource|oscar|oxford|geisinger|wellmark|excellus|healthnet|"
     "health\\s+net|bright\\s+health|devoted|clover|alignment",
     BS_CTX_MEMBER, BS_KEYED_MEMBER, 0},
    {"npi|national\\s+provider(\\s+identifier)?", BS_CTX_NPI, BS_KEYED_NPI, 0},
    {"diagnosis|diagnoses|diagnosed|dx|icd|icd-?10(-cm)?|assessment|problem|problems|"
     "condition|diag|impression",
     BS_CTX_DIAGNOSIS, BS_KEYED_NONE, 0},
    {"icd-?9(-cm)?", BS_CTX_ICD9 | BS_CTX_DIAGNOSIS, BS_KEYED_ICD9, 0},
    {"procedure|procedures|proc|px|hcpcs|surgery|billing\\s+code|service\\s+code|"
     "pcs|icd-?10-?pcs",
     BS_CTX_PROCEDURE, BS_KEYED_NONE, 0},
    {"cpt(\\s+code)?s?", BS_CTX_CPT | BS_CTX_PROCEDURE, BS_KEYED_NONE, 0},
    {"routing|aba|rtn|transit", BS_CTX_ROUTING, BS_KEYED_NONE, 0},
    {"account|acct|a/c|checking|savings", BS_CTX_ACCOUNT, BS_KEYED_ACCOUNT, 0},
    {"bank|iban", BS_CTX_ACCOUNT, BS_KEYED_NONE, 0},
    {"card|visa|mastercard|amex|american\\s+express|discover|credit|debit|cc|pan", BS_CTX_CARD,
     BS_KEYED_NONE, 0},
    {"driver'?s?\\s*licen[sc]e|licen[sc]e|lic|dl|dln|d/l", BS_CTX_LICENSE, BS_KEYED_LICENSE, 0},
    {"driver'?s?", BS_CTX_LICENSE, BS_KEYED_NONE, 0},
    {"passport", BS_CTX_PASSPORT, BS_KEYED_PASSPORT, 0},
    {"zip|zipcode|zip\\s+code|postal(\\s+code)?", BS_CTX_ZIP, BS_KEYED_ZIP, 0},
    {"medicare|mbi|hicn|hic|beneficiary|claim\\s+number", BS_CTX_MEDICARE, BS_KEYED_NONE, 0},
    {"order|order\\s+no|invoice|inv|ref|reference|confirmation|conf|tracking|total|"
     "amount|balance|qty|quantity|lot|serial|part|sku|item|ticket|transaction|txn|"
     "receipt|batch|usd|version|ver|model|isbn|id\\s+card",
     BS_CTX_NOT_PII, BS_KEYED_NONE, 0},
    {"user(\\s*name)?|user\\s*id|login|logon|uid", BS_CTX_USER, BS_KEYED_NONE, 0},
    {"password|passwd|pwd|passcode", 0, BS_KEYED_CREDENTIAL, 0},
    {"date|dated", BS_CTX_DATE, BS_KEYED_NONE, 0},
    {"patient(\\s+name)?|patient's\\s+name|pt\\.?(\\s+name)?|name|full\\s+name|legal\\s+name|"
     "dear|re|regarding|guarantor|guardian|parent|mother|father|spouse|emergency\\s+contact|"
     "next\\s+of\\s+kin|responsible\\s+party|attn|attention|client|resident|insured\\s+name|"
     "subscriber\\s+name|member\\s+name|mr|mrs|ms|miss",
     BS_CTX_PERSON, BS_KEYED_NAME, 0},
    {"dr|doctor|physician|provider|attending|referring|pcp|surgeon|clinician|"
     "electronically\\s+signed|signed\\s+by|md|np|rn|nurse",
     BS_CTX_PROVIDER, BS_KEYED_NONE, 0},
};

const size_t bs_keyword_count = sizeof bs_keywords / sizeof bs_keywords[0];
