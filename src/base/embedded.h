/* Reference data files embedded at link time (see embedded.S and data/SOURCES.md). */
#ifndef BS_EMBEDDED_H
#define BS_EMBEDDED_H

// clang-format off
#define BS_EMBEDDED_FILES(X)                                                              \
  X(icd10cm) X(icd10pcs) X(icd9cm) X(hcpcs) X(zip3) X(zip5_exceptions) X(states)         \
  X(street_suffixes) X(unit_designators) X(card_iin) X(dl_formats) X(first_names)  \
  X(surnames) X(nicknames) X(places)                                                     \
  X(breach_rules) X(element_groups) X(report_template)
// clang-format on

#define BS_EMBEDDED_DECLARE(name)                                                                  \
  extern const char bs_data_##name[];                                                              \
  extern const char bs_data_##name##_end[];
BS_EMBEDDED_FILES(BS_EMBEDDED_DECLARE)
#undef BS_EMBEDDED_DECLARE

#endif
