/* The detectors: one row each, named in exports. Append only (stored as numbers). */
#ifndef BS_DETECTOR_H
#define BS_DETECTOR_H

#define BS_DETECTORS(X)                                                                            \
  X(FIELD, "field")               /* a cell or value read by its field hint */                     \
  X(SSN, "ssn")                   /* 123-45-6789, 123 45 6789 */                                   \
  X(SSN_BARE, "nine-digits")      /* 123456789 with context: SSN or routing */                     \
  X(DATE_NUMERIC, "date-numeric") /* 03/14/1962, 3-14-62 */                                        \
  X(DATE_ISO, "date-iso")         /* 1962-03-14 */                                                 \
  X(DATE_TEXT, "date-text")       /* March 14, 1962; 14 Mar 1962 */                                \
  X(DATE_COMPACT, "date-compact") /* 19620314 with context */                                      \
  X(PHONE, "phone")               /* (312) 555-0142 */                                             \
  X(PHONE_BARE, "phone-bare")     /* 3125550142 with context */                                    \
  X(EMAIL, "email")                                                                                \
  X(ZIP_STATE, "city-state-zip") /* Springfield, IL 62704 */                                       \
  X(ZIP_KEYWORD, "zip-keyword")  /* ZIP: 62704 */                                                  \
  X(STREET, "street-address")    /* 1234 Oak Street Apt 5 */                                       \
  X(PO_BOX, "po-box")                                                                              \
  X(ICD10CM, "icd10cm")                                                                            \
  X(ICD9CM, "icd9cm")                                                                              \
  X(CPT, "cpt")                                                                                    \
  X(HCPCS, "hcpcs")                                                                                \
  X(ICD10PCS, "icd10pcs")                                                                          \
  X(MBI, "mbi")                                                                                    \
  X(HICN, "hicn")                                                                                  \
  X(MEMBER_ID, "member-id")                                                                        \
  X(MRN, "mrn")                                                                                    \
  X(NPI, "npi")                                                                                    \
  X(CARD, "card")                                                                                  \
  X(ACCOUNT, "account")                                                                            \
  X(LICENSE, "drivers-license")                                                                    \
  X(PASSPORT, "passport")                                                                          \
  X(CREDENTIAL, "credential")                                                                      \
  X(PERSON_NAME, "person-name") /* Mary Okafor, OKAFOR, MARY; after a label: Patient: ... */

typedef enum bs_detector {
#define BS_DETECTOR_ENUM(id, name) BS_DET_##id,
  BS_DETECTORS(BS_DETECTOR_ENUM)
#undef BS_DETECTOR_ENUM
      BS_DET_COUNT
} bs_detector;

const char *bs_detector_name(int detector);

#endif
