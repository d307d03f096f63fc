/* The driver: the practice, each kind of file in a fixed order, then persons.csv from
 * the exposure bits the mentions set. Memory is one 32-bit word per patient. */
#include "synth/synth.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#define _XOPEN_SOURCE_EXTENDED 1
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "synth/lexicon.h"
#include "synth/writers.h"

static int is_empty_or_missing(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return errno == ENOENT;
  struct dirent *e;
  int empty = 1;
  while (empty && (e = readdir(d)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
  closedir(d);
  return empty;
}

static void clinic(bs_synth *s) {
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_CLINIC, 0);
  static const char *const names[] = {"Riverbend", "Lakeside", "Northgate",  "Cedar Valley",
                                      "Summit",    "Harbor",   "Mill Creek", "Oak Ridge"};
  static const char *const kinds[] = {"Family Medicine", "Medical Group", "Primary Care",
                                      "Physicians"};
  const char *name = BS_PICK(&r, names);
  snprintf(s->clinic_name, sizeof s->clinic_name, "%s %s", name, BS_PICK(&r, kinds));
  const bs_place *place =
      &s->tables->places[s->practice.place_first +
                         bs_random_below(&r, (uint32_t)s->practice.place_count)];
  snprintf(s->clinic_street, sizeof s->clinic_street, "%d %s Street, Suite %d",
           bs_random_range(&r, 100, 2999),
           s->tables->streets[bs_random_below(&r, (uint32_t)s->tables->street_count)],
           bs_random_range(&r, 100, 400));
  snprintf(s->clinic_city, sizeof s->clinic_city, "%s, %s %s", place->city, place->state,
           place->zip);
  snprintf(s->clinic_town, sizeof s->clinic_town, "%s", place->city);
  snprintf(s->clinic_state, sizeof s->clinic_state, "%s", place->state);
  snprintf(s->clinic_zip, sizeof s->clinic_zip, "%s", place->zip);
  char phone[11];
  bs_people_phone(phone, &r, s->practice.area_codes[0]);
  snprintf(s->clinic_phone, sizeof s->clinic_phone, "(%.3s) %.3s-%.4s", phone, phone + 3,
           phone + 6);
  snprintf(s->clinic_phone_digits, sizeof s->clinic_phone_digits, "%.10s", phone);
  phone[9] = (char)(phone[9] == '9' ? '8' : phone[9] + 1);
  snprintf(s->clinic_fax, sizeof s->clinic_fax, "(%.3s) %.3s-%.4s", phone, phone + 3, phone + 6);
  snprintf(s->clinic_fax_digits, sizeof s->clinic_fax_digits, "%.10s", phone);
  size_t n = 0;
  for (const char *c = name; *c && n + 1 < sizeof s->clinic_domain; c++)
    if (*c != ' ') s->clinic_domain[n++] = (char)(*c | 0x20);
  snprintf(s->clinic_domain + n, sizeof s->clinic_domain - n, "med.org");
}

static void csv_field(FILE *out, const char *text, int last) {
  if (strpbrk(text, ",\"")) {
    fputc('"', out);
    for (const char *c = text; *c; c++) {
      if (*c == '"') fputc('"', out);
      fputc(*c, out);
    }
    fputc('"', out);
  } else {
    fputs(text, out);
  }
  fputc(last ? '\n' : ',', out);
}

static bs_status write_persons(bs_synth *s, const char *dir, uint64_t *exposed_count) {
  char path[4096];
  snprintf(path, sizeof path, "%s/truth/persons.csv", dir);
  FILE *out = fopen(path, "w");
  if (!out) return BS_EIO;
  fputs("id,first,middle,last,suffix,sex,dob,street,unit,city,state,zip,phone,email,mrn,"
        "member_id,mbi,ssn,household,same_name_as,exposed\n",
        out);
  for (uint32_t i = 0; i < s->practice.patients; i++) {
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    char street[BS_TEXT_MAX], line[BS_TEXT_MAX], unit[BS_TEXT_MAX] = "", dob[BS_TEXT_MAX];
    char household[16], same[16] = "", exposed[512] = "";
    snprintf(line, sizeof line, "%s %s%s%s %s", p.home.number, p.home.predir,
             p.home.predir[0] ? " " : "", p.home.name, p.home.suffix);
    bs_render_norm_street(street, line, s->tables->ref);
    if (p.home.unit_kind[0]) {
      snprintf(line, sizeof line, "1 X St %s%s%s", p.home.unit_kind,
               strcmp(p.home.unit_kind, "#") ? " " : "", p.home.unit);
      bs_render_norm_street(unit, line, s->tables->ref);
      memmove(unit, unit + 7, strlen(unit + 7) + 1); /* drop "1 X ST " */
    }
    bs_render_iso(dob, p.dob);
    snprintf(household, sizeof household, "P%06u", p.household + 1);
    if (p.namesake >= 0) snprintf(same, sizeof same, "P%06u", (unsigned)p.namesake + 1);
    uint32_t bits = s->truth.exposed[i];
    for (int t = 0; t < BS_EL_COUNT; t++) {
      if (!(bits & (1u << t))) continue;
      size_t n = strlen(exposed);
      snprintf(exposed + n, sizeof exposed - n, "%s%s", n ? ";" : "",
               bs_element_name((bs_element)t));
    }
    *exposed_count += bits != 0;
    const char *fields[] = {p.id,
                            p.first,
                            p.middle,
                            p.last,
                            p.suffix,
                            p.sex == 'M' ? "M" : "F",
                            dob,
                            street,
                            unit,
                            p.home.city,
                            p.home.state,
                            p.home.zip,
                            p.cell_phone[0] ? p.cell_phone : p.home_phone,
                            p.email,
                            p.mrn,
                            p.member_id,
                            p.mbi,
                            p.ssn,
                            household,
                            same,
                            exposed};
    size_t count = sizeof fields / sizeof fields[0];
    for (size_t f = 0; f < count; f++) csv_field(out, fields[f], f + 1 == count);
  }
  int failed = ferror(out) != 0;
  failed |= fclose(out) != 0;
  return failed ? BS_EIO : BS_OK;
}

/* Folders get one fixed time too (their times change as files are added). */
static const struct timespec folder_time[2] = {{1721044800, 0}, {1721044800, 0}}; /* 2024-07-15 */
static int touch_folder(const char *path, const struct stat *st, int kind, struct FTW *ftw) {
  (void)st, (void)ftw;
  if (kind == FTW_DP || kind == FTW_D) utimensat(AT_FDCWD, path, folder_time, 0);
  return 0;
}

typedef bs_status (*writer)(bs_synth *s);

bs_status bs_synth_run(bs_synth_summary *out, const char *dir, uint32_t patients, uint64_t seed) {
  memset(out, 0, sizeof *out);
  if (patients == 0 || patients > BS_SYNTH_MAX_PATIENTS) return BS_EINVAL;
  if (!is_empty_or_missing(dir)) return BS_EEXIST;
  char path[4096];
  snprintf(path, sizeof path, "%s/truth", dir);
  if ((mkdir(dir, 0755) != 0 && errno != EEXIST) || mkdir(path, 0755) != 0) return BS_EIO;

  bs_synth s;
  memset(&s, 0, sizeof s);
  bs_synth_tables *tables;
  bs_status status = bs_synth_tables_create(&tables);
  if (status != BS_OK) return status;
  s.tables = tables;
  bs_people_practice(&s.practice, tables, seed, patients);
  clinic(&s);
  s.truth.root = dir;
  s.truth.seed = seed;
  s.truth.patients = patients;
  s.truth.exposed = bs_calloc(patients, sizeof *s.truth.exposed);
  snprintf(path, sizeof path, "%s/truth/mentions.jsonl", dir);
  s.truth.mentions = s.truth.exposed ? fopen(path, "w") : NULL;
  if (!s.truth.exposed)
    status = BS_ENOMEM;
  else if (!s.truth.mentions)
    status = BS_EIO;

  static const writer writers[] = {
      bs_write_registration, bs_write_old_export, bs_write_portal, bs_write_encounters,
      bs_write_claims, bs_write_payments, bs_write_appointments, bs_write_lab, bs_write_notes,
      bs_write_referrals, bs_write_mail,
      /* the formats added later, after the first ones so that
         those keep their bytes and times */
      bs_write_workbook, bs_write_letters, bs_write_statements, bs_write_attached_mail,
      bs_write_archive, bs_write_adt, bs_write_837, bs_write_fhir, bs_write_ccda, bs_write_opendoc,
      bs_write_slides, bs_write_mailbox, bs_write_rtf_letters, bs_write_html_pages,
      bs_write_sql_dumps, bs_write_xls_workbook, bs_write_doc_letters, bs_write_access_db,
      bs_write_pst_mailbox};
  for (size_t i = 0; status == BS_OK && i < sizeof writers / sizeof writers[0]; i++)
    status = writers[i](&s);
  if (s.truth.mentions) {
    int failed = ferror(s.truth.mentions) != 0;
    failed |= fclose(s.truth.mentions) != 0;
    if (failed && status == BS_OK) {
      status = BS_EIO;
      snprintf(s.truth.failed_path, sizeof s.truth.failed_path, "truth/mentions.jsonl");
    }
  }
  if (status == BS_OK) {
    status = write_persons(&s, dir, &out->exposed);
    if (status != BS_OK)
      snprintf(s.truth.failed_path, sizeof s.truth.failed_path, "truth/persons.csv");
  }
  if (status == BS_OK) {
    snprintf(path, sizeof path, "%s/files", dir);
    nftw(path, touch_folder, 16, FTW_PHYS | FTW_DEPTH);
  }
  out->files = s.truth.files;
  out->mentions = s.truth.mentions_written;
  snprintf(out->failed_path, sizeof out->failed_path, "%s", s.truth.failed_path);
  bs_free(s.truth.exposed);
  bs_synth_tables_free(tables);
  return status;
}
