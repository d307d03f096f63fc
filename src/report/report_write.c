/* Writing the report into CASE/report/: report.json, report.html (the JSON rendered by
 * the page's own inline script: no network fetch) and CSV tables. Each file is written
 * owner-only under a temporary name and renamed over the old one, so a re-run replaces
 * the report whole and a reader never sees half a file. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/embedded.h"
#include "report/calendar.h"
#include "report/report.h"
#include "report/tables.h"

/* A file being written: FILE on a 0600 temporary, renamed into place by finish(). */
typedef struct out_file {
  FILE *f;
  char tmp[4096], path[4096];
} out_file;

static bs_status start(out_file *o, const char *dir, const char *name) {
  int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
  int m = snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
  if (n < 0 || m < 0 || (size_t)n >= sizeof o->path || (size_t)m >= sizeof o->tmp) return BS_EINVAL;
  int fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return BS_EIO;
  if (fchmod(fd, 0600) != 0 || !(o->f = fdopen(fd, "w"))) {
    close(fd);
    unlink(o->tmp);
    return BS_EIO;
  }
  return BS_OK;
}

static bs_status finish(out_file *o, bs_status status) {
  if (!o->f) return status;
  if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0) status = BS_EIO;
  if (fclose(o->f) != 0) status = BS_EIO;
  o->f = NULL;
  if (status == BS_OK && rename(o->tmp, o->path) != 0) status = BS_EIO;
  if (status != BS_OK) unlink(o->tmp);
  return status;
}

static void cell(FILE *f, const char *text, int last) {
  if (text) csv_fwrite(f, text, strlen(text));
  fputc(last ? '\n' : ',', f);
}

static void cell_count(FILE *f, size_t value, int last) {
  fprintf(f, "%zu%c", value, last ? '\n' : ',');
}

static bs_status write_states(FILE *f, const bs_report *r) {
  fputs("state,persons,minors,deceased,no_address\n", f);
  for (size_t s = 0; s < r->state_count; s++) {
    const bs_report_state *st = &r->states[s];
    cell(f, st->code, 0);
    cell_count(f, st->persons, 0);
    cell_count(f, st->minors, 0);
    cell_count(f, st->deceased, 0);
    cell_count(f, st->no_address, 1);
  }
  return BS_OK;
}

static bs_status write_elements(FILE *f, const bs_report *r) {
  fputs("element,persons,unattributed_findings\n", f);
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (!r->element_persons[t] && !r->unattributed[t]) continue;
    cell(f, bs_element_name((bs_element)t), 0);
    cell_count(f, r->element_persons[t], 0);
    fprintf(f, "%lld\n", (long long)r->unattributed[t]);
  }
  return BS_OK;
}

static bs_status write_combinations(FILE *f, const bs_report *r, int by_state) {
  bs_combination_row *rows;
  size_t count;
  bs_status status = bs_report_combinations(&rows, &count, r, by_state);
  if (status != BS_OK) return status;
  fputs(by_state ? "state,combination,persons,minors,deceased,no_address\n"
                 : "combination,persons,minors,deceased,no_address\n",
        f);
  for (size_t i = 0; i < count; i++) {
    char label[512];
    bs_report_combination_label(label, sizeof label, r, rows[i].groups);
    if (by_state) cell(f, r->states[rows[i].state].code, 0);
    cell(f, label, 0);
    cell_count(f, rows[i].persons, 0);
    cell_count(f, rows[i].minors, 0);
    cell_count(f, rows[i].deceased, 0);
    cell_count(f, rows[i].no_address, 1);
  }
  bs_free(rows);
  return BS_OK;
}

static bs_status write_obligations(FILE *f, const bs_report *r) {
  fputs("jurisdiction,state,rule,citation,recipient,persons,conditional_persons,"
        "only_if_conditions_hold,status,"
        "deadline,weekday,deadline_basis,deadline_warning,deadline_text,requirements,verified,"
        "last_checked\n",
        f);
  for (size_t i = 0; i < r->obligation_count; i++) {
    const bs_obligation *o = &r->obligations[i];
    char day[11] = "";
    if (o->deadline >= 0) bs_day_format(o->deadline, day);
    cell(f, o->rule->jurisdiction, 0);
    cell(f, o->state, 0);
    cell(f, o->rule->kind, 0);
    cell(f, o->rule->citation, 0);
    cell(f, o->rule->recipient, 0);
    cell_count(f, o->persons, 0);
    cell_count(f, o->conditional, 0);
    cell(f, o->threshold_conditional ? "yes" : "no", 0);
    cell(f, bs_obligation_status_name(o->status), 0);
    cell(f, day, 0);
    cell(f, day[0] ? bs_day_weekday_name(o->deadline) : "", 0);
    cell(f, o->basis, 0);
    cell(f, o->warning, 0);
    cell(f, o->rule->deadline_text, 0);
    cell(f, o->rule->requirements, 0);
    cell(f, o->rule->verified ? "yes" : "no", 0);
    cell(f, o->rule->last_checked, 1);
  }
  return BS_OK;
}

static bs_status write_hhs(FILE *f, const bs_report *r) {
  bs_hhs_field fields[BS_HHS_FIELDS];
  size_t n = bs_report_hhs_fields(fields, r);
  fputs("field,value,source\n", f);
  for (size_t i = 0; i < n; i++) {
    cell(f, fields[i].field, 0);
    cell(f, fields[i].value, 0);
    cell(f, fields[i].source, 1);
  }
  return BS_OK;
}

static bs_status write_unexamined(FILE *f, const bs_report *r) {
  fputs("file_id,path,place,reason\n", f);
  for (size_t i = 0; i < r->unexamined_count; i++) {
    const bs_report_unexamined *u = &r->unexamined[i];
    fprintf(f, "%lld,", (long long)u->file_id);
    cell(f, u->path, 0);
    cell(f, u->place ? u->place : "", 0);
    cell(f, u->reason, 1);
  }
  return BS_OK;
}

/* The page: the template with the JSON document in place of its marker. */
static bs_status write_html(FILE *f, const char *json, size_t json_len) {
  static const char marker[] = "/*BS_REPORT_DATA*/null";
  const char *template = bs_data_report_template;
  const char *at = strstr(template, marker);
  if (!at) return BS_EFORMAT;
  fwrite(template, 1, (size_t)(at - template), f);
  /* '<' only occurs inside JSON strings: written as \u003c, no path or note can end the
   * script element or open a comment in it. */
  for (size_t i = 0, start = 0; i <= json_len; i++) {
    if (i < json_len && json[i] != '<') continue;
    fwrite(json + start, 1, i - start, f);
    if (i < json_len) fputs("\\u003c", f);
    start = i + 1;
  }
  fputs(at + sizeof marker - 1, f);
  return BS_OK;
}

typedef bs_status (*table_fn)(FILE *f, const bs_report *r);

static bs_status write_table(const char *dir, const char *name, table_fn fn, const bs_report *r) {
  out_file o = {0};
  bs_status status = start(&o, dir, name);
  if (status == BS_OK) status = fn(o.f, r);
  return finish(&o, status);
}

static bs_status write_states_by_combination(FILE *f, const bs_report *r) {
  return write_combinations(f, r, 1);
}

static bs_status write_combinations_only(FILE *f, const bs_report *r) {
  return write_combinations(f, r, 0);
}

bs_status bs_report_write(const bs_report *r, const char *case_dir) {
  char dir[4096];
  int n = snprintf(dir, sizeof dir, "%s/%s", case_dir, BS_REPORT_DIR);
  if (n < 0 || (size_t)n >= sizeof dir) return BS_EINVAL;
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) return BS_EIO;
  if (chmod(dir, 0700) != 0) return BS_EIO;
  char *json = NULL;
  size_t json_len = 0;
  bs_status status = bs_report_json(&json, &json_len, r);
  out_file o = {0};
  if (status == BS_OK && (status = start(&o, dir, "report.json")) == BS_OK) {
    fwrite(json, 1, json_len, o.f);
    fputc('\n', o.f);
    status = finish(&o, BS_OK);
  }
  if (status == BS_OK && (status = start(&o, dir, "report.html")) == BS_OK)
    status = finish(&o, write_html(o.f, json, json_len));
  bs_free(json);
  static const struct {
    const char *name;
    table_fn fn;
  } tables[] = {
      {"obligations.csv", write_obligations},
      {"states.csv", write_states},
      {"elements.csv", write_elements},
      {"combinations.csv", write_combinations_only},
      {"states_by_combination.csv", write_states_by_combination},
      {"hhs_portal.csv", write_hhs},
      {"not_examined.csv", write_unexamined},
  };
  for (size_t i = 0; status == BS_OK && i < sizeof tables / sizeof *tables; i++)
    status = write_table(dir, tables[i].name, tables[i].fn, r);
  return status;
}
