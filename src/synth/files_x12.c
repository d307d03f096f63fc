/* Professional claims sent to the clearinghouse: an ASC X12 005010X222A1 837P batch a
 * month, one interchange (ISA/GS/ST ... SE/GE/IEA) of many claims. The billing
 * provider (2000A, 2010AA) is the practice; each claim has its subscriber loop
 * (2000B: SBR, NM1*IL, N3, N4, DMG, REF*SY; payer NM1*PR) and, for a child covered by a
 * parent, a patient loop (2000C: PAT, NM1*QC, N3, N4, DMG); then the claim (2300: CLM,
 * HI), its rendering provider (2310B) and service lines (2400: LX, SV1, DTP*472).
 * Segments end with '~' and a line break, as most clearinghouses write them.
 *
 * Mentions name the reader's places: line is the segment's number in the file, row the
 * record (each subscriber and patient loop), field the element ("NM1*IL-03", "HI[ABK]",
 * "SV1-01[HC]", "DTP*472-03"). */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

typedef struct batch {
  bs_doc doc;            /* the file and its mentions (kind FIELDS) */
  bs_synth *s;           /* the practice */
  unsigned long records; /* subscriber and patient loops so far */
  unsigned long in_set;  /* segments since ST, for SE01 */
  unsigned long hl;      /* HL ids given */
  char clinic_npi[11];   /* the billing provider's NPI */
} batch;

/* Starts a segment (a line of the file). */
static void segment(batch *b, const char *name) {
  b->doc.line++;
  b->in_set++;
  fputs(name, b->doc.file);
}

static void end(batch *b) { fputs("~\n", b->doc.file); }

static void put(batch *b, const char *field, const char *person, bs_element type, const char *value,
                const char *text) {
  bs_doc_note(&b->doc, field, person, type, value, text);
  fputs(text, b->doc.file);
}

static void upper(char *out, size_t cap, const char *text) {
  size_t n = 0;
  for (; text[n] && n + 1 < cap; n++)
    out[n] = (char)(text[n] >= 'a' && text[n] <= 'z' ? text[n] - 32 : text[n]);
  out[n] = '\0';
}

/* NM1 of a person: entity code, last, first, middle, suffix, and an ID when given. */
static void person_name(batch *b, const char *entity, const bs_person *p, const char *member) {
  char field[24], text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  segment(b, "NM1");
  fprintf(b->doc.file, "*%s*1*", entity);
  snprintf(field, sizeof field, "NM1*%s-03", entity);
  upper(text, sizeof text, p->last);
  bs_render_norm_words(value, text);
  put(b, field, p->id, BS_EL_LAST_NAME, value, text);
  fputc('*', b->doc.file);
  snprintf(field, sizeof field, "NM1*%s-04", entity);
  upper(text, sizeof text, p->first);
  bs_render_norm_words(value, text);
  put(b, field, p->id, BS_EL_FIRST_NAME, value, text);
  /* NM105 middle, NM106 prefix, NM107 suffix, NM108 ID qualifier, NM109 ID. */
  upper(text, sizeof text, p->suffix);
  fprintf(b->doc.file, "*%.1s**%s", p->middle, text);
  if (member) {
    fputs("*MI*", b->doc.file);
    snprintf(field, sizeof field, "NM1*%s-09", entity);
    bs_render_undotted(value, member);
    /* Medicare's member ID is the MBI (CMS 837P companion guide). */
    put(b, field, p->id, p->mbi[0] && !strcmp(member, p->mbi) ? BS_EL_MBI : BS_EL_MEMBER_ID, value,
        member);
  }
  end(b);
}

/* N3, N4 and DMG of a person's loop. */
static void person_place(batch *b, const char *entity, const bs_person *p, bs_random *r) {
  bs_synth *s = b->s;
  char field[24], text[BS_TEXT_MAX], value[BS_TEXT_MAX];
  segment(b, "N3*");
  snprintf(field, sizeof field, "N3*%s-01", entity);
  bs_render_street(text, &p->home, s->tables->ref, r, 0);
  upper(value, sizeof value, text);
  bs_render_norm_street(text, value, s->tables->ref);
  put(b, field, p->id, BS_EL_ADDRESS, text, value);
  if (p->home.unit_kind[0]) { /* N302: the second address line */
    snprintf(field, sizeof field, "N3*%s-02", entity);
    snprintf(text, sizeof text, "%s %s", p->home.unit_kind, p->home.unit);
    upper(value, sizeof value, text);
    bs_render_norm_street(text, value, s->tables->ref);
    fputc('*', b->doc.file);
    put(b, field, p->id, BS_EL_ADDRESS, text, value);
  }
  end(b);
  segment(b, "N4*");
  snprintf(field, sizeof field, "N4*%s-01", entity);
  bs_render_norm_words(value, p->home.city);
  put(b, field, p->id, BS_EL_CITY, value, p->home.city);
  fputc('*', b->doc.file);
  snprintf(field, sizeof field, "N4*%s-02", entity);
  put(b, field, p->id, BS_EL_STATE, p->home.state, p->home.state);
  fputc('*', b->doc.file);
  snprintf(field, sizeof field, "N4*%s-03", entity);
  put(b, field, p->id, BS_EL_ZIP, p->home.zip, p->home.zip);
  end(b);
  segment(b, "DMG*D8*");
  snprintf(field, sizeof field, "DMG*%s-02", entity);
  char iso[16];
  bs_render_iso(iso, p->dob);
  snprintf(text, sizeof text, "%04d%02d%02d", p->dob.year, p->dob.month, p->dob.day);
  put(b, field, p->id, BS_EL_DOB, iso, text);
  fprintf(b->doc.file, "*%c", p->sex);
  end(b);
}

static void claim(batch *b, bs_random *r, int month, unsigned long number) {
  bs_synth *s = b->s;
  FILE *out = b->doc.file;
  bs_person p, subscriber;
  bs_provider doctor;
  bs_synth_patient(s, &p, r);
  bs_synth_provider(s, &doctor, r, 1);
  /* A child is claimed under the parent who holds the plan (2000B), itself in 2000C. */
  int dependent = p.age < 18 && p.index != p.household;
  if (dependent)
    bs_people_make(&subscriber, s->tables, &s->practice, p.household);
  else
    subscriber = p;
  const bs_payer *payer = &bs_lexicon_payers[subscriber.payer];

  unsigned long subscriber_hl = ++b->hl;
  b->doc.row = ++b->records;
  segment(b, "HL");
  fprintf(out, "*%lu*1*22*%d", subscriber_hl, dependent);
  end(b);
  segment(b, "SBR");
  fprintf(out, "*P*%s*GRP%05u******%s", dependent ? "" : "18", (unsigned)subscriber.payer * 7 + 101,
          subscriber.mbi[0] ? "MB" : "CI");
  end(b);
  person_name(b, "IL", &subscriber, subscriber.mbi[0] ? subscriber.mbi : subscriber.member_id);
  person_place(b, "IL", &subscriber, r);
  if (subscriber.ssn[0] && bs_random_chance(r, 50)) {
    segment(b, "REF*SY*");
    put(b, "REF*SY-02", subscriber.id, BS_EL_SSN, subscriber.ssn, subscriber.ssn);
    end(b);
  }
  char payer_name[64];
  upper(payer_name, sizeof payer_name, subscriber.mbi[0] ? "Medicare" : payer->name);
  segment(b, "NM1");
  fprintf(out, "*PR*2*%s*****PI*P%04u", payer_name, (unsigned)subscriber.payer + 1);
  end(b);
  if (dependent) {
    b->doc.row = ++b->records;
    segment(b, "HL");
    fprintf(out, "*%lu*%lu*23*0", ++b->hl, subscriber_hl);
    end(b);
    segment(b, "PAT*19");
    end(b);
    person_name(b, "QC", &p, NULL);
    person_place(b, "QC", &p, r);
  }

  static const int days[] = {31, 29, 31, 30, 31, 30, 15};
  bs_date visit = {BS_SYNTH_YEAR, month, bs_random_range(r, 1, days[month - 1])};
  int lines = bs_random_range(r, 1, 3);
  int charges[3], total = 0;
  for (int i = 0; i < lines; i++) total += charges[i] = bs_random_range(r, 40, 400);
  segment(b, "CLM");
  fprintf(out, "*%02d%06lu*%d***11:B:1*Y*A*Y*Y", month, number, total);
  end(b);
  segment(b, "HI");
  int diagnoses = bs_random_range(r, 1, 4);
  for (int i = 0; i < diagnoses; i++) {
    char buffer[16], value[16];
    bs_render_undotted(value, bs_synth_diagnosis(s, r, buffer));
    fprintf(out, "*%s:", i == 0 ? "ABK" : "ABF");
    put(b, i == 0 ? "HI[ABK]" : "HI[ABF]", p.id, BS_EL_ICD10CM, value, value);
  }
  end(b);
  segment(b, "NM1");
  char last[40], first[32];
  upper(last, sizeof last, doctor.last);
  upper(first, sizeof first, doctor.first);
  fprintf(out, "*82*1*%s*%s****XX*", last, first);
  put(b, "NM1*82-09[NPI]", doctor.id, BS_EL_NPI, doctor.npi, doctor.npi);
  end(b);
  char date[40], iso[40];
  snprintf(date, sizeof date, "%04d%02d%02d", visit.year, visit.month, visit.day);
  bs_render_iso(iso, visit);
  for (int i = 0; i < lines; i++) {
    segment(b, "LX");
    fprintf(out, "*%d", i + 1);
    end(b);
    segment(b, "SV1*HC:");
    if (i > 0 && bs_random_chance(r, 30)) {
      const bs_coded *h =
          &bs_lexicon_hcpcs_codes[bs_random_below(r, (uint32_t)bs_lexicon_hcpcs_codes_count)];
      put(b, "SV1-01[HC]", p.id, BS_EL_HCPCS, h->code, h->code);
    } else {
      const bs_coded *cpt =
          &bs_lexicon_cpt_codes[bs_random_below(r, (uint32_t)bs_lexicon_cpt_codes_count)];
      put(b, "SV1-01[HC]", p.id, BS_EL_CPT, cpt->code, cpt->code);
    }
    fprintf(out, "*%d*UN*1***1", charges[i]);
    end(b);
    segment(b, "DTP*472*D8*");
    put(b, "DTP*472-03", p.id, BS_EL_SERVICE_DATE, iso, date);
    end(b);
  }
}

bs_status bs_write_837(bs_synth *s) {
  uint32_t per_month = s->practice.patients / 20 + 1;
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_837, 0);
  char clinic_npi[11];
  bs_people_npi(clinic_npi, &r);
  char name[64];
  upper(name, sizeof name, s->clinic_name);
  char street[64];
  upper(street, sizeof street, s->clinic_street);
  char *comma = strchr(street, ',');
  if (comma) *comma = '\0';
  for (int month = 1; month <= 7 && s->truth.status == BS_OK; month++) {
    char path[96];
    snprintf(path, sizeof path, "files/billing/edi/837P_2024%02d.x12", month);
    batch b = {.s = s};
    if (bs_doc_open(&b.doc, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) break;
    b.doc.line = 0;
    bs_random_init(&r, s->practice.seed, BS_STREAM_837, (uint64_t)month);
    FILE *out = b.doc.file;
    /* Envelope (X12.5 ISA of fixed widths; 005010X222A1 1000A, 1000B). */
    segment(&b, "ISA");
    fprintf(out, "*00*          *00*          *ZZ*%-15s*ZZ*%-15s*2407%02d*1200*^*00501*%09d*0*P*:",
            "SUBMIT01", "CLEARHOUSE01", month, month);
    end(&b);
    segment(&b, "GS");
    fprintf(out, "*HC*SUBMIT01*CLEARHOUSE01*20240%d28*1200*%d*X*005010X222A1", month, month);
    end(&b);
    b.in_set = 0;
    segment(&b, "ST");
    fprintf(out, "*837*%04d*005010X222A1", month);
    end(&b);
    segment(&b, "BHT");
    fprintf(out, "*0019*00*B2024%02d*20240%d28*1200*CH", month, month);
    end(&b);
    segment(&b, "NM1");
    fprintf(out, "*41*2*%s*****46*SUBMIT01", name);
    end(&b);
    segment(&b, "PER*IC*BILLING OFFICE*TE*");
    put(&b, "PER*41-04[phone]", NULL, BS_EL_PHONE, s->clinic_phone_digits, s->clinic_phone_digits);
    end(&b);
    segment(&b, "NM1");
    fputs("*40*2*CLEARINGHOUSE*****46*CLEARHOUSE01", out);
    end(&b);
    segment(&b, "HL");
    fprintf(out, "*%lu**20*1", ++b.hl);
    end(&b);
    segment(&b, "PRV");
    fputs("*BI*PXC*207Q00000X", out);
    end(&b);
    segment(&b, "NM1");
    fprintf(out, "*85*2*%s*****XX*", name);
    put(&b, "NM1*85-09[NPI]", NULL, BS_EL_NPI, clinic_npi, clinic_npi);
    end(&b);
    char value[BS_TEXT_MAX];
    segment(&b, "N3*");
    bs_render_norm_street(value, street, s->tables->ref);
    put(&b, "N3*85-01", NULL, BS_EL_ADDRESS, value, street);
    end(&b);
    segment(&b, "N4*");
    char town[48];
    upper(town, sizeof town, s->clinic_town);
    bs_render_norm_words(value, town);
    put(&b, "N4*85-01", NULL, BS_EL_CITY, value, town);
    fputc('*', out);
    put(&b, "N4*85-02", NULL, BS_EL_STATE, s->clinic_state, s->clinic_state);
    fputc('*', out);
    put(&b, "N4*85-03", NULL, BS_EL_ZIP, s->clinic_zip, s->clinic_zip);
    end(&b);
    segment(&b, "REF");
    fprintf(out, "*EI*%09u", 100000000u + (unsigned)(s->practice.seed % 800000000u));
    end(&b);
    for (uint32_t i = 0; i < per_month; i++) claim(&b, &r, month, i + 1);
    b.doc.row = 0;
    segment(&b, "SE");
    fprintf(out, "*%lu*%04d", b.in_set, month);
    end(&b);
    segment(&b, "GE");
    fprintf(out, "*1*%d", month);
    end(&b);
    segment(&b, "IEA");
    fprintf(out, "*1*%09d", month);
    end(&b);
    bs_doc_close(&b.doc, month, month < 7 ? month + 1 : 7);
  }
  return s->truth.status;
}
