/* C-CDA R2.1 Continuity of Care Documents (HL7 CDA R2 with the C-CDA templates), one a
 * file, as an EHR exports them for a referral: the header (ids, author with NPI,
 * custodian, recordTarget with the patient's ids, address, telecom, name, birth time),
 * then a Problems section (Problem Concern Acts holding Problem Observations coded in
 * ICD-10-CM, with onset) and a Procedures section (Procedure Activity Procedures coded
 * in CPT, with their time), each with its narrative table.
 *
 * Every element that holds a value stands on a line of its own, so that the reader's
 * line (where the element ends) is known; a section's narrative is one line. Mentions
 * name the reader's places: field is the hint ("recordTarget.name.family",
 * "observation.value[icd-10-cm]"), place "recordTarget" or "section N", row the
 * recordTarget. The custodian is the practice itself (its address and phone are no
 * one's personal data, and the reader leaves the header's organizations out): no
 * mention. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/ooxml_out.h"
#include "synth/writers.h"

typedef struct cda {
  bs_doc doc;  /* the file and its mentions (kind FIELDS) */
  bs_synth *s; /* the practice */
} cda;

/* Writes a line, counting it (mentions noted before it name it). */
__attribute__((format(printf, 2, 3))) static void line(cda *c, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vfprintf(c->doc.file, format, args);
  va_end(args);
  fputc('\n', c->doc.file);
  c->doc.line++;
}

static void escaped_line(cda *c, const char *open, const char *text, const char *close) {
  fputs(open, c->doc.file);
  bs_xml_escape(c->doc.file, text, strlen(text));
  fputs(close, c->doc.file);
  fputc('\n', c->doc.file);
  c->doc.line++;
}

static void note(cda *c, const char *field, const char *person, bs_element type, const char *value,
                 const char *text) {
  bs_doc_note(&c->doc, field, person, type, value, text);
}

static void header(cda *c, const bs_person *p, const bs_provider *doctor, bs_random *r,
                   uint32_t index) {
  bs_synth *s = c->s;
  char text[BS_TEXT_MAX], value[BS_TEXT_MAX], id[64];
  line(c, "%s", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  line(c, "%s",
       "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:sdtc=\"urn:hl7-org:sdtc\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
  line(c, "%s", "<realmCode code=\"US\"/>");
  line(c, "%s", "<typeId root=\"2.16.840.1.113883.1.3\" extension=\"POCD_HD000040\"/>");
  line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.1.1\" extension=\"2015-08-01\"/>");
  line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.1.2\" extension=\"2015-08-01\"/>");
  snprintf(id, sizeof id, "CCD-%llu-%u", (unsigned long long)s->practice.seed, index + 1);
  line(c, "<id root=\"2.16.840.1.113883.3.7418.1\" extension=\"%s\"/>", id);
  line(c, "%s",
       "<code code=\"34133-9\" codeSystem=\"2.16.840.1.113883.6.1\" codeSystemName=\"LOINC\" "
       "displayName=\"Summarization of Episode Note\"/>");
  line(c, "%s", "<title>Continuity of Care Document</title>");
  line(c, "%s", "<effectiveTime value=\"20240715090000-0500\"/>");
  line(c, "%s", "<confidentialityCode code=\"N\" codeSystem=\"2.16.840.1.113883.5.25\"/>");
  line(c, "%s", "<languageCode code=\"en-US\"/>");

  /* recordTarget (C-CDA R2.1 US Realm Header 1198-5266) */
  c->doc.row = 1;
  snprintf(c->doc.place, sizeof c->doc.place, "recordTarget");
  line(c, "%s", "<recordTarget>");
  line(c, "%s", "<patientRole>");
  note(c, "recordTarget.id[mrn]", p->id, BS_EL_MRN, p->mrn, p->mrn);
  line(c, "<id root=\"2.16.840.1.113883.3.7418.2.1\" extension=\"%s\"/>", p->mrn);
  if (p->ssn[0]) {
    note(c, "recordTarget.id[ssn]", p->id, BS_EL_SSN, p->ssn, p->ssn);
    line(c, "<id root=\"2.16.840.1.113883.4.1\" extension=\"%s\"/>", p->ssn);
  }
  line(c, "%s", "<addr use=\"HP\">");
  bs_render_street(text, &p->home, s->tables->ref, r, 0);
  bs_render_norm_street(value, text, s->tables->ref);
  note(c, "recordTarget.addr.streetAddressLine", p->id, BS_EL_ADDRESS, value, text);
  escaped_line(c, "<streetAddressLine>", text, "</streetAddressLine>");
  if (p->home.unit_kind[0]) {
    snprintf(text, sizeof text, "%s %s", p->home.unit_kind, p->home.unit);
    bs_render_norm_street(value, text, s->tables->ref);
    note(c, "recordTarget.addr.streetAddressLine", p->id, BS_EL_ADDRESS, value, text);
    escaped_line(c, "<streetAddressLine>", text, "</streetAddressLine>");
  }
  bs_render_city(text, p->home.city, r);
  bs_render_norm_words(value, text);
  note(c, "recordTarget.addr.city", p->id, BS_EL_CITY, value, text);
  escaped_line(c, "<city>", text, "</city>");
  note(c, "recordTarget.addr.state", p->id, BS_EL_STATE, p->home.state, p->home.state);
  escaped_line(c, "<state>", p->home.state, "</state>");
  bs_render_zip(text, value, &p->home, r);
  note(c, "recordTarget.addr.postalCode", p->id, BS_EL_ZIP, value, text);
  escaped_line(c, "<postalCode>", text, "</postalCode>");
  line(c, "%s", "<country>US</country>");
  line(c, "%s", "</addr>");
  const char *phone = p->cell_phone[0] ? p->cell_phone : p->home_phone;
  snprintf(text, sizeof text, "+1-%.3s-%.3s-%.4s", phone, phone + 3, phone + 6);
  note(c, "recordTarget.telecom[phone]", p->id, BS_EL_PHONE, phone, text);
  line(c, "<telecom use=\"HP\" value=\"tel:%s\"/>", text);
  if (p->email[0]) {
    note(c, "recordTarget.telecom[email]", p->id, BS_EL_EMAIL, p->email, p->email);
    line(c, "<telecom value=\"mailto:%s\"/>", p->email);
  }
  line(c, "%s", "<patient>");
  line(c, "%s", "<name use=\"L\">");
  bs_render_norm_words(value, p->first);
  note(c, "recordTarget.name.given", p->id, BS_EL_FIRST_NAME, value, p->first);
  escaped_line(c, "<given>", p->first, "</given>");
  bs_render_norm_words(value, p->last);
  note(c, "recordTarget.name.family", p->id, BS_EL_LAST_NAME, value, p->last);
  escaped_line(c, "<family>", p->last, "</family>");
  line(c, "%s", "</name>");
  line(c, "<administrativeGenderCode code=\"%s\" codeSystem=\"2.16.840.1.113883.5.1\"/>",
       p->sex == 'M' ? "M" : "F");
  snprintf(text, sizeof text, "%04d%02d%02d", p->dob.year, p->dob.month, p->dob.day);
  bs_render_iso(value, p->dob);
  note(c, "recordTarget.birthTime", p->id, BS_EL_DOB, value, text);
  line(c, "<birthTime value=\"%s\"/>", text);
  line(c, "%s", "<languageCommunication><languageCode code=\"en\"/></languageCommunication>");
  line(c, "%s", "</patient>");
  line(c, "%s", "</patientRole>");
  line(c, "%s", "</recordTarget>");

  /* author: the doctor, by NPI (2.16.840.1.113883.4.6) */
  snprintf(c->doc.place, sizeof c->doc.place, "header");
  line(c, "%s", "<author>");
  line(c, "%s", "<time value=\"20240715090000-0500\"/>");
  line(c, "%s", "<assignedAuthor>");
  note(c, "assignedAuthor.id[npi]", doctor->id, BS_EL_NPI, doctor->npi, doctor->npi);
  line(c, "<id root=\"2.16.840.1.113883.4.6\" extension=\"%s\"/>", doctor->npi);
  line(c, "%s", "<assignedPerson><name>");
  escaped_line(c, "<given>", doctor->first, "</given>");
  escaped_line(c, "<family>", doctor->last, "</family>");
  line(c, "%s", "</name></assignedPerson>");
  line(c, "%s", "</assignedAuthor>");
  line(c, "%s", "</author>");
  line(c, "%s", "<custodian><assignedCustodian><representedCustodianOrganization>");
  line(c, "%s", "<id root=\"2.16.840.1.113883.3.7418\"/>");
  escaped_line(c, "<name>", s->clinic_name, "</name>");
  line(c, "<telecom use=\"WP\" value=\"tel:+1-%s\"/>", s->clinic_phone_digits);
  line(c, "%s", "<addr use=\"WP\">");
  escaped_line(c, "<streetAddressLine>", s->clinic_street, "</streetAddressLine>");
  escaped_line(c, "<city>", s->clinic_town, "</city>");
  escaped_line(c, "<state>", s->clinic_state, "</state>");
  escaped_line(c, "<postalCode>", s->clinic_zip, "</postalCode>");
  line(c, "%s", "</addr>");
  line(c, "%s", "</representedCustodianOrganization></assignedCustodian></custodian>");
}

static const char *description(const char *code) {
  for (size_t k = 0; k < bs_lexicon_diagnoses_count; k++)
    if (!strcmp(bs_lexicon_diagnoses[k].code, code)) return bs_lexicon_diagnoses[k].description;
  return "condition";
}

/* <element value="CCYYMMDD"/>, a date of service. */
static void date_attribute(cda *c, const char *element, const bs_person *p, const char *field,
                           bs_date d) {
  char text[40], value[40];
  snprintf(text, sizeof text, "%04d%02d%02d", d.year, d.month, d.day);
  bs_render_iso(value, d);
  note(c, field, p->id, BS_EL_SERVICE_DATE, value, text);
  line(c, "<%s value=\"%s\"/>", element, text);
}

static void problems(cda *c, const bs_person *p, bs_random *r) {
  int count = bs_random_range(r, 1, 3);
  char codes[3][16], buffers[3][16];
  const char *dotted[3];
  for (int i = 0; i < count; i++) {
    dotted[i] = bs_synth_diagnosis(c->s, r, buffers[i]);
    bs_render_undotted(codes[i], dotted[i]);
  }
  snprintf(c->doc.place, sizeof c->doc.place, "section 1");
  line(c, "%s", "<component><section>");
  line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.2.5.1\" extension=\"2015-08-01\"/>");
  line(
      c, "%s",
      "<code code=\"11450-4\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"Problem list\"/>");
  line(c, "%s", "<title>Problems</title>");
  /* The narrative: one line, its codes found by the text detectors. */
  fputs("<text><table><thead><tr><th>Problem</th><th>ICD-10-CM</th><th>Status</th></tr></thead>"
        "<tbody>",
        c->doc.file);
  for (int i = 0; i < count; i++) {
    fputs("<tr><td>", c->doc.file);
    bs_xml_escape(c->doc.file, description(dotted[i]), strlen(description(dotted[i])));
    fprintf(c->doc.file, "</td><td>%s</td><td>Active</td></tr>", dotted[i]);
    note(c, NULL, p->id, BS_EL_ICD10CM, codes[i], dotted[i]);
  }
  line(c, "%s", "</tbody></table></text>");
  for (int i = 0; i < count; i++) {
    bs_date onset = bs_synth_visit_date(r);
    line(c, "%s", "<entry typeCode=\"DRIV\"><act classCode=\"ACT\" moodCode=\"EVN\">");
    line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.4.3\" extension=\"2015-08-01\"/>");
    line(c, "<id root=\"2.16.840.1.113883.3.7418.3\" extension=\"%s\"/>", codes[i]);
    line(c, "%s", "<code code=\"CONC\" codeSystem=\"2.16.840.1.113883.5.6\"/>");
    line(c, "%s", "<statusCode code=\"active\"/>");
    line(c, "%s", "<effectiveTime>");
    date_attribute(c, "low", p, "effectiveTime.low", onset);
    line(c, "%s", "</effectiveTime>");
    line(c, "%s",
         "<entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\" "
         "moodCode=\"EVN\">");
    line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.4.4\" extension=\"2015-08-01\"/>");
    line(c, "%s", "<id root=\"2.16.840.1.113883.3.7418.4\"/>");
    line(c, "%s",
         "<code code=\"55607006\" codeSystem=\"2.16.840.1.113883.6.96\" displayName=\"Problem\"/>");
    line(c, "%s", "<statusCode code=\"completed\"/>");
    line(c, "%s", "<effectiveTime>");
    date_attribute(c, "low", p, "effectiveTime.low", onset);
    line(c, "%s", "</effectiveTime>");
    note(c, "observation.value[icd-10-cm]", p->id, BS_EL_ICD10CM, codes[i], dotted[i]);
    fprintf(c->doc.file,
            "<value xsi:type=\"CD\" code=\"%s\" codeSystem=\"2.16.840.1.113883.6.90\" "
            "displayName=\"",
            dotted[i]);
    bs_xml_escape(c->doc.file, description(dotted[i]), strlen(description(dotted[i])));
    line(c, "%s", "\"/>");
    line(c, "%s", "</observation></entryRelationship>");
    line(c, "%s", "</act></entry>");
  }
  line(c, "%s", "</section></component>");
}

static void procedures(cda *c, const bs_person *p, bs_random *r) {
  int count = bs_random_range(r, 1, 2);
  const bs_coded *cpt[2];
  for (int i = 0; i < count; i++)
    cpt[i] = &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
  snprintf(c->doc.place, sizeof c->doc.place, "section 2");
  line(c, "%s", "<component><section>");
  line(c, "%s", "<templateId root=\"2.16.840.1.113883.10.20.22.2.7.1\" extension=\"2014-06-09\"/>");
  line(c, "%s",
       "<code code=\"47519-4\" codeSystem=\"2.16.840.1.113883.6.1\" "
       "displayName=\"History of Procedures\"/>");
  line(c, "%s", "<title>Procedures</title>");
  fputs("<text><table><thead><tr><th>Procedure</th><th>CPT</th></tr></thead><tbody>", c->doc.file);
  for (int i = 0; i < count; i++) {
    fputs("<tr><td>", c->doc.file);
    bs_xml_escape(c->doc.file, cpt[i]->description, strlen(cpt[i]->description));
    fprintf(c->doc.file, "</td><td>CPT %s</td></tr>", cpt[i]->code);
    note(c, NULL, p->id, BS_EL_CPT, cpt[i]->code, cpt[i]->code);
  }
  line(c, "%s", "</tbody></table></text>");
  for (int i = 0; i < count; i++) {
    line(c, "%s", "<entry typeCode=\"DRIV\"><procedure classCode=\"PROC\" moodCode=\"EVN\">");
    line(c, "%s",
         "<templateId root=\"2.16.840.1.113883.10.20.22.4.14\" extension=\"2014-06-09\"/>");
    line(c, "%s", "<id root=\"2.16.840.1.113883.3.7418.5\"/>");
    note(c, "procedure.code[cpt]", p->id, BS_EL_CPT, cpt[i]->code, cpt[i]->code);
    fprintf(c->doc.file, "<code code=\"%s\" codeSystem=\"2.16.840.1.113883.6.12\" displayName=\"",
            cpt[i]->code);
    bs_xml_escape(c->doc.file, cpt[i]->description, strlen(cpt[i]->description));
    line(c, "%s", "\"/>");
    line(c, "%s", "<statusCode code=\"completed\"/>");
    date_attribute(c, "effectiveTime", p, "effectiveTime", bs_synth_visit_date(r));
    line(c, "%s", "</procedure></entry>");
  }
  line(c, "%s", "</section></component>");
}

bs_status bs_write_ccda(bs_synth *s) {
  uint32_t count = s->practice.patients / 50 + 1;
  for (uint32_t i = 0; i < count && s->truth.status == BS_OK; i++) {
    char path[96];
    snprintf(path, sizeof path, "files/clinical/ccda/CCD-%06u.xml", i + 1);
    cda c = {.s = s};
    if (bs_doc_open(&c.doc, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) break;
    c.doc.line = 1;
    bs_random r;
    bs_random_init(&r, s->practice.seed, BS_STREAM_CDA, i);
    bs_person p;
    bs_provider doctor;
    bs_synth_patient(s, &p, &r);
    bs_synth_provider(s, &doctor, &r, 1);
    header(&c, &p, &doctor, &r, i);
    line(&c, "%s", "<component><structuredBody>");
    problems(&c, &p, &r);
    procedures(&c, &p, &r);
    line(&c, "%s", "</structuredBody></component>");
    line(&c, "%s", "</ClinicalDocument>");
    bs_doc_close(&c.doc, 5, 7);
  }
  return s->truth.status;
}
