/* FHIR R4 from the patient portal's vendor: a bulk data export (FHIR Bulk Data Access
 * 1.0: one NDJSON file per resource type, Patient, Condition, Encounter, Coverage) and
 * a few Bundles (a "searchset" of one patient's resources, as $everything returns).
 * Resources follow the US Core 3.1.1 shapes: identifiers with their system (MRN by
 * type code MR, SSN by us-ssn, MBI by us-mbi), HumanName, Address, ContactPoint,
 * ICD-10-CM and CPT codings, Encounter.period, Coverage.subscriberId.
 *
 * Mentions name the reader's places: field is the hint ("Patient.name.family",
 * "Patient.identifier[ssn]", "Condition.code[icd-10-cm]"); line, in NDJSON, the line. */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

typedef struct resource {
  bs_doc *doc;      /* the file and its mentions (kind FIELDS) */
  const char *type; /* resource type, the hints' first part */
  int first;        /* no comma needed yet in the current object or array */
} resource;

static void json(resource *r, const char *text) { bs_doc_json_escape(r->doc->file, text); }

/* "key": opening a member of the current object. */
static void key(resource *r, const char *name) {
  if (!r->first) fputc(',', r->doc->file);
  r->first = 0;
  if (name) {
    json(r, name);
    fputc(':', r->doc->file);
  }
}

static void open_(resource *r, const char *name, char bracket) {
  key(r, name);
  fputc(bracket, r->doc->file);
  r->first = 1;
}

static void close_(resource *r, char bracket) {
  fputc(bracket, r->doc->file);
  r->first = 0;
}

static void string(resource *r, const char *name, const char *text) {
  key(r, name);
  json(r, text);
}

/* A person's value: written, recorded with hint "<type><path>". */
static void put(resource *r, const char *name, const char *path, const char *person,
                bs_element type, const char *value, const char *text) {
  char field[128];
  snprintf(field, sizeof field, "%s%s", r->type, path);
  bs_doc_note(r->doc, field, person, type, value, text);
  string(r, name, text);
}

static void begin(resource *r, bs_doc *doc, const char *type, const char *id) {
  r->doc = doc;
  r->type = type;
  r->first = 1;
  fputc('{', doc->file);
  string(r, "resourceType", type);
  string(r, "id", id);
}

static void reference(resource *r, const char *name, const char *target) {
  open_(r, name, '{');
  string(r, "reference", target);
  close_(r, '}');
}

/* A CodeableConcept of one coding. */
static void concept(resource *r, const char *name, const char *system, const char *code,
                    const char *display, const char *hint, const char *person, bs_element type,
                    const char *value) {
  open_(r, name, '{');
  open_(r, "coding", '[');
  open_(r, NULL, '{');
  string(r, "system", system);
  if (person)
    put(r, "code", hint, person, type, value, code);
  else
    string(r, "code", code);
  if (display) string(r, "display", display);
  close_(r, '}');
  close_(r, ']');
  close_(r, '}');
}

static void patient(resource *r, bs_doc *doc, bs_synth *s, const bs_person *p, bs_random *rnd) {
  char id[24], text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  snprintf(id, sizeof id, "pt-%s", p->mrn);
  begin(r, doc, "Patient", id);
  open_(r, "meta", '{');
  string(r, "lastUpdated", "2024-07-15T06:00:00Z");
  close_(r, '}');
  open_(r, "identifier", '[');
  open_(r, NULL, '{');
  string(r, "use", "usual");
  concept(r, "type", "http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical Record Number",
          NULL, NULL, BS_EL_NONE, NULL);
  string(r, "system", "urn:oid:2.16.840.1.113883.3.7418.2.1");
  put(r, "value", ".identifier[mrn]", p->id, BS_EL_MRN, p->mrn, p->mrn);
  close_(r, '}');
  if (p->ssn[0]) {
    open_(r, NULL, '{');
    string(r, "system", "http://hl7.org/fhir/sid/us-ssn");
    snprintf(text, sizeof text, "%.3s-%.2s-%.4s", p->ssn, p->ssn + 3, p->ssn + 5);
    put(r, "value", ".identifier[ssn]", p->id, BS_EL_SSN, p->ssn, text);
    close_(r, '}');
  }
  if (p->mbi[0]) {
    open_(r, NULL, '{');
    string(r, "system", "http://hl7.org/fhir/sid/us-mbi");
    put(r, "value", ".identifier[mbi]", p->id, BS_EL_MBI, p->mbi, p->mbi);
    close_(r, '}');
  }
  close_(r, ']');
  key(r, "active");
  fputs("true", doc->file);
  open_(r, "name", '[');
  open_(r, NULL, '{');
  string(r, "use", "official");
  bs_render_norm_words(value, p->last);
  put(r, "family", ".name.family", p->id, BS_EL_LAST_NAME, value, p->last);
  open_(r, "given", '[');
  bs_render_norm_words(value, p->first);
  put(r, NULL, ".name.given", p->id, BS_EL_FIRST_NAME, value, p->first);
  close_(r, ']');
  if (p->suffix[0]) {
    open_(r, "suffix", '[');
    string(r, NULL, p->suffix);
    close_(r, ']');
  }
  close_(r, '}');
  close_(r, ']');
  open_(r, "telecom", '[');
  const char *phones[] = {p->home_phone, p->cell_phone};
  const char *uses[] = {"home", "mobile"};
  for (int i = 0; i < 2; i++) {
    if (!phones[i][0]) continue;
    open_(r, NULL, '{');
    string(r, "system", "phone");
    bs_render_phone(text, phones[i], rnd);
    put(r, "value", ".telecom[phone]", p->id, BS_EL_PHONE, phones[i], text);
    string(r, "use", uses[i]);
    close_(r, '}');
  }
  if (p->email[0]) {
    open_(r, NULL, '{');
    string(r, "system", "email");
    put(r, "value", ".telecom[email]", p->id, BS_EL_EMAIL, p->email, p->email);
    close_(r, '}');
  }
  close_(r, ']');
  string(r, "gender", p->sex == 'M' ? "male" : "female");
  bs_render_iso(text, p->dob);
  put(r, "birthDate", ".birthDate", p->id, BS_EL_DOB, text, text);
  open_(r, "address", '[');
  open_(r, NULL, '{');
  string(r, "use", "home");
  open_(r, "line", '[');
  bs_render_street(text, &p->home, s->tables->ref, rnd, 0);
  bs_render_norm_street(value, text, s->tables->ref);
  put(r, NULL, ".address.line", p->id, BS_EL_ADDRESS, value, text);
  if (p->home.unit_kind[0]) {
    char unit[32], unit_value[BS_TEXT_MAX];
    snprintf(unit, sizeof unit, "%s %s", p->home.unit_kind, p->home.unit);
    bs_render_norm_street(unit_value, unit, s->tables->ref);
    put(r, NULL, ".address.line", p->id, BS_EL_ADDRESS, unit_value, unit);
  }
  close_(r, ']');
  bs_render_city(text, p->home.city, rnd);
  bs_render_norm_words(value, text);
  put(r, "city", ".address.city", p->id, BS_EL_CITY, value, text);
  put(r, "state", ".address.state", p->id, BS_EL_STATE, p->home.state, p->home.state);
  bs_render_zip(text, value, &p->home, rnd);
  put(r, "postalCode", ".address.postalCode", p->id, BS_EL_ZIP, value, text);
  string(r, "country", "US");
  close_(r, '}');
  close_(r, ']');
  close_(r, '}');
}

static void condition(resource *r, bs_doc *doc, bs_synth *s, const bs_person *p, bs_random *rnd,
                      unsigned long number) {
  char id[32], ref[32], buffer[16], value[16], date[16];
  snprintf(id, sizeof id, "cond-%lu", number);
  snprintf(ref, sizeof ref, "Patient/pt-%s", p->mrn);
  begin(r, doc, "Condition", id);
  concept(r, "clinicalStatus", "http://terminology.hl7.org/CodeSystem/condition-clinical", "active",
          NULL, NULL, NULL, BS_EL_NONE, NULL);
  concept(r, "verificationStatus", "http://terminology.hl7.org/CodeSystem/condition-ver-status",
          "confirmed", NULL, NULL, NULL, BS_EL_NONE, NULL);
  open_(r, "category", '[');
  concept(r, NULL, "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
          "Problem List Item", NULL, NULL, BS_EL_NONE, NULL);
  close_(r, ']');
  const char *code = bs_synth_diagnosis(s, rnd, buffer);
  bs_render_undotted(value, code);
  concept(r, "code", "http://hl7.org/fhir/sid/icd-10-cm", code, NULL, ".code[icd-10-cm]", p->id,
          BS_EL_ICD10CM, value);
  reference(r, "subject", ref);
  bs_render_iso(date, bs_synth_visit_date(rnd));
  put(r, "onsetDateTime", ".onsetDateTime", p->id, BS_EL_SERVICE_DATE, date, date);
  close_(r, '}');
}

static void encounter(resource *r, bs_doc *doc, bs_synth *s, const bs_person *p, bs_random *rnd,
                      unsigned long number) {
  char id[32], ref[32], buffer[16], value[16], date[16], start[40], end[40];
  bs_provider doctor;
  bs_synth_provider(s, &doctor, rnd, 1);
  snprintf(id, sizeof id, "enc-%lu", number);
  snprintf(ref, sizeof ref, "Patient/pt-%s", p->mrn);
  begin(r, doc, "Encounter", id);
  string(r, "status", "finished");
  open_(r, "class", '{');
  string(r, "system", "http://terminology.hl7.org/CodeSystem/v3-ActCode");
  string(r, "code", "AMB");
  string(r, "display", "ambulatory");
  close_(r, '}');
  const bs_coded *cpt =
      &bs_lexicon_cpt_codes[bs_random_below(rnd, (uint32_t)bs_lexicon_cpt_codes_count)];
  open_(r, "type", '[');
  concept(r, NULL, "http://www.ama-assn.org/go/cpt", cpt->code, cpt->description, ".type[cpt]",
          p->id, BS_EL_CPT, cpt->code);
  close_(r, ']');
  reference(r, "subject", ref);
  open_(r, "participant", '[');
  open_(r, NULL, '{');
  char practitioner[40];
  snprintf(practitioner, sizeof practitioner, "Practitioner/%s", doctor.npi);
  reference(r, "individual", practitioner);
  close_(r, '}');
  close_(r, ']');
  bs_date when = bs_synth_visit_date(rnd);
  bs_render_iso(date, when);
  int hour = bs_random_range(rnd, 8, 16);
  snprintf(start, sizeof start, "%sT%02d:00:00-05:00", date, hour);
  snprintf(end, sizeof end, "%sT%02d:30:00-05:00", date, hour);
  open_(r, "period", '{');
  put(r, "start", ".period.start", p->id, BS_EL_SERVICE_DATE, date, start);
  put(r, "end", ".period.end", p->id, BS_EL_SERVICE_DATE, date, end);
  close_(r, '}');
  const char *code = bs_synth_diagnosis(s, rnd, buffer);
  bs_render_undotted(value, code);
  open_(r, "reasonCode", '[');
  concept(r, NULL, "http://hl7.org/fhir/sid/icd-10-cm", code, NULL, ".reasonCode[icd-10-cm]", p->id,
          BS_EL_ICD10CM, value);
  close_(r, ']');
  close_(r, '}');
}

static void coverage(resource *r, bs_doc *doc, const bs_person *p, unsigned long number) {
  char id[32], ref[32], value[BS_TEXT_MAX];
  snprintf(id, sizeof id, "cov-%lu", number);
  snprintf(ref, sizeof ref, "Patient/pt-%s", p->mrn);
  begin(r, doc, "Coverage", id);
  string(r, "status", "active");
  int medicare = p->mbi[0] != '\0';
  const char *member = medicare ? p->mbi : p->member_id;
  if (medicare) {
    put(r, "subscriberId", ".subscriberId", p->id, BS_EL_MBI, p->mbi, p->mbi);
  } else {
    bs_render_undotted(value, member);
    put(r, "subscriberId", ".subscriberId", p->id, BS_EL_MEMBER_ID, value, member);
  }
  reference(r, "beneficiary", ref);
  concept(r, "relationship", "http://terminology.hl7.org/CodeSystem/subscriber-relationship",
          "self", NULL, NULL, NULL, BS_EL_NONE, NULL);
  open_(r, "payor", '[');
  open_(r, NULL, '{');
  string(r, "display", medicare ? "Medicare" : bs_lexicon_payers[p->payer].name);
  close_(r, '}');
  close_(r, ']');
  close_(r, '}');
}

static void end_line(bs_doc *doc) {
  fputc('\n', doc->file);
  doc->line++;
}

bs_status bs_write_fhir(bs_synth *s) {
  static const char *const types[] = {"Patient", "Condition", "Encounter", "Coverage"};
  bs_doc docs[4];
  int opened = 0;
  for (; opened < 4; opened++) {
    char path[96];
    snprintf(path, sizeof path, "files/exports/fhir-bulk/%s.ndjson", types[opened]);
    if (bs_doc_open(&docs[opened], &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) break;
  }
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_FHIR, 0);
  unsigned long conditions = 0, encounters = 0, coverages = 0;
  resource res;
  for (uint32_t i = 0; opened == 4 && i < s->practice.patients; i++) {
    if (!bs_random_chance(&r, 15)) continue; /* the portal's share of the patients */
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    patient(&res, &docs[0], s, &p, &r);
    end_line(&docs[0]);
    for (int k = bs_random_range(&r, 1, 2); k > 0; k--) {
      condition(&res, &docs[1], s, &p, &r, ++conditions);
      end_line(&docs[1]);
    }
    for (int k = bs_random_range(&r, 1, 2); k > 0; k--) {
      encounter(&res, &docs[2], s, &p, &r, ++encounters);
      end_line(&docs[2]);
    }
    coverage(&res, &docs[3], &p, ++coverages);
    end_line(&docs[3]);
  }
  for (int k = 0; k < opened; k++) bs_doc_close(&docs[k], 7, 7);
  if (s->truth.status != BS_OK) return s->truth.status;

  /* Bundles: a patient's $everything, an entry a line. No line is recorded: a Bundle
   * is one JSON document, read as such. */
  uint32_t bundles = s->practice.patients / 100 + 1;
  for (uint32_t b = 0; b < bundles && s->truth.status == BS_OK; b++) {
    char path[96];
    snprintf(path, sizeof path, "files/exports/fhir/everything-%05u.json", b + 1);
    bs_doc d;
    if (bs_doc_open(&d, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) break;
    d.line = 0;
    bs_random_init(&r, s->practice.seed, BS_STREAM_FHIR, 1 + (uint64_t)b);
    bs_person p;
    bs_synth_patient(s, &p, &r);
    fprintf(d.file,
            "{\"resourceType\":\"Bundle\",\"id\":\"everything-%u\",\"type\":\"searchset\","
            "\"total\":4,\"entry\":[\n",
            b + 1);
    for (int e = 0; e < 4; e++) {
      static const char *const kinds[] = {"Patient", "Condition", "Encounter", "Coverage"};
      fprintf(d.file, "%s{\"fullUrl\":\"https://fhir.%s/r4/%s/%d\",\"resource\":", e ? ",\n" : "",
              s->clinic_domain, kinds[e], e + 1);
      if (e == 0)
        patient(&res, &d, s, &p, &r);
      else if (e == 1)
        condition(&res, &d, s, &p, &r, b + 1);
      else if (e == 2)
        encounter(&res, &d, s, &p, &r, b + 1);
      else
        coverage(&res, &d, &p, b + 1);
      fputs(",\"search\":{\"mode\":\"match\"}}", d.file);
    }
    fputs("\n]}\n", d.file);
    bs_doc_close(&d, 7, 7);
  }
  return s->truth.status;
}
