#!/usr/bin/env bash
# Compiles the reference data the program needs from ../shared/data-raw into compact
# files under data/. Run by hand when the raw data changes; data/ is committed so the
# project builds without ../shared. Origins and licences: data/SOURCES.md.
set -euo pipefail
raw=${1:-"$(dirname "$0")/../../shared/data-raw"}
out=$(dirname "$0")/../data
export LC_ALL=C

# Code sets: one code per line, no dots, upper case, sorted (binary search at run time).
codes() { awk -F'\t' 'NR > 1 && $1 != "" { print toupper($1) }' "$1" | sort -u; }
codes "$raw/codes/icd10cm_codes_fy2014_fy2026.tsv" > "$out/icd10cm.txt"
codes "$raw/codes/icd10pcs_codes_fy2014_fy2026.tsv" | awk 'length($0) == 7' > "$out/icd10pcs.txt"
codes "$raw/codes/icd9cm_diagnosis_codes_v32.tsv" > "$out/icd9cm.txt"
awk -F'\t' 'NR > 1 && $2 == "code" { print toupper($1) }' \
  "$raw/codes/hcpcs_level2_2025_oct.tsv" | sort -u > "$out/hcpcs.txt"

# ZIP3 prefix -> state (unassigned prefixes omitted), and the five-digit exceptions.
awk -F'\t' 'NR > 1 && $2 != "" { print $1 "\t" $2 }' "$raw/geo/usps_zip3_to_state.tsv" > "$out/zip3.tsv"
awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' "$raw/geo/usps_zip5_state_exceptions.tsv" > "$out/zip5_exceptions.tsv"

# States and territories: USPS code and name.
awk -F'\t' 'NR > 1 { print $1 "\t" toupper($2) }' "$raw/address/us_states_territories.tsv" > "$out/states.tsv"

# USPS Pub 28 C1 suffix variants -> standard abbreviation; C2 unit designators.
awk -F'\t' 'NR > 1 { print $1 "\t" $3 }' "$raw/address/usps_pub28_c1_street_suffixes.tsv" | sort -u > "$out/street_suffixes.tsv"
awk -F'\t' 'NR > 1 { print $1 "\t" $2 "\t" $3 }' "$raw/address/usps_pub28_c2_secondary_unit_designators.tsv" > "$out/unit_designators.tsv"

# Payment card IIN ranges: brand, first prefix, last prefix, allowed lengths.
awk -F'\t' 'NR > 1 { print $1 "\t" $3 "\t" $4 "\t" $5 }' "$raw/identifiers/credit_card_iin_ranges_braintree.tsv" > "$out/card_iin.tsv"

# Driver's licence formats: state and anchored pattern, one alternative a line.
# Washington's pattern uses a lookahead for "12 characters in all"; it is rewritten
# to a close form without one (12 characters, a letter first) so that Hyperscan can compile it.
awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' "$raw/identifiers/us_drivers_license_regex_dlvalidator.tsv" |
  sed 's/^WA\t.*/WA\t^[A-Z][A-Z0-9*]{11}$/' > "$out/dl_formats.tsv"
# For `synth`: first names by sex with their births 1940-2024 (the 4,000 most given of
# each sex), the 20,000 commonest surnames with their 2010 counts, nicknames, places.
awk -F'\t' 'NR > 1 && $4 > 0 { print $2 "\t" $4 "\t" $1 }' "$raw/names/ssa_first_names_national_1880_2024.tsv" |
  sort -t"$(printf '\t')" -k1,1 -k2,2nr -k3,3 | awk -F'\t' '++n[$1] <= 4000 { print $3 "\t" $1 "\t" $2 }' \
  > "$out/first_names.tsv"
awk -F, 'NR > 1 && NR <= 20001 { print $1 "\t" $2 }' "$raw/names/census2010_surnames.csv" > "$out/surnames.tsv"
# Nicknames: only those shorter than the formal name (the list also holds reverse pairs
# such as bill -> robert), and only for formal names kept above.
awk -F'\t' '{ print tolower($1) }' "$out/first_names.tsv" | sort -u > "$out/.formal.tmp"
# (The raw list has CRLF line ends: stripped, so that no name carries a carriage return.)
tr -d '\r' < "$raw/names/nicknames_carltonnorthern.csv" |
  awk -F, 'NR > 1 && $2 == "has_nickname" && length($3) < length($1) && length($3) > 1 && $3 != "dob" && $3 != "hob" { print $1 "\t" $3 }' |
  sort -u | join -t"$(printf '\t')" "$out/.formal.tmp" - \
  > "$out/nicknames.tsv"
rm -f "$out/.formal.tmp"
# Places: ZIP, city, state for ZIPs whose state is a USPS state and whose ZIP3 is assigned.
awk -F'\t' 'FNR == NR { zip3[$1] = $2; next } FILENAME ~ /states/ { state[$1] = 1; next }
  $5 != "" && ($5 in state) && zip3[substr($2, 1, 3)] != "" { print $2 "\t" toupper($3) "\t" $5 }' \
  "$out/zip3.tsv" "$out/states.tsv" "$raw/geo/geonames_US_postal_codes_2026-03.txt" | sort -u > "$out/places.tsv"
echo "data/ rebuilt from $raw"
