/* Lookup answers and the agent's script (see answer.h). */
#include "serve/answer.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "detect/element.h"
#include "serve/normalize.h"

/* Labels by element type; several types share one (name, first and last name). */
static const char *const labels[BS_EL_COUNT] = {
    [BS_EL_NAME] = "name",
    [BS_EL_FIRST_NAME] = "name",
    [BS_EL_LAST_NAME] = "name",
    [BS_EL_ADDRESS] = "address",
    [BS_EL_CITY] = "address",
    [BS_EL_STATE] = "address",
    [BS_EL_ZIP] = "address",
    [BS_EL_DOB] = "date of birth",
    [BS_EL_SERVICE_DATE] = "dates of service",
    [BS_EL_DATE] = "dates of service",
    [BS_EL_SSN] = "Social Security number",
    [BS_EL_ITIN] = "taxpayer identification number",
    [BS_EL_DRIVERS_LICENSE] = "driver's license or state ID number",
    [BS_EL_PASSPORT] = "passport number",
    [BS_EL_MBI] = "Medicare number",
    [BS_EL_HICN] = "Medicare number",
    [BS_EL_MEMBER_ID] = "health plan member ID",
    [BS_EL_MRN] = "medical record number",
    [BS_EL_ICD10CM] = "diagnosis codes",
    [BS_EL_ICD9CM] = "diagnosis codes",
    [BS_EL_CPT] = "procedure codes",
    [BS_EL_HCPCS] = "procedure codes",
    [BS_EL_ICD10PCS] = "procedure codes",
    [BS_EL_PHONE] = "phone number",
    [BS_EL_EMAIL] = "e-mail address",
    [BS_EL_ACCOUNT] = "financial account number",
    [BS_EL_CARD] = "payment card number",
    [BS_EL_ROUTING] = "bank routing number",
    [BS_EL_CREDENTIAL] = "username or password",
    [BS_EL_NPI] = NULL, /* a provider's number, not the caller's */
};

const char *bs_answer_element_label(int element) {
  return element >= 0 && element < BS_EL_COUNT ? labels[element] : NULL;
}

static const char not_verified_script[] =
    "I'm sorry, I could not verify the details you gave me. Please check the spelling of "
    "your name, your date of birth, and the ZIP code where you receive mail, or give me the "
    "enrollment code printed in your letter with your date of birth. For your privacy I "
    "cannot tell you anything more. If you believe you were affected, I can take your "
    "contact details for a call back from a supervisor.";

static void gen_string(yajl_gen g, const char *text) {
  yajl_gen_string(g, (const unsigned char *)text, strlen(text));
}

static void gen_pair(yajl_gen g, const char *key, const char *value) {
  gen_string(g, key);
  if (value)
    gen_string(g, value);
  else
    yajl_gen_null(g);
}

static bs_status take(bs_buf *out, yajl_gen g) {
  const unsigned char *text;
  size_t len;
  bs_status status = yajl_gen_get_buf(g, &text, &len) == yajl_gen_status_ok ? BS_OK : BS_ENOMEM;
  bs_buf_reset(out);
  if (status == BS_OK) status = bs_buf_append(out, text, len);
  yajl_gen_free(g);
  return status;
}

/* "2024-09-01" -> "September 1, 2024"; the text itself when it is no such date. */
static void spoken_date(char *out, size_t cap, const char *iso) {
  static const char *const months[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
  int32_t day = strlen(iso) == 10 ? bs_norm_dob(iso, 2100) : 0; /* YYYY-MM-DD */
  if (day)
    snprintf(out, cap, "%s %d, %d", months[day / 100 % 100 - 1], (int)(day % 100),
             (int)(day / 10000));
  else
    snprintf(out, cap, "%s", iso);
}

static bs_status verified_script(bs_buf *out, const bs_directory *dir,
                                 const bs_caller_result *result, const char *elements) {
  bs_status status = bs_buf_printf(out,
                                   "Thank you, I have verified your identity. I can confirm that "
                                   "your information was involved in the incident. The "
                                   "information involved was: %s. ",
                                   elements);
  if (result->count > 1 && status == BS_OK)
    status = bs_buf_printf(out, "Our records list you %zu times, so you may receive %zu letters. ",
                           result->count, result->count);
  for (size_t i = 0; i < result->count && status == BS_OK; i++) {
    const bs_directory_person *p = bs_directory_get(dir, result->matches[i]);
    char date[48];
    if (p->mailed_on) {
      spoken_date(date, sizeof date, p->mailed_on);
      status = bs_buf_printf(out, "A letter was mailed to you on %s. ", date);
    } else {
      status = bs_buf_printf(out, "Your letter has not been mailed yet; it will go to the "
                                  "address we have on file. ");
    }
    if (status == BS_OK && p->code)
      status = bs_buf_printf(out,
                             "Your enrollment code for the free credit monitoring and identity "
                             "protection service is %s. Please write it down. ",
                             p->code);
    else if (status == BS_OK)
      status = bs_buf_printf(out, "Your enrollment code will be printed in your letter. ");
    if (status == BS_OK && p->minor)
      status = bs_buf_printf(out, "As the patient was a minor, the letter is addressed to the "
                                  "parent or guardian. ");
    if (status == BS_OK && p->deceased)
      status = bs_buf_printf(out, "Our records show the patient as deceased: the letter is "
                                  "addressed to the next of kin. ");
  }
  if (status == BS_OK) status = bs_buf_printf(out, "Is there anything else I can help you with?");
  return status;
}

bs_status bs_answer_lookup(bs_buf *body, bs_buf *shown, const bs_directory *dir,
                           const bs_caller_result *result) {
  yajl_gen g = yajl_gen_alloc(NULL), a = yajl_gen_alloc(NULL);
  if (!g || !a) {
    if (g) yajl_gen_free(g);
    if (a) yajl_gen_free(a);
    return BS_ENOMEM;
  }
  yajl_gen_map_open(g);
  yajl_gen_map_open(a);
  gen_string(g, "verified");
  yajl_gen_bool(g, result->count > 0);
  gen_string(a, "verified");
  yajl_gen_bool(a, result->count > 0);
  gen_pair(a, "by", result->method == BS_CALLER_BY_CODE ? "code" : "name");
  bs_buf script;
  bs_buf_init(&script, 1 << 14);
  bs_status status = BS_OK;
  if (result->count == 0) {
    status = bs_buf_append(&script, not_verified_script, sizeof not_verified_script - 1);
  } else {
    uint32_t types = 0;
    for (size_t i = 0; i < result->count; i++)
      types |= bs_directory_get(dir, result->matches[i])->elements;
    /* Distinct labels, in the element list's order. */
    const char *seen[BS_EL_COUNT];
    size_t n = 0;
    for (int t = 0; t < BS_EL_COUNT; t++) {
      if (!(types & (1u << t)) || !labels[t]) continue;
      size_t j = 0;
      while (j < n && strcmp(seen[j], labels[t]) != 0) j++;
      if (j == n) seen[n++] = labels[t];
    }
    char list[1024] = "";
    size_t len = 0;
    gen_string(g, "elements");
    yajl_gen_array_open(g);
    gen_string(a, "elements");
    yajl_gen_array_open(a);
    for (size_t i = 0; i < n; i++) {
      gen_string(g, seen[i]);
      gen_string(a, seen[i]);
      if (len < sizeof list)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", seen[i]);
    }
    yajl_gen_array_close(g);
    yajl_gen_array_close(a);
    gen_string(g, "records");
    yajl_gen_array_open(g);
    gen_string(a, "persons");
    yajl_gen_array_open(a);
    for (size_t i = 0; i < result->count; i++) {
      const bs_directory_person *p = bs_directory_get(dir, result->matches[i]);
      yajl_gen_map_open(g);
      gen_pair(g, "letter_mailed", p->mailed_on);
      gen_pair(g, "enrollment_code", p->code);
      gen_string(g, "minor");
      yajl_gen_bool(g, p->minor);
      yajl_gen_map_close(g);
      yajl_gen_map_open(a);
      gen_pair(a, "person_id", p->person_id);
      gen_pair(a, "letter_mailed", p->mailed_on);
      gen_string(a, "code_shown");
      yajl_gen_bool(a, p->code != NULL);
      yajl_gen_map_close(a);
    }
    yajl_gen_array_close(g);
    yajl_gen_array_close(a);
    status = verified_script(&script, dir, result, n ? list : "none that identify you");
  }
  if (status == BS_OK) gen_pair(g, "script", script.data);
  bs_buf_free(&script);
  yajl_gen_map_close(g);
  yajl_gen_map_close(a);
  bs_status s1 = take(body, g), s2 = take(shown, a);
  if (status != BS_OK) return status;
  return s1 != BS_OK ? s1 : s2;
}

/* The first character of a normalized name ("" for none) into out[2]. */
static void initial(char out[2], const char *name) {
  char norm[64];
  bs_norm_name(norm, sizeof norm, name);
  out[0] = (unsigned char)norm[0] < 0x80 ? norm[0] : '?';
  out[1] = '\0';
}

bs_status bs_answer_question(bs_buf *out, const bs_request *request) {
  yajl_gen g = yajl_gen_alloc(NULL);
  if (!g) return BS_ENOMEM;
  yajl_gen_map_open(g);
  char text[8];
  if (bs_request_has(request, BS_REQ_code)) {
    char code[40];
    size_t len = bs_norm_code(code, sizeof code, request->code) ? strlen(code) : 0;
    gen_pair(g, "code_ends", len > 2 ? code + len - 2 : "invalid");
  }
  if (bs_request_has(request, BS_REQ_first)) {
    initial(text, request->first);
    gen_pair(g, "first", text);
  }
  if (bs_request_has(request, BS_REQ_last)) {
    initial(text, request->last);
    gen_pair(g, "last", text);
  }
  if (bs_request_has(request, BS_REQ_dob)) {
    int32_t dob = bs_norm_dob(request->dob, bs_norm_this_year());
    snprintf(text, sizeof text, "%04d", dob ? (int)(dob / 10000) : 0);
    gen_pair(g, "birth_year", dob ? text : "invalid");
  }
  if (bs_request_has(request, BS_REQ_zip)) {
    char zip[6];
    gen_pair(g, "zip3", bs_norm_zip(zip, request->zip) ? (zip[3] = '\0', zip) : "invalid");
  }
  yajl_gen_map_close(g);
  return take(out, g);
}
