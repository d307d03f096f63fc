/* The closed list of data element types a finding can have; the law is written in
 * these terms, and exports use exactly these names. Append only: the numbers are
 * stored in case stores. */
#ifndef BS_ELEMENT_H
#define BS_ELEMENT_H

#define BS_ELEMENT_TYPES(X)                                                                        \
  X(NAME, "name")                                                                                  \
  X(FIRST_NAME, "first_name")                                                                      \
  X(LAST_NAME, "last_name")                                                                        \
  X(ADDRESS, "address")                                                                            \
  X(CITY, "city")                                                                                  \
  X(STATE, "state")                                                                                \
  X(ZIP, "zip")                                                                                    \
  X(DOB, "dob")                                                                                    \
  X(SERVICE_DATE, "service_date")                                                                  \
  X(DATE, "date")                                                                                  \
  X(SSN, "ssn")                                                                                    \
  X(ITIN, "itin")                                                                                  \
  X(DRIVERS_LICENSE, "drivers_license")                                                            \
  X(PASSPORT, "passport")                                                                          \
  X(MBI, "mbi")                                                                                    \
  X(HICN, "hicn")                                                                                  \
  X(MEMBER_ID, "member_id")                                                                        \
  X(MRN, "mrn")                                                                                    \
  X(ICD10CM, "icd10cm")                                                                            \
  X(ICD9CM, "icd9cm")                                                                              \
  X(CPT, "cpt")                                                                                    \
  X(HCPCS, "hcpcs")                                                                                \
  X(ICD10PCS, "icd10pcs")                                                                          \
  X(PHONE, "phone")                                                                                \
  X(EMAIL, "email")                                                                                \
  X(ACCOUNT, "account")                                                                            \
  X(CARD, "card")                                                                                  \
  X(ROUTING, "routing")                                                                            \
  X(CREDENTIAL, "credential")                                                                      \
  X(NPI, "npi")

typedef enum bs_element {
#define BS_ELEMENT_ENUM(id, name) BS_EL_##id,
  BS_ELEMENT_TYPES(BS_ELEMENT_ENUM)
#undef BS_ELEMENT_ENUM
      BS_EL_COUNT,
  BS_EL_NONE = -1
} bs_element;

/* Export name of a type ("ssn"), or "?" when out of range. */
const char *bs_element_name(bs_element type);
/* Type for an export name, or BS_EL_NONE. */
bs_element bs_element_from_name(const char *name);

#endif
