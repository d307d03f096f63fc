# End-to-end tests of the breachscope command, sourced by tests/run: they build a file
# tree with every supported format and bad files, scan it, and check the exports.
# Each `ok`/`no` call is one case. Uses $BS (the program) and $passed/$failed.

ok() { # ok NAME COMMAND...: passes when the command succeeds
  local name=$1
  shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL e2e: $name"; fi
}

no() { # no NAME COMMAND...: passes when the command fails
  local name=$1
  shift
  if "$@" >/dev/null 2>&1; then failed=$((failed + 1)); echo "FAIL e2e: $name"; else passed=$((passed + 1)); fi
}

has() { grep -qF -- "$2" "$1"; }           # has FILE TEXT
has_line() { grep -qxF -- "$2" "$1"; }     # has_line FILE LINE
# row_has FILE KEY TEXT: a line holding KEY also holds TEXT (one command, so that `ok`
# sees the whole check; a pipe after `ok` would escape it).
row_has() { grep -F -- "$2" "$1" | grep -qF -- "$3"; }
row_matches() { grep -F -- "$2" "$1" | grep -qE -- "$3"; } # row_matches FILE KEY REGEX

# The identities seeded in the tree; none may appear in clear in logs or masked output.
SEEDED_SECRETS="123-45-6789 123456789 3125550142 (312) 555-0142 1EG4TE5MK73 1EG4-TE5-MK73 XGH123456789 00123456 mary.okafor@example.org 287-65-4320 287654320 6175550199"

make_tree() { # make_tree DIR
  local d=$1
  mkdir -p "$d/notes" "$d/exports" "$d/mail" "$d/bad"
  cat > "$d/notes/visit.txt" <<'T'
Clinic visit note
Patient: Mary Okafor   DOB: 03/14/1962   MRN: 00123456
SSN: 123-45-6789   Phone: (312) 555-0142   Email: mary.okafor@example.org
Address: 1234 Oak Street Apt 5
Springfield, IL 62704
Medicare MBI: 1EG4-TE5-MK73   Member ID: XGH123456789
Date of service: 2024-07-02. Dx: E11.9, I10. CPT 99213.
Order # 412-55-1234 shipped; invoice total $1,234.56; glucose 105 mg/dL.
T
  cp "$d/notes/visit.txt" "$d/notes/visit-copy.txt"
  printf 'Referral for patient born 14 Mar 1975\r\nSSN 287-65-4320, call (617) 555-0199\r\n' |
    iconv -f UTF-8 -t UTF-16 > "$d/notes/referral-utf16.txt"
  printf 'Nota: paciente Jos\xe9, SSN: 287-65-4320\n' > "$d/notes/latin1.txt"
  cat > "$d/exports/registration.csv" <<'T'
MRN,Last Name,First Name,DOB,SSN,Address,City,State,ZIP,Notes
00123456,Okafor,Mary,3/14/1962,123456789,"1234 Oak Street, Apt 5",Springfield,IL,62704,"called 312-555-0142
re: bill"
00777001,Nguyen,Linh,1988-11-30,,"77 North Main Avenue",Boston,MA,02108,none
T
  printf 'visit_date\tpatient_dob\tdx_code\tphone\n07/02/2024\t03/14/1962\tJ45.909\t617-555-0199\n' > "$d/exports/appointments.tsv"
  cat > "$d/exports/patient.json" <<'T'
{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient",
 "name":[{"family":"Nguyen","given":["Linh"]}],"birthDate":"1988-11-30",
 "address":[{"line":["77 North Main Avenue"],"city":"Boston","state":"MA","postalCode":"02108"}]}}]}
T
  printf '{"ssn":"287-65-4320","dob":"1975-03-14"}\n{"broken": \n{"mrn":"00777001"}\n' > "$d/exports/feed.ndjson"
  printf 'id,name\n1,"Okafor' > "$d/bad/truncated.csv"
  printf '\x00\x01\x02\x03binary\x00' > "$d/bad/blob.bin"
  : > "$d/bad/empty.txt"
  ln -s ../notes/visit.txt "$d/bad/link.txt"
  printf 'Subject: results\n\nHi, the MBI for Mary is 1EG4TE5MK73.\n' > "$d/mail/message.txt"
}

e2e_scan_tree() {
  local t=$TMP/tree case=$TMP/case out=$TMP/out
  mkdir -p "$out"
  make_tree "$t"
  printf '%s\n' "$t/mail" "$t/does-not-exist.txt" > "$TMP/manifest"
  ok "init creates a case" "$BS" init "$case" --org "Test Clinic" --discovered 2026-11-01 --window 2024-06-01..2024-07-31
  ok "case store is private" test "$(stat -c %a "$case/case.db")" = 600
  no "init refuses an existing case" "$BS" init "$case" --org X --discovered 2026-11-01
  no "init refuses a bad date" "$BS" init "$TMP/case-bad" --org X --discovered 2026-02-30
  "$BS" scan "$case" "$t/notes" "$t/exports" "$t/bad" --manifest "$TMP/manifest" --threads 2 \
    >"$out/scan.out" 2>"$out/scan.err"
  local rc=$?
  ok "scan exits 1 when a file could not be read" test "$rc" -eq 1
  ok "scan summary counts files" has "$out/scan.out" "scan: 14 files"
  ok "unreadable file reported by id" grep -qE '^breachscope: error: file [0-9]+: No such file' "$out/scan.err"
  ok "truncated CSV reported with its row" grep -qE 'file [0-9]+: row 2: quoted field not closed' "$out/scan.err"
  ok "broken NDJSON line reported" grep -qE 'file [0-9]+: line 2 column [0-9]+: invalid JSON' "$out/scan.err"
  ok "bad UTF-8 reported with its byte" grep -qE 'file [0-9]+: byte [0-9]+: invalid UTF-8' "$out/scan.err"

  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" findings "$case" --format jsonl > "$out/masked.jsonl"
  "$BS" files "$case" > "$out/files.csv"
  "$BS" files "$case" --problems > "$out/problems.csv"
  local f=$out/all.csv n=$t/notes/visit.txt e=$t/exports
  # Free text: type, value, path, line, column.
  ok "text: ssn with line and column" has_line "$f" "\"ssn\",\"123456789\",\"$n\",\"3\",\"6\",,,\"0.99\",\"ssn\",\"$(grep -F "$n\"" "$out/files.csv" | cut -d, -f1 | tr -d '"')\","
  ok "text: dob" has "$f" "\"dob\",\"1962-03-14\",\"$n\",\"2\""
  ok "text: mrn" has "$f" "\"mrn\",\"00123456\",\"$n\""
  ok "text: phone" has "$f" "\"phone\",\"3125550142\",\"$n\""
  ok "text: email" has "$f" "\"email\",\"mary.okafor@example.org\",\"$n\""
  ok "text: street address in Pub 28 form" has "$f" "\"address\",\"1234 OAK ST APT 5\",\"$n\""
  ok "text: city" has "$f" "\"city\",\"SPRINGFIELD\",\"$n\""
  ok "text: state" has "$f" "\"state\",\"IL\",\"$n\""
  ok "text: zip" has "$f" "\"zip\",\"62704\",\"$n\""
  ok "text: mbi" has "$f" "\"mbi\",\"1EG4TE5MK73\",\"$n\""
  ok "text: member id" has "$f" "\"member_id\",\"XGH123456789\",\"$n\""
  ok "text: service date" has "$f" "\"service_date\",\"2024-07-02\",\"$n\""
  ok "text: icd10" has "$f" "\"icd10cm\",\"E119\",\"$n\""
  ok "text: cpt" has "$f" "\"cpt\",\"99213\",\"$n\""
  no "lookalike: order number is no ssn" has "$f" "\"ssn\",\"412551234\""
  ok "duplicate file carries the findings too" has "$f" "\"ssn\",\"123456789\",\"$t/notes/visit-copy.txt\""
  ok "one of two identical files recorded as a duplicate" \
    test "$(grep -cE "/notes/visit(-copy)?\.txt\",\"duplicate\"" "$out/files.csv")" -eq 1
  ok "utf-16 decoded" has "$f" "\"ssn\",\"287654320\",\"$t/notes/referral-utf16.txt\""
  ok "utf-16 dob" has "$f" "\"dob\",\"1975-03-14\",\"$t/notes/referral-utf16.txt\""
  ok "latin-1 file still scanned" has "$f" "\"ssn\",\"287654320\",\"$t/notes/latin1.txt\""
  # Tables: row, column, field.
  ok "csv: hinted ssn with row and field" has_line "$f" "\"ssn\",\"123456789\",\"$e/registration.csv\",,\"5\",\"2\",\"SSN\",\"0.99\",\"field\",\"$(grep -F "$e/registration.csv\"" "$out/files.csv" | cut -d, -f1 | tr -d '"')\",\"2\""
  ok "csv: last name from header" has "$f" "\"last_name\",\"OKAFOR\",\"$e/registration.csv\""
  ok "csv: address cell with comma" has "$f" "\"address\",\"1234 OAK ST APT 5\",\"$e/registration.csv\""
  ok "csv: phone inside a multi-line notes cell" has "$f" "\"phone\",\"3125550142\",\"$e/registration.csv\",,\"10\",\"2\",\"Notes\""
  ok "csv: zip with leading zero" has "$f" "\"zip\",\"02108\",\"$e/registration.csv\""
  ok "tsv: service date from header" has "$f" "\"service_date\",\"2024-07-02\",\"$e/appointments.tsv\""
  ok "tsv: icd10 from header" has "$f" "\"icd10cm\",\"J45909\",\"$e/appointments.tsv\""
  ok "fhir json: element path as field" has "$f" "\"dob\",\"1988-11-30\",\"$e/patient.json!Patient\",,,\"1\",\"Patient.birthDate\""
  ok "fhir json: postal code" has "$f" "\"zip\",\"02108\",\"$e/patient.json!Patient\""
  ok "fhir json: family name" has "$f" "\"last_name\",\"NGUYEN\",\"$e/patient.json!Patient\""
  ok "ndjson: line after a broken one still read" has "$f" "\"mrn\",\"00777001\",\"$e/feed.ndjson\",\"3\""
  ok "manifest path scanned" has "$f" "\"mbi\",\"1EG4TE5MK73\",\"$t/mail/message.txt\""
  ok "binary file listed as not examined" grep -qF "\"$t/bad/blob.bin\",\"not_examined\"" "$out/files.csv"
  ok "symbolic link listed as not examined" grep -qF "\"$t/bad/link.txt\",\"not_examined\"" "$out/files.csv"
  ok "missing file listed as failed" grep -qF "\"$t/does-not-exist.txt\",\"failed\"" "$out/files.csv"
  ok "sha256 recorded" grep -qF "$(sha256sum "$n" | cut -d' ' -f1)" "$out/files.csv"
  ok "problems listed" has "$out/problems.csv" "quoted field not closed"
  # Masking and logs: the seeded values never appear in clear.
  ok "masked ssn shown" has "$out/masked.jsonl" '"value":"***-**-6789"'
  local leak=0 s
  for s in $SEEDED_SECRETS; do
    for log in "$out/scan.out" "$out/scan.err" "$out/problems.csv" "$out/masked.jsonl"; do
      if grep -qF -- "$s" "$log"; then leak=1; echo "  leaked: a seeded value in $(basename "$log")"; fi
    done
  done
  ok "no seeded value in logs or masked output" test "$leak" -eq 0
  # Same findings whatever the thread count.
  "$BS" init "$TMP/case1" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$TMP/case1" "$t/notes" "$t/exports" "$t/bad" --manifest "$TMP/manifest" --threads 1 >/dev/null 2>&1
  "$BS" findings "$TMP/case1" --format csv --reveal | cut -d, -f1-9 > "$out/one-thread.csv"
  cut -d, -f1-9 "$out/all.csv" > "$out/two-threads.csv"
  ok "same findings with 1 and 2 threads" cmp -s "$out/one-thread.csv" "$out/two-threads.csv"
  # A re-run finds everything done and adds nothing.
  local before after
  before=$(wc -l < "$out/all.csv")
  "$BS" scan "$case" "$t/notes" "$t/exports" "$t/bad" --manifest "$TMP/manifest" > "$out/rescan.out" 2>/dev/null
  after=$("$BS" findings "$case" --format csv --reveal | wc -l)
  ok "re-run skips files stored whole" grep -qE 'done before 1[0-9]' "$out/rescan.out"
  ok "re-run adds no findings" test "$before" -eq "$after"
  # Time window: the files were just written, outside 2020.
  "$BS" init "$TMP/case-window" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$TMP/case-window" "$t/notes" --modified-between 2020-01-01..2020-12-31 > "$out/window.out" 2>&1
  ok "files outside the window are left out" grep -qE 'scan: 0 files.*' "$out/window.out"
  ok "bad window refused" test "$("$BS" scan "$case" "$t" --modified-between 2024-02-30..2024-03-01 >/dev/null 2>&1; echo $?)" -eq 2
}

# Kill -9 midway, re-run: the same findings as one uninterrupted scan.
e2e_kill_resume() {
  local corpus=$TMP/big out=$TMP/kill
  mkdir -p "$corpus" "$out"
  awk -v dir="$corpus" 'BEGIN {
    for (f = 0; f < 300; f++) {
      file = sprintf("%s/note-%03d.txt", dir, f)
      for (i = 0; i < 1500; i++) {
        n = f * 1500 + i
        printf "Patient %d DOB: %02d/%02d/19%02d SSN: %03d-%02d-%04d Phone: (312) 555-%04d MRN: %08d\n",
          n, n % 12 + 1, n % 28 + 1, n % 90 + 10, n % 600 + 100, n % 90 + 10, n % 9000 + 1000, n % 10000, n > file
      }
      close(file)
    }
  }'
  "$BS" init "$out/whole" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$out/whole" "$corpus" --threads 2 >/dev/null 2>&1
  "$BS" findings "$out/whole" --format csv --reveal | cut -d, -f1-9 | sort > "$out/whole.csv"

  "$BS" init "$out/killed" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$out/killed" "$corpus" --threads 2 >/dev/null 2>&1 &
  local pid=$! stored=0 i
  for i in $(seq 1 600); do # until some files are committed, at most 60 s
    stored=$(sqlite3 "file:$out/killed/case.db?mode=ro" "SELECT COUNT(*) FROM files" 2>/dev/null || echo 0)
    [ "${stored:-0}" -gt 0 ] && break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  stored=$(sqlite3 "$out/killed/case.db" "SELECT COUNT(*) FROM files")
  ok "kill landed midway (some but not all files stored)" test "$stored" -gt 0 -a "$stored" -lt 300
  "$BS" scan "$out/killed" "$corpus" --threads 2 > "$out/resume.out" 2>&1
  ok "re-run after kill -9 completes" grep -qE 'done before [1-9]' "$out/resume.out"
  "$BS" findings "$out/killed" --format csv --reveal | cut -d, -f1-9 | sort > "$out/killed.csv"
  ok "kill -9 then re-run gives the same findings" cmp -s "$out/whole.csv" "$out/killed.csv"
  ok "no file stored twice" test "$(sqlite3 "$out/killed/case.db" "SELECT COUNT(*) FROM files")" -eq 300
  ok "findings not empty" test "$(wc -l < "$out/whole.csv")" -gt 100000

  # Ctrl-C: the scan stops cleanly (exit 130), keeps what it stored, and a re-run
  # finishes with the same findings.
  "$BS" init "$out/interrupted" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$out/interrupted" "$corpus" --threads 2 >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 600); do
    stored=$(sqlite3 "file:$out/interrupted/case.db?mode=ro" "SELECT COUNT(*) FROM files" 2>/dev/null || echo 0)
    [ "${stored:-0}" -gt 0 ] && break
    sleep 0.1
  done
  kill -INT "$pid" 2>/dev/null
  wait "$pid"
  local rc=$?
  ok "Ctrl-C exits 130" test "$rc" -eq 130
  "$BS" scan "$out/interrupted" "$corpus" --threads 2 >/dev/null 2>&1
  "$BS" findings "$out/interrupted" --format csv --reveal | cut -d, -f1-9 | sort > "$out/interrupted.csv"
  ok "Ctrl-C then re-run gives the same findings" cmp -s "$out/whole.csv" "$out/interrupted.csv"
}

# Containers and Office documents: findings located inside them (file!member!place),
# encrypted entries and decompression bombs listed, never silently skipped.
e2e_containers() {
  local d=$TMP/containers out=$TMP/containers-out case=$TMP/containers-case
  mkdir -p "$d/work" "$out"
  python3 tests/office-samples.py "$d/work"
  printf 'Visit note\nSSN: 219-38-4471 DOB: 03/14/1962\n' > "$d/work/visit.txt"
  (cd "$d/work" && zip -q inner.zip letter.docx && zip -q "$d/outer.zip" inner.zip registry.xlsx &&
    tar czf "$d/bundle.tgz" intake.ods note.odt && gzip -c visit.txt > "$d/visit.txt.gz" &&
    zip -q -P secret "$d/locked.zip" visit.txt)
  python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("zeros.txt", "0" * (40 << 20))' "$d/bomb.zip"
  # Zips nested ten deep: the levels past the depth limit are listed, not read.
  (cd "$d/work" && cp visit.txt level.txt && for i in 1 2 3 4 5 6 7 8 9 10; do
    zip -q "deep$i.zip" level.* && rm -f level.* && mv "deep$i.zip" level.zip; done &&
    mv level.zip "$d/deep.zip")
  rm -rf "$d/work"
  "$BS" init "$case" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$case" "$d" > "$out/scan.out" 2> "$out/scan.err"
  ok "scan of containers completes" test $? -eq 0
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" files "$case" > "$out/files.csv"
  local f=$out/all.csv
  ok "xlsx in zip: cell place, header hint, number format" \
    has "$f" "\"ssn\",\"031954321\",\"$d/outer.zip!registry.xlsx!Registry!B2\",,\"2\",\"2\",\"SSN\""
  ok "xlsx: zip with leading zero" has "$f" "\"zip\",\"02139\",\"$d/outer.zip!registry.xlsx!Registry!D2\""
  ok "xlsx: date from serial" has "$f" "\"dob\",\"1950-01-02\",\"$d/outer.zip!registry.xlsx!Registry!C2\""
  ok "docx in zip in zip: body line" has "$f" "\"ssn\",\"031954321\",\"$d/outer.zip!inner.zip!letter.docx!document\",\"2\""
  ok "docx: table cell with header" has "$f" "\"member_id\",\"XGH998877665\",\"$d/outer.zip!inner.zip!letter.docx!document!table 1\",,\"1\",\"2\",\"Member ID\""
  ok "docx: footer" has "$f" "\"mrn\",\"00456789\",\"$d/outer.zip!inner.zip!letter.docx!footer1\""
  ok "ods in tgz" has "$f" "\"dob\",\"1950-01-02\",\"$d/bundle.tgz!intake.ods!Intake!B2\""
  ok "odt in tgz" has "$f" "\"ssn\",\"031954321\",\"$d/bundle.tgz!note.odt!content\""
  ok "gzip stream" has "$f" "\"ssn\",\"219384471\",\"$d/visit.txt.gz!visit.txt\""
  ok "encrypted entry listed as not examined" grep -qF "\"$d/locked.zip!visit.txt\",\"not_examined\"" "$out/files.csv"
  ok "encrypted entry says why" row_has "$out/files.csv" "$d/locked.zip!visit.txt" '"encrypted"'
  ok "bomb entry listed as not examined" row_has "$out/files.csv" "$d/bomb.zip!zeros.txt" 'decompression bomb'
  ok "members counted in the summary" grep -qF '(17 of these inside containers)' "$out/scan.out"
  ok "nesting past the depth limit listed as not examined" row_has "$out/files.csv" \
    "$d/deep.zip!level.zip!level.zip!level.zip!level.zip!level.zip!level.zip!level.zip!level.zip!level.zip" \
    'nested deeper than the container depth limit'
  ok "members hashed" row_matches "$out/files.csv" "$d/outer.zip!registry.xlsx\"" '"[0-9a-f]{64}"'
}

# synth: the same seed writes the same bytes; its files scan and score against its truth.
e2e_synth() {
  local a=$TMP/synth-a b=$TMP/synth-b case=$TMP/synth-case out=$TMP/synth-out
  mkdir -p "$out"
  ok "synth writes a breach" "$BS" synth "$a" --patients 40 --seed 7
  ok "synth again with the same seed" "$BS" synth "$b" --patients 40 --seed 7
  (cd "$a" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$out/a.sha"
  (cd "$b" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$out/b.sha"
  ok "synth: same seed, same bytes in every file" cmp -s "$out/a.sha" "$out/b.sha"
  ok "synth: truth written" test -s "$a/truth/mentions.jsonl" -a -s "$a/truth/persons.csv"
  ok "synth: nothing but files/ and truth/" test "$(ls "$a" | tr '\n' ' ')" = "files truth "
  no "synth refuses a folder that is not empty" "$BS" synth "$a" --patients 40 --seed 7
  no "synth refuses a bad count" "$BS" synth "$TMP/synth-bad" --patients 0
  ok "synth: file times are in 2024" test -z "$(find "$a/files" -type f ! -newermt 2024-01-01 -o -type f -newermt 2025-01-01)"
  "$BS" init "$case" --org T --discovered 2024-07-20 >/dev/null
  "$BS" scan "$case" "$a/files" >/dev/null 2>&1
  "$BS" eval "$case" "$a/truth" > "$out/eval.txt"
  "$BS" eval "$case" "$a/truth" --json > "$out/eval.json"
  local t missing=0
  for t in ssn dob phone zip icd10cm mbi npi mrn member_id service_date; do
    grep -qE "^$t +[0-9]+ " "$out/eval.txt" || { missing=1; echo "  no eval row for $t"; }
  done
  ok "synth: eval has a row per structured type" test "$missing" -eq 0
  ok "synth: eval --json parses" python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["elements"]["dob"]["truth"] > 0' "$out/eval.json"
}

# synth's office, mail, archive and health formats: scanned, each format scored apart.
e2e_synth_formats() {
  local a=$TMP/synthfmt case=$TMP/synthfmt-case out=$TMP/synthfmt-out f
  mkdir -p "$out"
  ok "synth formats: written" "$BS" synth "$a" --patients 40 --seed 11
  "$BS" init "$case" --org T --discovered 2024-07-20 >/dev/null
  "$BS" scan "$case" "$a/files" >"$out/scan.out" 2>&1
  ok "synth formats: eval --by-format" "$BS" eval "$case" "$a/truth" --by-format --json
  "$BS" eval "$case" "$a/truth" --by-format > "$out/eval.txt"
  for f in xlsx docx pdf eml!csv eml!pdf eml!docx zip!xlsx zip!docx zip!csv zip!pdf mdb pst!eml \
    pst!eml!csv pst!eml!xlsx; do
    ok "synth formats: a row for $f" row_matches "$out/eval.txt" "$f " "^$f +[1-9][0-9]* "
  done
  # The Access database as mdbtools reads it, not our code: its tables, and each value
  # the truth places in a table's column in that cell of mdb-export's rows (in the text
  # of a memo).
  local db=$a/files/frontdesk/legacy/clinic-2012.mdb access_ok=0
  if command -v mdb-export >/dev/null; then
    for k in Patients Visits; do
      mdb-export -T '%Y-%m-%d %H:%M:%S' "$db" "$k" > "$out/export-$k.csv"
    done
    python3 - "$a/truth/mentions.jsonl" "$out" <<'P' && access_ok=1
import csv, json, sys
truth, out = sys.argv[1:]
tables = {k: list(csv.reader(open("%s/export-%s.csv" % (out, k), encoding="utf-8")))
          for k in ("Patients", "Visits")}
checked = 0
for line in open(truth, encoding="utf-8"):
    m = json.loads(line)
    if not m["path"].endswith(".mdb"):
        continue
    rows = tables[m["place"]]
    cell = rows[m["row"]][rows[0].index(m["field"])]
    assert cell == m["text"] or (m["field"] == "Notes" and m["text"] in cell), m
    checked += 1
assert checked >= 40, checked
P
    ok "synth formats: mdb-tables lists Patients and Visits" \
      test "$(mdb-tables -1 "$db" | tr '\n' ' ')" = "Patients Visits "
    ok "synth formats: mdb-export holds each mdb value where the truth places it" test "$access_ok" -eq 1
  fi
  for f in hl7 x12 fhir-ndjson fhir cda; do
    ok "synth formats: $f found whole" row_matches "$out/eval.txt" "$f " "^$f +[0-9]+ +[0-9]+ +[0-9]+ +1\.000 +1\.000 "
  done
  ok "synth formats: nothing unreadable" row_has "$out/scan.out" "scanned" "unreadable 0 "
}

# One file of each healthcare format: typed fields with their hint and record.
e2e_health() {
  local d=$TMP/health case=$TMP/case-health out=$TMP/out-health
  mkdir -p "$d" "$out"
  printf 'MSH|^~\\&|ADT1|GHH|LAB|GHH|20240714||ADT^A01|M1|P|2.5.1\rPID|1||4455667^^^GHH^MR~321549876^^^SSA^SS||OKAFOR^ADAEZE||19620314|F\rNK1|1|OKAFOR^CHIDI|SPO\rMSH|^~\\&|ADT1|GHH|LAB|GHH|20240715||ADT^A01|M2|P|2.5.1\rPID|1||7788990^^^GHH^MR||DOE^JANE||19851122|F\rDG1|1|I10|E11.9^Diabetes^I10\r' > "$d/adt.hl7"
  printf '%s\n' 'ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *240715*1200*^*00501*000000001*0*P*:~' \
    'GS*HC*S*R*20240715*1200*1*X*005010X222A1~' 'ST*837*0001*005010X222A1~' 'HL*1**20*1~' \
    'NM1*85*2*GOOD HEALTH CLINIC*****XX*1234567893~' 'HL*2*1*22*0~' 'NM1*IL*1*LEE*AL****MI*XQM884512~' \
    'DMG*D8*19700101*M~' 'CLM*P1*150***11:B:1*Y*A*Y*Y~' 'HI*ABK:J069~' 'LX*1~' 'SV1*HC:99213*150*UN*1~' \
    'DTP*472*D8*20240714~' 'SE*12*0001~' 'GE*1*1~' 'IEA*1*000000001~' > "$d/claims.837"
  printf '%s\n' '{"resourceType":"Patient","id":"p1","birthDate":"1990-01-01","identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"234-56-7890"}]}' \
    '{"resourceType":"Condition","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10"}]}}' > "$d/bulk.ndjson"
  printf '%s\n' '<?xml version="1.0"?>' '<ClinicalDocument xmlns="urn:hl7-org:v3"><recordTarget><patientRole>' \
    '<id root="2.16.840.1.113883.4.1" extension="345-67-8901"/><patient><birthTime value="19551231"/></patient>' \
    '</patientRole></recordTarget></ClinicalDocument>' > "$d/ccd.xml"
  "$BS" init "$case" --org "Test Clinic" --discovered 2026-11-01 > /dev/null
  "$BS" scan "$case" "$d" > "$out/scan.out" 2>&1
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  local f=$out/all.csv
  ok "hl7: ssn from PID-3[SS], record 1" grep -qE '^"ssn","321549876","[^"]*adt.hl7!message 1 PID","2",,"1","PID-3\[SS\]"' "$f"
  ok "hl7: dob of the second message, record 3" grep -qE '^"dob","1985-11-22","[^"]*adt.hl7!message 2 PID","5",,"3","PID-7"' "$f"
  ok "hl7: next of kin a record of its own" grep -qE '^"last_name","OKAFOR","[^"]*adt.hl7!message 1 NK1 1","3",,"2","NK1-2.1"' "$f"
  ok "x12: member id of the subscriber" grep -qE '^"member_id","XQM884512","[^"]*claims.837!transaction 1 loop 2010BA",[^,]*,,"1","NM1\*IL-09"' "$f"
  ok "x12: diagnosis of the claim" grep -qE '^"icd10cm","J069","[^"]*claims.837!transaction 1 loop 2300",[^,]*,,"1","HI\[ABK\]"' "$f"
  ok "x12: service date" grep -qE '^"service_date","2024-07-14","[^"]*claims.837![^"]*",[^,]*,,"1","DTP\*472-03"' "$f"
  ok "fhir: ssn by identifier system" grep -qE '^"ssn","234567890","[^"]*bulk.ndjson!Patient/p1","1",,"1","Patient.identifier\[ssn\]"' "$f"
  ok "fhir: condition in its patient's record" grep -qE '^"icd10cm","I10","[^"]*bulk.ndjson!Condition \(Patient/p1\)","2",,"1","Condition.code\[icd-10-cm\]"' "$f"
  ok "cda: ssn by id root" grep -qE '^"ssn","345678901","[^"]*ccd.xml!recordTarget",[^,]*,,"1","recordTarget.id\[ssn\]"' "$f"
  ok "cda: dob from birthTime" grep -qE '^"dob","1955-12-31","[^"]*ccd.xml!recordTarget",[^,]*,,"1","recordTarget.birthTime"' "$f"
}

# Email, mailboxes and Office 97-2003 files: members located as outer!inner.
e2e_mail() {
  local d=$TMP/mailtree case=$TMP/mailcase out=$TMP/mailout
  mkdir -p "$d" "$out"
  printf '%s\r\n' 'From: Clinic Billing <billing@example.com>' 'To: mary.okafor@example.org' \
    'Subject: =?UTF-8?Q?Statement_for_Mar=C3=ADa?=' 'Date: Tue, 02 Jul 2024 10:00:00 -0500' \
    'MIME-Version: 1.0' 'Content-Type: multipart/mixed; boundary="b1"' '' '--b1' \
    'Content-Type: text/plain; charset=iso-8859-1' 'Content-Transfer-Encoding: quoted-printable' '' \
    'Patient Mar=EDa, SSN 123-45-6789' '--b1' 'Content-Type: text/csv' \
    'Content-Disposition: attachment; filename="attachment.csv"' 'Content-Transfer-Encoding: base64' '' \
    "$(printf 'MRN,SSN\n00777001,287-65-4320\n' | base64 -w0)" '--b1--' > "$d/mail.eml"
  cat > "$d/box.mbox" <<'T'
From alice@example.org Tue Jul  2 10:00:00 2024
From: alice@example.org
To: clinic@example.org
Subject: Lab results
Date: Tue, 02 Jul 2024 10:00:00 +0000

Results for MRN 00123456 attached.

From bob@example.org Wed Jul  3 11:00:00 2024
From: bob@example.org
Subject: Re: call back
Date: Wed, 03 Jul 2024 11:00:00 +0000

Call (617) 555-0199.
T
  cp tests/data/xls/patients.xls tests/data/xls/encrypted.xls tests/data/doc/letter.doc \
    tests/data/msg/statement.msg "$d/"
  "$BS" init "$case" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$case" "$d" --threads 2 >"$out/scan.out" 2>"$out/scan.err"
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" files "$case" > "$out/files.csv"
  local f=$out/all.csv
  ok "eml: ssn in a quoted-printable latin-1 body" has "$f" "\"ssn\",\"123456789\",\"$d/mail.eml!body\",\"1\""
  ok "eml: address in the To header" has "$f" "\"email\",\"mary.okafor@example.org\",\"$d/mail.eml!header\",\"2\""
  ok "eml: attachment read as a table" has "$f" "\"ssn\",\"287654320\",\"$d/mail.eml!attachment.csv\",,\"2\",\"2\",\"SSN\""
  # Scanned, or a duplicate when another file of the tree (scanned at the same time by the
  # other thread) holds the same bytes first.
  ok "eml: attachment listed as a file" grep -qE "\"$d/mail.eml!attachment.csv\",\"(scanned|duplicate)\"" "$out/files.csv"
  ok "mbox: message as a member" has "$f" "\"mrn\",\"00123456\",\"$d/box.mbox!1 Lab results (2024-07-02).eml!body\""
  ok "mbox: second message" has "$f" "\"phone\",\"6175550199\",\"$d/box.mbox!2 Re: call back (2024-07-03).eml!body\""
  ok "xls: cell with sheet and header" has "$f" "\"ssn\",\"123456789\",\"$d/patients.xls!Patients!D2\",,\"4\",\"2\",\"SSN\""
  ok "doc: text of a Word 97 document" has "$f" "\"ssn\",\"123456789\",\"$d/letter.doc\",\"2\""
  ok "msg: body of an Outlook message" has "$f" "\"ssn\",\"123456789\",\"$d/statement.msg!body\""
  ok "msg: its attachment as a file" has "$f" "\"ssn\",\"287654320\",\"$d/statement.msg!claims.csv\",,\"2\",\"2\",\"SSN\""
  ok "msg: its embedded message as a file" has "$f" "\"mrn\",\"00123456\",\"$d/statement.msg!Fwd: lab (2024-07-02).eml!body\""
  ok "encrypted xls listed as not examined" grep -qF "\"$d/encrypted.xls\",\"not_examined\"" "$out/files.csv"
  ok "encrypted xls: reason given" row_has "$out/files.csv" "$d/encrypted.xls\"" '"encrypted"'
  local leak=0 s
  for s in 123-45-6789 287-65-4320 00123456 mary.okafor; do
    grep -qF -- "$s" "$out/scan.out" "$out/scan.err" && leak=1
  done
  ok "mail: no personal data in the scan's output" test "$leak" -eq 0
}

# Outlook stores written here by tests/data/make_pst.py after [MS-PST]: first read back
# by readpst and pffexport (libpst's and libpff's tools, so that the sample is checked
# apart from our reader), then scanned with damaged copies of themselves beside them:
# findings in bodies, subjects and attachments at their places, and each damaged copy
# reported by file and place while the others are read.
e2e_pst() {
  local d=$TMP/pst out=$TMP/pst-out case=$TMP/pst-case
  mkdir -p "$d/work" "$out"
  python3 tests/office-samples.py "$d/work"
  cp tests/data/pdf/two-pages.pdf "$d/work/"
  seq 1 400 | sed 's/.*/Follow-up note &: seen today, doing well./' > "$d/work/long.txt"
  printf 'Call back at (617) 555-0199.\n' >> "$d/work/long.txt"
  cat > "$d/work/mail.json" <<'T'
{"name": "Clinic mail", "folders": [
 {"name": "Inbox", "messages": [
  {"subject": "Lab results", "sender_name": "Clinic Billing", "sender_address": "billing@clinic.example",
   "date": "2024-07-02T10:00:00", "to": [{"name": "Mary Okafor", "address": "mary.okafor@example.org"}],
   "body": "Patient: Mary Okafor   DOB: 03/14/1962\nSSN: 123-45-6789   Phone: (312) 555-0142\n",
   "attachments": [{"filename": "claims.csv", "text": "MRN,SSN\n00777001,287-65-4320\n"},
                   {"filename": "two-pages.pdf", "file": "two-pages.pdf"},
                   {"filename": "letter.docx", "file": "letter.docx"}]},
  {"subject": "Referral for MRN 00123456", "sender_name": "Front Desk", "sender_address": "desk@clinic.example",
   "date": "2024-07-03T09:30:00", "body_file": "long.txt"}],
  "folders": [{"name": "Referrals", "messages": [
   {"subject": "Intake", "date": "2024-07-04T08:00:00", "body": "Medicare MBI: 1EG4-TE5-MK73\n",
    "attachments": [{"filename": "note.txt", "text": "Referral for patient born 14 Mar 1975\n"}]}]}]},
 {"name": "Sent Items", "messages": [
  {"subject": "Statement", "date": "2024-07-05T12:00:00", "body": "Member ID: XGH123456789\n",
   "to": [{"name": "A", "address": "a@example.org"}, {"name": "B", "address": "b@example.org"}]}]}]}
T
  printf '{"name": "Archive", "folders": [{"name": "Old", "messages": [{"subject": "Old chart", "date": "2023-01-09T08:00:00", "body": "SSN 219-38-4471\\n"}]}]}\n' > "$d/work/archive.json"
  ok "pst: make_pst.py writes a store" python3 tests/data/make_pst.py "$d/work/mail.json" "$d/mail.pst" --map "$out/map.json"
  ok "pst: readpst and pffexport give back every folder, message and attachment" \
    python3 tests/data/check_pst.py "$d/work/mail.json" "$d/mail.pst"
  ok "pst: a second store, to be named .dat" python3 tests/data/make_pst.py "$d/work/archive.json" "$d/archive.dat"
  ok "pst: readpst and pffexport read the second" python3 tests/data/check_pst.py "$d/work/archive.json" "$d/archive.dat"
  # Damaged copies: cut at several points, a B-tree root page or a message's block
  # overwritten, an empty file, text named .pst.
  python3 - "$d/mail.pst" "$out/map.json" "$d" <<'PY'
import json, sys
data, places, d = open(sys.argv[1], "rb").read(), json.load(open(sys.argv[2])), sys.argv[3]
def put(name, b):
    open("%s/%s" % (d, name), "wb").write(bytes(b))
for name, n in (("cut-header", 300), ("cut-maps", 0x4400), ("cut-half", len(data) // 2), ("cut-end", len(data) - 100)):
    put(name + ".pst", data[:n])
for name, at, fill in (("bad-nbt", places["nbt_root"], 0xAA), ("bad-bbt", places["bbt_root"], 0x55),
                       ("bad-block", places["first_message_block"], 0xFF)):
    b = bytearray(data); b[at:at + 64] = bytes([fill]) * 64; put(name + ".pst", b)
put("empty.pst", b"")
put("notes.pst", b"Chart note: SSN 287-65-4320\n")
PY
  # A store found by fuzz_pst on which libpst dereferences NULL: the reader's child dies.
  cp tests/data/pst/libpst-crash.pst "$d/crash.pst"
  rm -rf "$d/work"
  "$BS" init "$case" --org T --discovered 2026-11-01 >/dev/null
  timeout 300 "$BS" scan "$case" "$d" --threads 2 > "$out/scan.out" 2> "$out/scan.err"
  ok "pst: scan ends: damaged stores are per-file problems, not a failed run" test $? -eq 0
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" files "$case" > "$out/files.csv"
  "$BS" files "$case" --problems > "$out/problems.csv"
  local f=$out/all.csv m="$d/mail.pst!Inbox/Lab results (2024-07-02).eml"
  ok "pst: ssn in a body, with its line" has "$f" "\"ssn\",\"123456789\",\"$m!body\",\"2\""
  ok "pst: dob in a body" has "$f" "\"dob\",\"1962-03-14\",\"$m!body\",\"1\""
  ok "pst: phone in a body" has "$f" "\"phone\",\"3125550142\",\"$m!body\",\"2\""
  ok "pst: patient name in a body" has "$f" "\"name\",\"MARY OKAFOR\",\"$m!body\",\"1\""
  ok "pst: sender address in the From header" has "$f" "\"email\",\"billing@clinic.example\",\"$m!header\",\"2\""
  ok "pst: recipient's display name in the To header" has "$f" "\"name\",\"MARY OKAFOR\",\"$m!header\",\"4\",\"1\",,\"To\""
  ok "pst: a sole recipient's address (from the recipient table) in the To header" \
    has "$f" "\"email\",\"mary.okafor@example.org\",\"$m!header\",\"4\""
  ok "pst: of several recipients, no address given to a name it may not be" \
    test -z "$(grep -F '"a@example.org"' "$f")"
  ok "pst: attached CSV read as a table" has "$f" "\"ssn\",\"287654320\",\"$m!claims.csv\",,\"2\",\"2\",\"SSN\""
  ok "pst: attached PDF, page and line" has "$f" "\"ssn\",\"123456789\",\"$m!two-pages.pdf!page 1\",\"3\""
  ok "pst: attached DOCX" has "$f" "\"ssn\",\"031954321\",\"$m!letter.docx!document\",\"2\""
  ok "pst: mrn in a subject" has "$f" "\"mrn\",\"00123456\",\"$d/mail.pst!Inbox/Referral for MRN 00123456 (2024-07-03).eml!header\",\"3\",\"18\",,\"Subject\""
  ok "pst: long body (data tree of blocks), line 401" \
    has "$f" "\"phone\",\"6175550199\",\"$d/mail.pst!Inbox/Referral for MRN 00123456 (2024-07-03).eml!body\",\"401\""
  ok "pst: message of a nested folder" has "$f" "\"mbi\",\"1EG4TE5MK73\",\"$d/mail.pst!Inbox/Referrals/Intake (2024-07-04).eml!body\",\"1\""
  ok "pst: attachment in a nested folder" has "$f" "\"dob\",\"1975-03-14\",\"$d/mail.pst!Inbox/Referrals/Intake (2024-07-04).eml!note.txt\",\"1\""
  ok "pst: second top folder" has "$f" "\"member_id\",\"XGH123456789\",\"$d/mail.pst!Sent Items/Statement (2024-07-05).eml!body\",\"1\""
  ok "pst: a store named .dat is read as one" has "$f" "\"ssn\",\"219384471\",\"$d/archive.dat!Old/Old chart (2023-01-09).eml!body\",\"1\""
  ok "pst: the store recorded as pst" grep -qF "\"$d/mail.pst\",\"scanned\"" "$out/files.csv"
  ok "pst: recipients are no failed attachments" test -z "$(grep -F "\"$d/mail.pst\"" "$out/problems.csv")"
  local name
  for name in cut-header cut-maps cut-half cut-end; do
    ok "pst: $name.pst said truncated at its last byte" \
      grep -qE "^\"[0-9]+\",\"$d/$name.pst\",\"warning\",\"byte $(stat -c %s "$d/$name.pst")\",\"truncated Outlook store: [0-9]+ of its [0-9]+ bytes missing\"" "$out/problems.csv"
    ok "pst: $name.pst not examined" grep -qF "\"$d/$name.pst\",\"not_examined\"" "$out/files.csv"
  done
  for name in bad-nbt bad-bbt; do
    ok "pst: $name.pst reported damaged" grep -qF "\"$d/$name.pst\",\"warning\",\"byte 0\",\"damaged Outlook store: its folders could not be found\"" "$out/problems.csv"
    ok "pst: $name.pst not examined" grep -qF "\"$d/$name.pst\",\"not_examined\"" "$out/files.csv"
  done
  ok "pst: a damaged message reported with its place" grep -qE "\"$d/bad-block.pst\",\"warning\",\"item [0-9]+\",\"damaged item skipped\"" "$out/problems.csv"
  ok "pst: the other messages of that store still read" has "$f" "\"member_id\",\"XGH123456789\",\"$d/bad-block.pst!Sent Items/Statement (2024-07-05).eml!body\""
  ok "pst: an empty .pst listed as empty" grep -qF "\"$d/empty.pst\",\"scanned\"" "$out/files.csv"
  ok "pst: text named .pst read as text" has "$f" "\"ssn\",\"287654320\",\"$d/notes.pst\",\"1\""
  ok "pst: a store that crashes libpst costs that file only" \
    grep -qF "\"$d/crash.pst\",\"warning\",\"\",\"the Outlook reader failed on this file: the rest not read\"" "$out/problems.csv"
  ok "pst: every file of the folder listed" test "$(grep -c "^\"[0-9]*\",\"$d/[^!]*\"," "$out/files.csv")" -eq 12
  local leak=0 s
  for s in 123-45-6789 123456789 287-65-4320 Okafor 1EG4TE5MK73 XGH123456789 219-38-4471; do
    for log in "$out/scan.out" "$out/scan.err" "$out/problems.csv"; do
      if grep -qF -- "$s" "$log"; then leak=1; echo "  leaked: a seeded value in $(basename "$log")"; fi
    done
  done
  ok "pst: no seeded value in logs" test "$leak" -eq 0
}

# Access databases written by tests/data/make_mdb.py (Jet 4 and Jet 3: catalog, table
# definitions, fixed and variable columns, nulls, memos inline, on a long-value page and
# chained over pages): findings at file!table, row, column, with the column name as
# hint and a record per row; every finding's cell checked against mdbtools' own reading
# (mdb-export); damaged variants each reported by file id, the other files still read.
e2e_access() {
  local d=$TMP/access case=$TMP/access-case out=$TMP/access-out k rc
  mkdir -p "$d/legacy" "$d/bad" "$out"
  python3 tests/data/make_mdb.py "$d/clinic.mdb"
  python3 tests/data/make_mdb.py "$d/legacy/clinic97.mdb" --jet 3
  python3 tests/data/make_mdb.py "$d/export.dat" --small # an Access file by content only
  for k in empty truncated-header truncated-catalog truncated-table truncated-lval tdef \
    row-offset tdef-loop lval-loop; do
    python3 tests/data/make_mdb.py "$d/bad/$k.mdb" --damage "$k"
  done
  printf 'Referral: SSN 287-65-4320\n' > "$d/bad/referral.txt"
  printf 'Not a database. SSN 219-38-4471\n' > "$d/bad/notes.mdb" # text named .mdb
  "$BS" init "$case" --org T --discovered 2026-11-01 >/dev/null
  timeout 300 "$BS" scan "$case" "$d" --threads 2 >"$out/scan.out" 2>"$out/scan.err"
  rc=$?
  ok "access: scan ends, no file failed" test "$rc" -eq 0
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" files "$case" > "$out/files.csv"
  "$BS" files "$case" --problems > "$out/problems.csv"
  local f=$out/all.csv p="$d/clinic.mdb!Patients" v="$d/clinic.mdb!Visits" id
  id=$(grep -F "\"$d/clinic.mdb\"" "$out/files.csv" | cut -d, -f1 | tr -d '"')
  ok "access: Jet 4 read as mdb" row_has "$out/files.csv" "\"$d/clinic.mdb\"" '"mdb"'
  ok "access: ssn with table, column, row, hint and record" \
    has_line "$f" "\"ssn\",\"123456789\",\"$p\",,\"6\",\"1\",\"SSN\",\"0.99\",\"field\",\"$id\",\"1\""
  ok "access: date of birth from a date/time column" \
    has_line "$f" "\"dob\",\"1962-03-14\",\"$p\",,\"5\",\"1\",\"DOB\",\"0.99\",\"field\",\"$id\",\"1\""
  ok "access: last name" has "$f" "\"last_name\",\"OKAFOR\",\"$p\",,\"3\",\"1\",\"Last Name\""
  ok "access: first name" has "$f" "\"first_name\",\"MARY\",\"$p\",,\"4\",\"1\",\"First Name\""
  ok "access: phone" has "$f" "\"phone\",\"3125550142\",\"$p\",,\"7\",\"1\",\"Phone\""
  ok "access: address" has "$f" "\"address\",\"1234 OAK ST APT 5\",\"$p\",,\"8\",\"1\",\"Address\""
  ok "access: zip with its leading zero" has "$f" "\"zip\",\"02108\",\"$p\",,\"11\",\"2\",\"ZIP\""
  ok "access: diagnosis code" has "$f" "\"icd10cm\",\"E119\",\"$p\",,\"12\",\"1\",\"Dx\""
  no "access: a null field gives nothing" row_has "$f" "\"$p\"" ',,"6","2",'
  ok "access: text needing two bytes a character (compressed unicode switched)" \
    has "$f" "\"last_name\",\"ŁUKASZ-ŻAK\",\"$p\",,\"3\",\"3\""
  ok "access: memo on a long-value page" \
    has_line "$f" "\"ssn\",\"287654320\",\"$p\",,\"15\",\"2\",\"Notes\",\"0.99\",\"ssn\",\"$id\",\"2\""
  ok "access: memo chained over pages, its end read" \
    has "$f" "\"member_id\",\"XGH123456789\",\"$p\",,\"15\",\"3\",\"Notes\""
  ok "access: second table, records numbered on" \
    has_line "$f" "\"cpt\",\"99213\",\"$v\",,\"4\",\"1\",\"CPT\",\"0.97\",\"field\",\"$id\",\"4\""
  ok "access: uncompressed unicode column" has "$f" "\"icd10cm\",\"J45909\",\"$v\",,\"3\",\"2\",\"Dx Code\""
  ok "access: table of fixed columns only" has "$f" "\"date\",\"2024-07-02\",\"$d/clinic.mdb!Vitals\",,\"3\",\"1\",\"Taken\""
  ok "access: Jet 3 ssn" has "$f" "\"ssn\",\"219384471\",\"$d/legacy/clinic97.mdb!Patients\",,\"6\",\"3\",\"SSN\""
  ok "access: Jet 3 memo chained over pages" \
    has "$f" "\"member_id\",\"XGH123456789\",\"$d/legacy/clinic97.mdb!Patients\",,\"15\",\"3\""
  ok "access: recognised by content under another extension" \
    has "$f" "\"ssn\",\"123456789\",\"$d/export.dat!Patients\",,\"6\",\"1\""
  # mdbtools' command-line reader, not our code, finds each value at the place we say:
  # the column's name in the export's header, the value in its cell (letters and digits
  # compared; addresses are normalized, so left out).
  local tables=ok export_ok=0
  if command -v mdb-export >/dev/null; then
    [ "$(mdb-tables -1 "$d/clinic.mdb" | tr '\n' ' ')" = "Patients Visits Vitals " ] || tables=bad
    for k in Patients Visits Vitals; do
      mdb-export -D '%Y-%m-%d' -T '%Y-%m-%d %H:%M:%S' "$d/clinic.mdb" "$k" > "$out/export-$k.csv" || tables=bad
    done
    python3 - "$f" "$d/clinic.mdb" "$out" <<'P' && export_ok=1
import csv, re, sys
findings, db, out = sys.argv[1:]
alnum = lambda s: re.sub(r"[^0-9A-Z]", "", s.upper())
checked = 0
for r in csv.DictReader(open(findings, encoding="utf-8")):
    if not r["path"].startswith(db + "!") or r["type"] == "address":
        continue
    rows = list(csv.reader(open("%s/export-%s.csv" % (out, r["path"].split("!")[1]), encoding="utf-8")))
    col, row = int(r["column"]), int(r["row"])
    assert rows[0][col - 1] == r["field"], (r["type"], rows[0][col - 1])
    assert alnum(r["value"]) in alnum(rows[row][col - 1]), (r["type"], row, col)
    checked += 1
assert checked >= 40, checked
P
  fi
  ok "access: mdb-tables lists the tables written" test "$tables" = ok
  ok "access: mdb-export holds every finding where we place it" test "$export_ok" -eq 1
  # Damaged files: each reported by its id, with what is wrong; nothing hangs or crashes.
  local b=$d/bad problem
  while IFS='|' read -r k problem; do
    ok "access damaged ($k): reported" row_has "$out/problems.csv" "\"$b/$k.mdb\"" "$problem"
    id=$(grep -F "\"$b/$k.mdb\"" "$out/files.csv" | cut -d, -f1 | tr -d '"')
    ok "access damaged ($k): named by id on stderr" grep -qE "^breachscope: (warning|note): file $id: " "$out/scan.err"
  done <<'T'
empty|"byte 0","empty file"
truncated-header|"damaged Access database: shorter than its header page"
truncated-catalog|"catalog","0 objects listed of the 7 its definition declares: the rest lost"
truncated-table|"the file ends inside page 7: cut short"
truncated-lval|"table 1 row 2 column 15","a memo's text is on page 10, past the end of the file"
tdef|"table 1","table columns could not be read"
row-offset|"table 1","2 rows read of the 3 its definition declares: the rest damaged"
tdef-loop|"table 1","the pages of its definition loop"
lval-loop|"table 1 row 3 column 15","a memo's pieces run past its 6358 bytes (their pages loop?)"
T
  ok "access damaged: empty file not examined" row_has "$out/files.csv" "\"$b/empty.mdb\"" '"not_examined"'
  ok "access damaged: rows before a bad row offset still read" \
    has "$f" "\"phone\",\"6175550199\",\"$b/row-offset.mdb!Patients\",,\"7\",\"2\""
  no "access damaged: the row at the bad offset not invented" row_has "$f" "\"$b/row-offset.mdb!Patients\"" ',"3","Last Name"'
  ok "access damaged: a looping memo's table still read" has "$f" "\"ssn\",\"123456789\",\"$b/lval-loop.mdb!Patients\""
  ok "access damaged: a looping definition's table still read" has "$f" "\"ssn\",\"123456789\",\"$b/tdef-loop.mdb!Patients\""
  ok "access damaged: other tables of a bad one still read" has "$f" "\"cpt\",\"99213\",\"$b/tdef.mdb!Visits\""
  ok "access damaged: text named .mdb read as text" has "$f" "\"ssn\",\"219384471\",\"$b/notes.mdb\",\"1\""
  ok "access damaged: a good file among bad ones read" has "$f" "\"ssn\",\"287654320\",\"$b/referral.txt\",\"1\""
  local leak=0 s
  for s in 123-45-6789 123456789 287-65-4320 Okafor OKAFOR XGH123456789; do
    grep -qF -- "$s" "$out/scan.out" "$out/scan.err" "$out/problems.csv" && leak=1
  done
  ok "access: no personal data in the scan's output or problems" test "$leak" -eq 0
}

# Documents: PDF (text per page, an image-only page, encryption, an attachment), HTML,
# XML, RTF and an SQL dump, each holding the seeded identity.
e2e_documents() {
  local d=$TMP/docs case=$TMP/case-docs out=$TMP/out-docs
  mkdir -p "$d" "$out"
  cp tests/data/pdf/two-pages.pdf tests/data/pdf/image-only.pdf tests/data/pdf/encrypted.pdf \
    tests/data/pdf/attachment.pdf tests/data/pdf/damaged.pdf tests/data/pdf/form.pdf \
    tests/data/pdf/drawn.pdf "$d/"
  cat > "$d/chart.html" <<'T'
<!DOCTYPE html>
<html><head><title>Chart</title><script>var seen = "2024-07-02";</script></head>
<body><h1>Registration</h1>
<table><tr><th>Patient</th><th>Birth Date</th><th>SSN</th></tr>
<tr><td>Mary Okafor</td><td>03/14/1962</td><td>123-45-6789</td></tr></table>
<p>DOB:</p><div>03/14/1962</div><p><b>Phone:</b> (312) 555-0142</p>
</body></html>
T
  cat > "$d/patients.xml" <<'T'
<?xml version="1.0" encoding="UTF-8"?>
<patients>
  <patient ssn="123-45-6789">
    <name><given>Mary</given><family>Okafor</family></name>
    <birthDate>1962-03-14</birthDate>
  </patient>
</patients>
T
  printf '%s\n' '{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Patient: Mary Okafor\par' \
    'DOB:\cell 03/14/1962\cell SSN:\cell 123-45-6789\cell\row}' > "$d/letter.rtf"
  cat > "$d/dump.sql" <<'T'
-- MySQL dump 10.13
CREATE TABLE `patients` (`id` int, `first_name` varchar(40), `dob` date, `ssn` char(11));
INSERT INTO `patients` VALUES (1,'Mary','1962-03-14','123-45-6789');
-- call (312) 555-0142
T
  # A table as Word writes it: the first row the column headers.
  printf '%s\n' '{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0\pard Consult for Mary Okafor\par' \
    '\trowd\trgaph108\cellx2880\cellx5760\pard\intbl Test\cell Date of service\cell\row' \
    '\trowd\trgaph108\cellx2880\cellx5760\pard\intbl Metabolic panel\cell 07/02/2024\cell\row' \
    '\pard Sincerely\par}' > "$d/consult.rtf"
  # Schema statements of mysqldump: names (of keys, constraints) are no one's.
  cat > "$d/schema.sql" <<'T'
-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `patients`;
CREATE TABLE `patients` (
  `id` int NOT NULL AUTO_INCREMENT,
  `last_name` varchar(40) DEFAULT NULL COMMENT 'call (312) 555-0142',
  `ssn` char(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ssn` (`ssn`),
  KEY `Mary Johnson` (`last_name`),
  CONSTRAINT `Robert Smith` FOREIGN KEY (`id`) REFERENCES `James Whitfield` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES `patients` WRITE;
INSERT INTO `patients` VALUES (1,'Okafor','123-45-6789');
UNLOCK TABLES;
T
  "$BS" init "$case" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$case" "$d" >"$out/scan.out" 2>"$out/scan.err"
  "$BS" findings "$case" --format csv --reveal > "$out/all.csv"
  "$BS" files "$case" > "$out/files.csv"
  "$BS" files "$case" --problems > "$out/problems.csv"
  local f=$out/all.csv
  ok "pdf: ssn on page 1 with its line" has "$f" "\"ssn\",\"123456789\",\"$d/two-pages.pdf!page 1\",\"3\""
  ok "pdf: phone on page 2" has "$f" "\"phone\",\"3125550142\",\"$d/two-pages.pdf!page 2\",\"2\""
  ok "pdf: attachment scanned as a file" has "$f" "\"ssn\",\"287654320\",\"$d/attachment.pdf!referral.txt\""
  ok "pdf: form field value with its name as field" has "$f" "\"ssn\",\"123456789\",\"$d/form.pdf!page 1 form\",\"2\",,,\"patient_ssn\""
  ok "pdf: note of an annotation" has "$f" "\"mrn\",\"00123456\",\"$d/form.pdf!page 1 notes\",\"1\""
  ok "pdf: file attached to a page" has "$f" "\"mbi\",\"1EG4TE5MK73\",\"$d/form.pdf!card.txt\""
  ok "pdf: image-only page listed" has_line "$out/problems.csv" "$(grep -F "$d/image-only.pdf\"" "$out/files.csv" | cut -d, -f1),\"$d/image-only.pdf\",\"unexamined\",\"page 2\",\"image only\""
  ok "pdf: page drawn without text listed" grep -qF "\"$d/drawn.pdf\",\"unexamined\",\"page 2\",\"image only\"" "$out/problems.csv"
  ok "pdf: encrypted file not examined" grep -qF "\"$d/encrypted.pdf\",\"not_examined\"" "$out/files.csv"
  ok "pdf: encrypted said so" grep -qF "\"$d/encrypted.pdf\",\"note\",,\"encrypted\"" "$out/problems.csv"
  ok "pdf: damaged file not examined" grep -qF "\"$d/damaged.pdf\",\"not_examined\"" "$out/files.csv"
  ok "html: ssn under its column header" has "$f" "\"ssn\",\"123456789\",\"$d/chart.html\",\"5\",\"1\",,\"SSN\""
  ok "html: dob from a header" has "$f" "\"dob\",\"1962-03-14\",\"$d/chart.html\",\"5\",\"1\",,\"Birth Date\""
  ok "html: dob from its label in the next block" has "$f" "\"dob\",\"1962-03-14\",\"$d/chart.html\",\"6\""
  ok "html: phone" has "$f" "\"phone\",\"3125550142\",\"$d/chart.html\",\"6\""
  ok "xml: attribute path as field" has "$f" "\"ssn\",\"123456789\",\"$d/patients.xml\",\"3\",,,\"patients/patient/@ssn\""
  ok "xml: element path as field" has "$f" "\"dob\",\"1962-03-14\",\"$d/patients.xml\",\"5\",,,\"patients/patient/birthDate\""
  ok "xml: family name" has "$f" "\"last_name\",\"OKAFOR\",\"$d/patients.xml\""
  ok "rtf: ssn" has "$f" "\"ssn\",\"123456789\",\"$d/letter.rtf\",\"2\""
  ok "rtf: dob" has "$f" "\"dob\",\"1962-03-14\",\"$d/letter.rtf\",\"2\""
  ok "sql: ssn by column name" has_line "$f" "\"ssn\",\"123456789\",\"$d/dump.sql\",,\"4\",\"1\",\"patients.ssn\",\"0.99\",\"field\",\"$(grep -F "$d/dump.sql\"" "$out/files.csv" | cut -d, -f1 | tr -d '"')\",\"1\""
  ok "sql: first name by column name" has "$f" "\"first_name\",\"MARY\",\"$d/dump.sql\",,\"2\",\"1\",\"patients.first_name\""
  ok "sql: comment read as text" has "$f" "\"phone\",\"3125550142\",\"$d/dump.sql\",\"4\""
  ok "rtf: table cell under its column header" has "$f" "\"service_date\",\"2024-07-02\",\"$d/consult.rtf!table 1\",,\"2\",\"2\",\"Date of service\""
  no "rtf: that date not a plain date" has "$f" "\"date\",\"2024-07-02\",\"$d/consult.rtf"
  no "sql: no person from names of keys and constraints" row_has "$f" "$d/schema.sql\"" "\"person-name\""
  ok "sql: schema's comment literal read" has "$f" "\"phone\",\"3125550142\",\"$d/schema.sql\",\"6\""
  ok "sql: data row beside the schema" has "$f" "\"last_name\",\"OKAFOR\",\"$d/schema.sql\",,\"2\",\"1\",\"patients.last_name\""
  ok "sql: ssn beside the schema" has "$f" "\"ssn\",\"123456789\",\"$d/schema.sql\",,\"3\",\"1\",\"patients.ssn\""
  local fmt
  for fmt in pdf html xml rtf sql; do
    ok "format $fmt recorded" grep -qF "\"$fmt\"," "$out/files.csv"
  done
  local leak=0 s
  for s in 123-45-6789 123456789 3125550142 287-65-4320 Okafor; do
    for log in "$out/scan.out" "$out/scan.err" "$out/problems.csv"; do
      if grep -qF -- "$s" "$log"; then leak=1; echo "  leaked: a seeded value in $(basename "$log")"; fi
    done
  done
  ok "documents: no seeded value in logs" test "$leak" -eq 0
}

# letters: a synthetic breach through people to mail-ready letters, the vendor files,
# the codes kept across re-runs, proofs, and refusals.
e2e_letters() {
  local b=$TMP/letters-breach case=$TMP/letters-case out=$TMP/letters-out
  local settings=(--phone 1-800-555-0100 --return-address "PO Box 1200|Springfield, IL 62704"
    --mailer-id 123456 --monitoring-vendor "Example Monitoring" --monitoring-url enroll.example.com)
  mkdir -p "$out"
  "$BS" synth "$b" --patients 60 --seed 3 >/dev/null
  "$BS" init "$case" --org "Riverbend Family Medicine" --discovered 2024-07-20 --window 2024-07-01..2024-07-15 >/dev/null
  "$BS" scan "$case" "$b/files" >/dev/null 2>&1
  "$BS" people "$case" --notice-date 2024-09-03 --format csv >/dev/null
  no "letters: no toll-free number, no letters" "$BS" letters "$case"
  ok "letters: a full run" "$BS" letters "$case" "${settings[@]}" --mail-date 2024-09-03 --batch-size 20 --threads 2
  "$BS" letters "$case" --mail-date 2024-09-03 --batch-size 20 >"$out/run.out" 2>"$out/run.err"
  ok "letters: the settings are kept in the case" grep -q '^letters: [1-9][0-9]* letters' "$out/run.out"
  ok "letters: batch files written owner-only" test "$(stat -c %a "$case/letters/batch-00001.pdf")" = 600
  ok "letters: a manifest for the print vendor" has "$case/letters/manifest.csv" 'letter_id,person_id,batch,pages,line1'
  ok "letters: every letter of the manifest in the store" test "$(($(wc -l < "$case/letters/manifest.csv") - 1))" = "$(sqlite3 "$case/case.db" 'SELECT COUNT(*) FROM letters')"
  pdftotext "$case/letters/batch-00001.pdf" "$out/batch1.txt"
  ok "letters: the batch reads back" has "$out/batch1.txt" "What Information Was Involved"
  ok "letters: a toll-free number in every letter" test "$(grep -c 1-800-555-0100 "$out/batch1.txt")" -ge 20
  sqlite3 "$case/case.db" "SELECT first FROM persons WHERE first IS NOT NULL" > "$out/names.txt"
  local leak=0 name
  while read -r name; do grep -qiw -- "$name" "$out/run.out" "$out/run.err" && leak=1; done < "$out/names.txt"
  ok "letters: no person's name on the terminal" test "$leak" -eq 0
  sqlite3 "$case/case.db" "SELECT person_id || ' ' || code FROM enrollment ORDER BY 1" > "$out/codes1.txt"
  "$BS" people "$case" --notice-date 2024-09-03 >/dev/null
  "$BS" letters "$case" --mail-date 2024-09-03 >/dev/null 2>&1
  sqlite3 "$case/case.db" "SELECT person_id || ' ' || code FROM enrollment ORDER BY 1" > "$out/codes2.txt"
  ok "letters: codes survive re-running people and letters" cmp -s "$out/codes1.txt" "$out/codes2.txt"
  ok "letters: some persons get codes" test -s "$out/codes1.txt"
  ok "letters: the monitoring vendor's file lists every code" test "$(($(wc -l < "$case/letters/monitoring-enrollment.csv") - 1))" = "$(wc -l < "$out/codes1.txt")"
  ok "letters: proofs for counsel" "$BS" letters "$case" --proof 1
  ok "letters: proof file written" test -s "$case/letters/proof.pdf"
  local one
  one=$(sqlite3 "$case/case.db" "SELECT person_id FROM letters LIMIT 1")
  ok "letters: one person's letter again" "$BS" letters "$case" --only "$one"
  ok "letters: its reprint recorded" row_has "$case/letters/manifest-$one.csv" "$one" reprint-
  no "letters: an unknown person refused" "$BS" letters "$case" --only P0000000000000000
  printf '# Notice\n\n%%if element ssn\nDear {nobody}\n%%end\n' > "$out/bad.tmpl"
  "$BS" letters "$case" --template "$out/bad.tmpl" >/dev/null 2>"$out/tmpl.err"
  ok "letters: a bad template named with its line" has "$out/tmpl.err" "bad.tmpl: line 4: unknown field {nobody}"
}

# The call-center service: accounts from the command line, two services of one synthetic
# case (default limits; short sessions and low limits), the API tests and the browser
# test, TLS, no personal data in the service's log, and the audit chain (then tampered).
e2e_serve() {
  local d=$TMP/serve case=$TMP/serve/case out=$TMP/serve/out
  mkdir -p "$out"
  "$BS" synth "$d/breach" --patients 60 --seed 11 >/dev/null
  "$BS" init "$case" --org "Test Clinic" --discovered 2024-07-20 >/dev/null
  "$BS" scan "$case" "$d/breach/files" >/dev/null 2>&1
  "$BS" people "$case" --notice-date 2024-09-01 >/dev/null
  # The letters step's tables (built on another branch), with test rows for most persons.
  sqlite3 "$case/case.db" "CREATE TABLE enrollment(person_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, issued_at TEXT NOT NULL);
    CREATE TABLE letters(letter_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, variant TEXT NOT NULL, batch TEXT NOT NULL, first_page INTEGER NOT NULL, last_page INTEGER NOT NULL, imb TEXT, mailed_on TEXT NOT NULL);
    INSERT INTO enrollment SELECT person_id, printf('T%03d-%04d', id, id * 37 % 10000), '2024-08-30' FROM persons WHERE id % 4 != 0;
    INSERT INTO letters SELECT 'L' || id, person_id, 'adult', 'B1', 2 * id - 1, 2 * id, NULL, '2024-09-03' FROM persons WHERE id % 4 != 0;"
  ok "accounts: add an agent, password from stdin" sh -c "printf 'agent password 1\n' | \"$BS\" accounts \"$case\" add alice"
  ok "accounts: add a supervisor" sh -c "printf 'supervisor password 1\n' | \"$BS\" accounts \"$case\" add sam --role supervisor"
  ok "accounts: add another agent" sh -c "printf 'bob password 12\n' | \"$BS\" accounts \"$case\" add bob"
  no "accounts: a short password is refused" sh -c "printf 'short\n' | \"$BS\" accounts \"$case\" add carol"
  no "accounts: a name taken is refused" sh -c "printf 'agent password 2\n' | \"$BS\" accounts \"$case\" add alice"
  no "accounts: no password on stdin is refused" sh -c "\"$BS\" accounts \"$case\" add dave < /dev/null"
  "$BS" accounts "$case" list > "$out/accounts.csv"
  ok "accounts: listed with roles" row_has "$out/accounts.csv" "sam," ",supervisor,active,"
  ok "accounts: passwords stored as Argon2id hashes" test "$(sqlite3 "$case/case.db" "SELECT COUNT(*) FROM accounts WHERE password_hash LIKE '\$argon2id\$%' AND password_hash NOT LIKE '%password%'")" -eq 3
  no "serve: refuses a case without persons" "$BS" serve "$TMP/serve-none" --listen 127.0.0.1:0

  "$BS" serve "$case" --listen 127.0.0.1:0 --port-file "$out/main.port" --threads 2 --agent-rate 600 2> "$out/main.log" &
  local main=$!
  "$BS" serve "$case" --listen 127.0.0.1:0 --port-file "$out/limited.port" --threads 2 \
    --agent-rate 30 --address-rate 180 --session-idle 2 --session-max 4 --connection-timeout 2 2> "$out/limited.log" &
  local limited=$! i
  for i in $(seq 1 200); do [ -s "$out/main.port" ] && [ -s "$out/limited.port" ] && break; sleep 0.1; done
  ok "serve: both services listening" test -s "$out/main.port" -a -s "$out/limited.port"
  local url="http://127.0.0.1:$(cat "$out/main.port")"
  python3 tests/serve_api.py "$url" "http://127.0.0.1:$(cat "$out/limited.port")" \
    "$case/case.db" "$case" "$BS" > "$out/api.txt" 2>&1
  local line
  while IFS= read -r line; do
    case $line in
      "ok "*) passed=$((passed + 1)) ;;
      "FAIL "*) failed=$((failed + 1)); echo "FAIL e2e: serve api: ${line#FAIL }" ;;
    esac
  done < "$out/api.txt"
  ok "serve api: ran to its end" test "$(grep -c '^ok ' "$out/api.txt")" -ge 60
  # The browser: a caller with a code and a letter, as the agent types it.
  local row first last dob zip code
  row=$(sqlite3 -separator '|' "$case/case.db" "SELECT p.first, p.last, p.dob, p.zip, e.code FROM persons p JOIN enrollment e ON e.person_id = p.person_id WHERE p.zip IS NOT NULL AND p.dob IS NOT NULL AND length(p.first) > 2 ORDER BY p.id DESC LIMIT 1")
  IFS='|' read -r first last dob zip code <<< "$row"
  python3 tests/serve_browser.py "$url" alice "agent password 1" "$first" "$last" \
    "${dob:5:2}/${dob:8:2}/${dob:0:4}" "$zip" "$code" "$out/agent-page.png" > "$out/browser.txt" 2>&1
  while IFS= read -r line; do
    case $line in
      "ok "*) passed=$((passed + 1)) ;;
      "FAIL "*) failed=$((failed + 1)); echo "FAIL e2e: serve ${line#FAIL }" ;;
    esac
  done < "$out/browser.txt"
  ok "serve browser: five checks passed" test "$(grep -c '^ok ' "$out/browser.txt")" -eq 5
  ok "serve browser: screenshot saved" test -s "$out/agent-page.png"
  [ -s "$out/agent-page.png" ] && cp "$out/agent-page.png" "${BUILD:-build}/serve-agent-page.png" 2>/dev/null
  kill -TERM "$main" "$limited"
  wait "$main"
  ok "serve: stops cleanly on SIGTERM" test $? -eq 0
  wait "$limited"
  ok "serve: the log counts lookups" grep -qE 'serve: stopped: [0-9]+ requests, [1-9][0-9]* lookups' "$out/main.log"
  # TLS with a certificate and key.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -keyout "$out/key.pem" -out "$out/cert.pem" >/dev/null 2>&1
  "$BS" serve "$case" --listen 127.0.0.1:0 --port-file "$out/tls.port" --cert "$out/cert.pem" --key "$out/key.pem" 2> "$out/tls.log" &
  local tls=$!
  for i in $(seq 1 100); do [ -s "$out/tls.port" ] && break; sleep 0.1; done
  ok "serve: TLS with --cert and --key" sh -c "curl -s --cacert \"$out/cert.pem\" https://localhost:$(cat "$out/tls.port")/ | grep -q login-form"
  no "serve: TLS refuses plain HTTP" sh -c "curl -s -m 5 http://127.0.0.1:$(cat "$out/tls.port")/ | grep -q login-form"
  kill -TERM "$tls"
  wait "$tls"
  no "serve: --cert without --key refused" "$BS" serve "$case" --cert "$out/cert.pem"
  # No caller data or secret in the service's log.
  local leak=0 s
  for s in "$first" "$last" "$dob" "$zip" "$code" "agent password 1" "bob password 12"; do
    grep -qiF -- "$s" "$out/main.log" "$out/limited.log" "$out/tls.log" && { leak=1; echo "  leaked into a serve log: a caller's value or a password"; }
  done
  ok "serve: no personal data or password in the logs" test "$leak" -eq 0
  # The audit: every lookup there, chained; questions masked; tampering shows.
  "$BS" audit "$case" > "$out/audit.jsonl"
  sed -E 's/"(prev|hash)":"[0-9a-f]{64}"//g' "$out/audit.jsonl" > "$out/audit-text.jsonl"
  ok "audit: intact chain" sh -c "\"$BS\" audit \"$case\" --verify | grep -q 'chain intact'"
  ok "audit: verified lookups recorded" row_has "$out/audit.jsonl" '"action":"lookup"' 'verified\":true'
  ok "audit: lookups not verified recorded" row_has "$out/audit.jsonl" '"action":"lookup"' 'verified\":false'
  ok "audit: lookups refused recorded" row_has "$out/audit.jsonl" '"action":"lookup"' 'refused\":401'
  ok "audit: failed logins recorded" grep -q '"action":"login_failed"' "$out/audit.jsonl"
  leak=0
  for s in "$last" "$dob" "$zip" "$code"; do grep -qiF -- "$s" "$out/audit-text.jsonl" && leak=1; done
  ok "audit: the questions are masked" test "$leak" -eq 0
  no "audit: rows cannot be changed through SQL" sqlite3 "$case/case.db" "UPDATE audit SET agent = 'mallory' WHERE seq = 3"
  local altered
  altered=$(sqlite3 "$case/case.db" "SELECT MIN(seq) FROM audit WHERE answer LIKE '%\"verified\":true%'")
  sqlite3 "$case/case.db" "DROP TRIGGER audit_no_update; UPDATE audit SET answer = replace(answer, 'true', 'false') WHERE seq = $altered"
  "$BS" audit "$case" --verify > "$out/verify.txt"
  ok "audit: --verify fails after a row was altered" test $? -eq 1
  ok "audit: --verify names the altered entry" grep -qE "^audit: BROKEN at entry $altered of [0-9]+: entry $altered was changed" "$out/verify.txt"
}

# A walked file whose findings pass --findings-memory: they move to a temporary file
# and come back to the store in order, the same findings as when held in memory.
e2e_spill() {
  local d=$TMP/spill out=$TMP/spill-out
  mkdir -p "$d/work" "$out"
  python3 -c 'import sys
with open(sys.argv[1], "w") as f:
    for i in range(1, 12001):
        f.write("Patient %d SSN: 219-38-%04d DOB: 03/14/1962\n" % (i, i % 9999 + 1))' "$d/work/roster.txt"
  printf 'MRN: 00123456 SSN: 287-65-4320\n' > "$d/work/note.txt"
  (cd "$d/work" && zip -q inner.zip note.txt && zip -q "$d/export.zip" roster.txt inner.zip)
  rm -rf "$d/work"
  local mb
  for mb in 1 32; do
    "$BS" init "$out/case-$mb" --org T --discovered 2026-11-01 >/dev/null
    "$BS" scan "$out/case-$mb" "$d" --findings-memory "$mb" > "$out/scan-$mb.out" 2>&1
    ok "scan with --findings-memory $mb completes" test $? -eq 0
    "$BS" findings "$out/case-$mb" --format csv --reveal | sort > "$out/findings-$mb.csv"
  done
  ok "findings moved out of memory come back whole" cmp -s "$out/findings-1.csv" "$out/findings-32.csv"
  ok "all of them" test "$(grep -c '"ssn"' "$out/findings-1.csv")" -eq 12001
  ok "the member inside the member too" grep -qF "\"$d/export.zip!inner.zip!note.txt\"" "$out/findings-1.csv"
  ok "no temporary file left in the case" test "$(ls -A "$out/case-1" | grep -cv '^case.db')" -eq 0
  no "findings-memory wants megabytes" "$BS" scan "$out/case-1" "$d" --findings-memory 0
}

# More distinct values than --values-memory holds: the writer switches to its index on
# disk, and the case holds the same findings, each value stored once, also on a re-run
# that adds a file repeating values already stored.
e2e_values_memory() {
  local d=$TMP/values out=$TMP/values-out mb
  mkdir -p "$d" "$out"
  python3 -c 'import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,SSN,MRN\n")
    for i in range(30000):
        f.write("PATIENT%05d,%03d-%02d-%04d,MR%07d\n" % (i, 219 + i // 9999, i % 97 + 1, i % 9999 + 1, i))' "$d/roster.csv"
  for mb in 1 48; do
    "$BS" init "$out/case-$mb" --org T --discovered 2026-11-01 >/dev/null
    "$BS" scan "$out/case-$mb" "$d" --values-memory "$mb" > "$out/scan-$mb.out" 2>&1
    ok "scan with --values-memory $mb completes" test $? -eq 0
    "$BS" findings "$out/case-$mb" --format csv --reveal | sort > "$out/findings-$mb.csv"
  done
  ok "values past the cache: the same findings" cmp -s "$out/findings-1.csv" "$out/findings-48.csv"
  ok "all of them" test "$(grep -c '"ssn"' "$out/findings-1.csv")" -eq 30000
  ok "the index was built past the cache" test "$(sqlite3 "$out/case-1/case.db" "SELECT count(*) FROM sqlite_master WHERE name = 'vals_by_value'")" -eq 1
  ok "and not while everything fitted" test "$(sqlite3 "$out/case-48/case.db" "SELECT count(*) FROM sqlite_master WHERE name = 'vals_by_value'")" -eq 0
  head -n 2001 "$d/roster.csv" | sed 's/^PATIENT/Patient /' > "$d/again.csv"
  "$BS" scan "$out/case-1" "$d" --values-memory 1 > "$out/rescan.out" 2>&1
  ok "a re-run adding a file completes" test $? -eq 0
  ok "a value seen before is stored once" test "$(sqlite3 "$out/case-1/case.db" "SELECT count(*) - count(DISTINCT type || ':' || value) FROM vals")" -eq 0
  ok "the repeated values refer to the first ones" test "$(sqlite3 "$out/case-1/case.db" "SELECT count(*) FROM vals WHERE type = 10")" -eq 30000
  no "values-memory wants megabytes" "$BS" scan "$out/case-1" "$d" --values-memory 0
}

# An archive of more members than are kept in memory: the finished ones move to the
# spill file and come back to the store whole, with their parents, findings and
# problems, as when they stayed in memory.
e2e_many_members() {
  local d=$TMP/many out=$TMP/many-out
  mkdir -p "$d" "$out"
  python3 - "$d/big.zip" <<'PY'
import io, sys, zipfile
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    z.writestr("inner.txt", "Patient SSN: 287-65-4320\n")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(6000):
        z.writestr("notes/note-%05d.txt" % i, "Patient %d SSN: 219-%02d-%04d\n" % (i, i % 97 + 1, i + 1))
        if i == 5000:
            z.writestr("late/nested.zip", inner.getvalue())
            z.writestr("late/broken.zip", b"PK\x03\x04" + b"\x00" * 40)
PY
  "$BS" init "$out/case" --org T --discovered 2026-11-01 >/dev/null
  "$BS" scan "$out/case" "$d" > "$out/scan.out" 2>&1
  ok "an archive of 6000 members is scanned" test $? -le 1
  "$BS" findings "$out/case" --format csv --reveal > "$out/findings.csv"
  "$BS" files "$out/case" --format csv > "$out/files.csv"
  "$BS" files "$out/case" --problems > "$out/problems.csv"
  ok "every member's finding is stored" test "$(grep -c '"ssn"' "$out/findings.csv")" -eq 6001
  ok "a late member keeps its place" grep -qF "\"219685015\",\"$d/big.zip!notes/note-05014.txt\",\"1\"" "$out/findings.csv"
  ok "a late container's member too" grep -qF "\"$d/big.zip!late/nested.zip!inner.txt\"" "$out/findings.csv"
  ok "every member is listed" test "$(grep -c "\"$d/big.zip!notes/note-" "$out/files.csv")" -eq 6000
  local zip_id nested_id
  zip_id=$(sqlite3 "$out/case/case.db" "SELECT id FROM files WHERE path = '$d/big.zip'")
  nested_id=$(sqlite3 "$out/case/case.db" "SELECT id FROM files WHERE path = '$d/big.zip!late/nested.zip'")
  ok "members moved out name their container" test "$(sqlite3 "$out/case/case.db" "SELECT count(*) FROM files WHERE path LIKE '$d/big.zip!notes/%' AND parent_id = $zip_id")" -eq 6000
  ok "a member of a moved container names it" test "$(sqlite3 "$out/case/case.db" "SELECT parent_id FROM files WHERE path = '$d/big.zip!late/nested.zip!inner.txt'")" = "$nested_id"
  ok "a late member's problem is kept" grep -qF "$d/big.zip!late/broken.zip" "$out/problems.csv"
  ok "no temporary file left in the case" test "$(ls -A "$out/case" | grep -cv '^case.db')" -eq 0
}

# The obligations report of a small synthetic breach, and its page rendered by headless
# Chromium: the test fails (never skips) when Chromium is missing.
e2e_report() {
  local b=$TMP/report-breach case=$TMP/report-case out=$TMP/report-out page
  mkdir -p "$out"
  "$BS" synth "$b" --patients 200 --seed 11 >/dev/null
  "$BS" init "$case" --org "Report Clinic" --discovered 2024-07-20 --window 2024-07-01..2024-07-15 >/dev/null
  "$BS" scan "$case" "$b/files" >/dev/null 2>&1
  no "report before people is refused" "$BS" report "$case"
  "$BS" people "$case" --notice-date 2024-09-01 >/dev/null
  no "report refuses an unknown entity type" "$BS" report "$case" --entity-type dentist
  no "report refuses two breach types" "$BS" report "$case" --breach-type theft,loss
  "$BS" report "$case" --entity-type provider --breach-type hacking --location "network server,email" \
    >"$out/report.out" 2>"$out/report.err"
  ok "report runs" test $? -eq 0
  ok "report: summary line" grep -qE '^report: [0-9]+ persons in [0-9]+ states, [0-9]+ obligations' "$out/report.out"
  ok "report: weekend deadline warned" grep -q 'fall on a weekend or federal holiday' "$out/report.err"
  ok "report: folder owner-only" test "$(stat -c %a "$case/report")" = 700
  ok "report: files owner-only" test -z "$(find "$case/report" -type f ! -perm 600)"
  ok "report: HIPAA individual notice in 60 days" row_has "$case/report/obligations.csv" '"45 CFR 164.404"' '"2024-09-18"'
  ok "report: HHS yearly log due 2025-03-01, a Saturday, not moved" row_has "$case/report/obligations.csv" '"45 CFR 164.408(c)"' '"2025-03-01","Saturday"'
  ok "report: covered entity type prefilled" row_has "$case/report/hhs_portal.csv" covered_entity_type '"Healthcare Provider"'
  ok "report: locations prefilled" row_has "$case/report/hhs_portal.csv" location_of_breached_information 'Network Server; Email'
  ok "report: json parses" python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["totals"]["persons"] > 150 and d["obligations"] and d["rules"]["count"] > 100' "$case/report/report.json"
  ok "report: no personal data in the output" test -z "$(grep -lE '[0-9]{3}-[0-9]{2}-[0-9]{4}' "$case/report/"*)"
  rm "$case/report/states.csv"
  "$BS" report "$case" >/dev/null 2>&1
  ok "report: a re-run rewrites the tables" test -s "$case/report/states.csv"
  ok "report: a re-run keeps the options" row_has "$case/report/hhs_portal.csv" type_of_breach '"Hacking/IT Incident"'
  page=$case/report/report.html
  ok "report page: nothing fetched (no src or href, no url())" test -z "$(grep -E '<(script|img|link|iframe|object|embed)[^>]* (src|href)=|url\(|@import' "$page")"
  if ! command -v chromium >/dev/null 2>&1; then
    failed=$((failed + 1))
    echo "FAIL e2e: report page: chromium is not installed (scripts/install-deps installs it)"
    return
  fi
  timeout 60 chromium --headless --no-sandbox --disable-gpu --window-size=1280,2400 --user-data-dir="$out/profile" \
    --screenshot="$out/report.png" --dump-dom "file://$page" >"$out/dom.html" 2>"$out/chromium.err"
  ok "report page: rendered to a PNG" python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 20000' "$out/report.png"
  ok "report page: rendering finished" row_has "$out/dom.html" '<body' 'data-rendered="yes"'
  ok "report page: no script error" row_has "$out/dom.html" '<body' 'data-errors="0"'
  ok "report page: the map has a tile per state" python3 -c 'import sys; t = open(sys.argv[1]).read(); assert t.count("class=\"tile\"") >= 51 and "data-state=\"WY\"" in t' "$out/dom.html"
  ok "report page: the obligations table is filled" python3 -c 'import re, sys; t = open(sys.argv[1]).read(); m = re.search(r"<table id=\"obligations-table\">(.*?)</table>", t, re.S); assert m and "45 CFR 164.404" in m.group(1) and m.group(1).count("<tr>") > 3' "$out/dom.html"
}

e2e_people() { # people: persons.csv, the review band and decisions read back
  local out=$TMP/people case=$TMP/people/case d=$TMP/people/tree i
  mkdir -p "$d"
  # A married name with nothing else in common: for review. A letterhead on thirteen
  # people's notes: the clinic's, kept out of their exposure sets.
  printf 'First Name,Last Name,DOB\nPriscilla,Okafor,03/14/1962\nPriscilla,Wainwright,03/14/1962\n' \
    > "$d/registration.csv"
  local names=(Mary Walter Linda Harold Susan Donald Karen George Nancy Edward Betty Ronald Helen)
  for i in "${!names[@]}"; do
    printf 'Mill Creek Clinic\nPhone (642) 359-8085\n\nPatient: %s Harrington   DOB: 01/%02d/19%02d\nSeen today.\n' \
      "${names[$i]}" $((i + 1)) $((40 + i)) > "$d/note-$i.txt"
  done
  "$BS" init "$case" --org "People e2e" --discovered 2024-07-20 > /dev/null
  "$BS" scan "$case" "$d" > /dev/null 2>&1 || true
  "$BS" people "$case" --notice-date 2024-09-01 --format csv --review "$out/review.csv" \
    > "$out/people.out"
  ok "people: persons.csv owner-only" test "$(stat -c %a "$case/persons.csv")" = 600
  ok "people: review file owner-only" test "$(stat -c %a "$out/review.csv")" = 600
  ok "people: persons.csv columns" has_line "$case/persons.csv" \
    "person_id,first,middle,last,suffix,dob,street,unit,city,state,zip,minor,deceased,elements,files"
  ok "people: review columns" has_line "$out/review.csv" \
    "decision,score,record_a,record_b,file_a,file_b,name_a,name_b,dob_a,dob_b,address_a,address_b,phone_a,phone_b,email_a,email_b,evidence"
  ok "people: summary counts review pairs" row_matches "$out/people.out" "left for review" "[1-9][0-9]* left for review"
  ok "people: letterhead kept out" row_matches "$out/people.out" "organisations'" "[1-9][0-9]* organisations'"
  no "people: the clinic's phone is no patient's" row_has "$case/persons.csv" HARRINGTON phone
  ok "people: the married name is for review" row_has "$out/review.csv" WAINWRIGHT OKAFOR
  # Decide the first pair "different": read back, counted, and the pair is not asked again.
  python3 - "$out/review.csv" "$out/decided.csv" <<'P'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[1][0] = "different"
csv.writer(open(sys.argv[2], "w")).writerows(rows[:2])
P
  "$BS" people "$case" --notice-date 2024-09-01 --decisions "$out/decided.csv" \
    --review "$out/review2.csv" > "$out/people2.out"
  ok "people: decisions read back" has "$out/people2.out" "decisions read: 0 same, 1 different"
  local pair
  pair=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1])))[1]; print(r[2]+","+r[3])' "$out/decided.csv")
  no "people: a decided pair is not asked again" has "$out/review2.csv" "$pair"
  printf 'decision,record_a,record_b\nperhaps,a,b\n' > "$out/bad.csv"
  no "people: a malformed decisions file is refused" "$BS" people "$case" --decisions "$out/bad.csv"
  "$BS" people "$case" --decisions "$out/bad.csv" > /dev/null 2> "$out/bad.err" || true
  ok "people: the refusal names the file and row" has "$out/bad.err" "bad.csv: row 2"
  no "people: a weight must be a number" "$BS" people "$case" --match-weight lots
  no "people: review weight above match weight" "$BS" people "$case" --match-weight 2 --review-weight 3
}

e2e_main() {
  TMP=$(mktemp -d)
  e2e_containers
  e2e_spill
  e2e_values_memory
  e2e_many_members
  e2e_health
  e2e_scan_tree
  e2e_synth
  e2e_synth_formats
  e2e_mail
  e2e_pst
  e2e_access
  e2e_documents
  e2e_kill_resume
  e2e_letters
  e2e_report
  e2e_people
  e2e_serve
  rm -rf "$TMP"
}
