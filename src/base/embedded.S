/* Reference data from data/ linked into the program, each file followed by a NUL.
 * Paths are relative to the repository root, where make runs. */
#define EMBED(sym, file)        \
  .global sym;                  \
  .global sym##_end;            \
  .balign 16;                   \
  sym:                          \
  .incbin file;                 \
  sym##_end:                    \
  .byte 0

  .section .rodata
EMBED(bs_data_icd10cm, "data/icd10cm.txt")
EMBED(bs_data_icd10pcs, "data/icd10pcs.txt")
EMBED(bs_data_icd9cm, "data/icd9cm.txt")
EMBED(bs_data_hcpcs, "data/hcpcs.txt")
EMBED(bs_data_zip3, "data/zip3.tsv")
EMBED(bs_data_zip5_exceptions, "data/zip5_exceptions.tsv")
EMBED(bs_data_states, "data/states.tsv")
EMBED(bs_data_street_suffixes, "data/street_suffixes.tsv")
EMBED(bs_data_unit_designators, "data/unit_designators.tsv")
EMBED(bs_data_card_iin, "data/card_iin.tsv")
EMBED(bs_data_dl_formats, "data/dl_formats.tsv")
EMBED(bs_data_first_names, "data/first_names.tsv")
EMBED(bs_data_surnames, "data/surnames.tsv")
EMBED(bs_data_nicknames, "data/nicknames.tsv")
EMBED(bs_data_places, "data/places.tsv")
EMBED(bs_data_notice_template, "data/templates/notice.tmpl")
EMBED(bs_data_breach_rules, "data/rules/breach_rules.tsv")
EMBED(bs_data_element_groups, "data/rules/element_groups.tsv")
EMBED(bs_data_report_template, "data/report/report.html")
  .section .note.GNU-stack,"",@progbits
