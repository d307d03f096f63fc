/* HL7 CDA R2 documents (C-CDA R2.1 CCD, discharge summaries, referral notes...), read
 * with expat through xmlstream.
 *
 * Units. From recordTarget/patientRole (the patient): id ("recordTarget.id[ssn]" for
 * the SSA root 2.16.840.1.113883.4.1, "[mbi]" for CMS's 2.16.840.1.113883.4.927,
 * "[mrn]" for any other assigning authority), addr parts ("recordTarget.addr.city"),
 * telecom ("recordTarget.telecom[phone]", "[email]", the tel: or mailto: scheme left
 * out), name parts ("recordTarget.name.family") and birthTime
 * ("recordTarget.birthTime"); a guardian's or birthplace's data are left to the text
 * detectors. From the body: each coded element of a known code system, by its OID
 * ("observation.value[icd-10-cm]", "procedure.code[cpt]", "[icd-9-cm]", "[icd-10-pcs]",
 * "[hcpcs]", "[snomed]"); effectiveTime of entries ("effectiveTime.low"); ids in the
 * NPI's namespace anywhere, header or body ("assignedAuthor.id[npi]"); each
 * section's narrative block (section/text) as one unit without a hint. Types:
 * src/detect/hints.c.
 *
 * Records (unit row): each recordTarget is one, and the body belongs to the last one.
 * place is "recordTarget" or "section 3"; line, the line where the element ends. A
 * malformed document is read up to the fault, which is reported. */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "extract/fieldhint.h"
#include "extract/format.h"
#include "extract/xmlstream.h"

#define MAX_NAME       32
#define MAX_TEXT_BYTES ((size_t)16 << 20) /* of one narrative unit; more makes another */

typedef struct cda_reader {
  const bs_unit_sink *sink;                     /* where units go */
  bs_xml_stream xml;                            /* the parser */
  bs_strmap *hints;                             /* interned hints */
  char names[BS_LIMIT_XML_DEPTH + 2][MAX_NAME]; /* open elements' local names */
  unsigned depth;                               /* open elements */
  unsigned target_depth;                        /* depth of recordTarget, 0 outside */
  unsigned capture_depth;                       /* element whose text is gathered */
  unsigned narrative_depth;                     /* section/text, 0 outside */
  uint64_t records;                             /* recordTargets seen */
  uint64_t sections;                            /* sections seen */
  bs_buf value;                                 /* gathered text */
  char place[32];                               /* of the units now */
  bs_status status;                             /* first error */
} cda_reader;

static int inside(const cda_reader *r, const char *name) {
  for (unsigned i = 1; i <= r->depth && i < BS_LIMIT_XML_DEPTH + 2; i++)
    if (!strcmp(r->names[i], name)) return 1;
  return 0;
}

static void emit(cda_reader *r, const char *text, size_t len, const char *hint) {
  if (r->status != BS_OK) return;
  while (len && (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')) text++, len--;
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r' ||
                 text[len - 1] == '\t'))
    len--;
  if (len == 0) return;
  bs_unit unit = {.text = text,
                  .len = len,
                  .line = bs_xml_line(&r->xml),
                  .row = r->records ? r->records : 1,
                  .record = r->records ? r->records : 1,
                  .place = r->place,
                  .hint_type = BS_EL_NONE};
  if (unit.line == 0) unit.line = 1;
  if (hint) {
    r->status = bs_field_hint(&unit.hint, &unit.hint_type, r->hints, hint, strlen(hint));
    if (r->status != BS_OK) return;
  }
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

static const char *code_system_kind(const char *oid) {
  static const char *const systems[][2] = {
      {"2.16.840.1.113883.6.90", "icd-10-cm"}, {"2.16.840.1.113883.6.103", "icd-9-cm"},
      {"2.16.840.1.113883.6.4", "icd-10-pcs"}, {"2.16.840.1.113883.6.12", "cpt"},
      {"2.16.840.1.113883.6.285", "hcpcs"},    {"2.16.840.1.113883.6.14", "hcpcs"},
      {"2.16.840.1.113883.6.96", "snomed"},
  };
  for (size_t i = 0; oid && i < sizeof systems / sizeof systems[0]; i++)
    if (!strcmp(oid, systems[i][0])) return systems[i][1];
  return NULL;
}

/* Elements of the patient whose text is a field of its own. */
static int patient_part(const char *name) {
  static const char *const parts[] = {
      "given", "family", "prefix",     "suffix", "streetAddressLine",
      "city",  "state",  "postalCode", "country"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strcmp(name, parts[i])) return 1;
  return 0;
}

static void on_start(void *ctx, const char *name, const char **attrs) {
  cda_reader *r = ctx;
  r->depth++;
  unsigned d = r->depth < BS_LIMIT_XML_DEPTH + 1 ? r->depth : BS_LIMIT_XML_DEPTH + 1;
  snprintf(r->names[d], MAX_NAME, "%s", name);
  if (r->status != BS_OK) return;
  const char *parent = d > 1 ? r->names[d - 1] : "";
  char hint[96];
  if (r->narrative_depth) {
    /* Cells, paragraphs and list items apart in the narrative text. */
    if (r->value.len && r->value.data[r->value.len - 1] != '\n')
      r->status = bs_buf_append_char(&r->value, '\n');
    return;
  }
  if (!strcmp(name, "recordTarget")) {
    r->target_depth = r->depth;
    r->records++;
    if (r->records == 1)
      snprintf(r->place, sizeof r->place, "recordTarget");
    else
      snprintf(r->place, sizeof r->place, "recordTarget %llu", (unsigned long long)r->records);
    return;
  }
  if (r->target_depth) {
    if (inside(r, "guardian") || inside(r, "birthplace") || inside(r, "providerOrganization"))
      return;
    const char *value = bs_xml_attr(attrs, "value");
    if (!strcmp(name, "id") && !strcmp(parent, "patientRole")) {
      const char *root = bs_xml_attr(attrs, "root");
      const char *extension = bs_xml_attr(attrs, "extension");
      const char *kind = root && !strcmp(root, "2.16.840.1.113883.4.1")     ? "ssn"
                         : root && !strcmp(root, "2.16.840.1.113883.4.927") ? "mbi"
                                                                            : "mrn";
      snprintf(hint, sizeof hint, "recordTarget.id[%s]", kind);
      if (extension) emit(r, extension, strlen(extension), hint);
    } else if (!strcmp(name, "telecom") && value) {
      const char *kind = !strncmp(value, "mailto:", 7) ? "email"
                         : !strncmp(value, "fax:", 4)  ? "fax"
                                                       : "phone";
      const char *colon = strchr(value, ':');
      const char *number = colon && colon - value <= 6 ? colon + 1 : value;
      snprintf(hint, sizeof hint, "recordTarget.telecom[%s]", kind);
      emit(r, number, strlen(number), hint);
    } else if (!strcmp(name, "birthTime") && value) {
      emit(r, value, strlen(value), "recordTarget.birthTime");
    } else if (patient_part(name) && !r->capture_depth) {
      r->capture_depth = r->depth;
      bs_buf_reset(&r->value);
    }
    return;
  }
  if (!strcmp(name, "section")) {
    r->sections++;
    snprintf(r->place, sizeof r->place, "section %llu", (unsigned long long)r->sections);
    return;
  }
  if (!strcmp(name, "text") && !strcmp(parent, "section")) {
    r->narrative_depth = r->depth;
    bs_buf_reset(&r->value);
    return;
  }
  /* An id in the NPI's namespace (CMS, 2.16.840.1.113883.4.6): the author, performer,
   * legal authenticator... a provider identifier, header or body. */
  if (!strcmp(name, "id")) {
    const char *root = bs_xml_attr(attrs, "root");
    const char *extension = bs_xml_attr(attrs, "extension");
    if (root && extension && !strcmp(root, "2.16.840.1.113883.4.6")) {
      snprintf(hint, sizeof hint, "%.31s.id[npi]", parent);
      emit(r, extension, strlen(extension), hint);
      return;
    }
  }
  if (!r->sections) return; /* the header's organizations and dates */
  const char *code = bs_xml_attr(attrs, "code");
  const char *kind = code_system_kind(bs_xml_attr(attrs, "codeSystem"));
  if (code && kind) {
    snprintf(hint, sizeof hint, "%.31s.%.31s[%s]", parent, name, kind);
    emit(r, code, strlen(code), hint);
  }
  const char *value = bs_xml_attr(attrs, "value");
  if (value && inside(r, "entry") &&
      (!strcmp(name, "effectiveTime") || !strcmp(parent, "effectiveTime"))) {
    if (!strcmp(name, "effectiveTime"))
      snprintf(hint, sizeof hint, "effectiveTime");
    else
      snprintf(hint, sizeof hint, "effectiveTime.%.31s", name);
    emit(r, value, strlen(value), hint);
  }
}

static void on_end(void *ctx, const char *name) {
  cda_reader *r = ctx;
  (void)name;
  if (r->status == BS_OK && r->capture_depth == r->depth) {
    unsigned d = r->depth < BS_LIMIT_XML_DEPTH + 1 ? r->depth : BS_LIMIT_XML_DEPTH + 1;
    char hint[96];
    snprintf(hint, sizeof hint, "recordTarget.%.31s.%.31s", d > 1 ? r->names[d - 1] : "",
             r->names[d]);
    emit(r, r->value.data ? r->value.data : "", r->value.len, hint);
    r->capture_depth = 0;
  }
  if (r->status == BS_OK && r->narrative_depth == r->depth) {
    emit(r, r->value.data ? r->value.data : "", r->value.len, NULL);
    r->narrative_depth = 0;
  }
  if (r->target_depth == r->depth) {
    r->target_depth = 0;
    if (!r->sections) snprintf(r->place, sizeof r->place, "header"); /* authors after it */
  }
  if (r->depth) r->depth--;
}

static void on_text(void *ctx, const char *text, size_t len) {
  cda_reader *r = ctx;
  if (r->status != BS_OK || (!r->capture_depth && !r->narrative_depth)) return;
  bs_status status = bs_buf_append(&r->value, text, len);
  if (status == BS_ELIMIT && r->narrative_depth) {
    /* A narrative too long for one unit: sent in parts. */
    emit(r, r->value.data ? r->value.data : "", r->value.len, NULL);
    bs_buf_reset(&r->value);
    status = bs_buf_append(&r->value, text, len < MAX_TEXT_BYTES ? len : MAX_TEXT_BYTES);
  }
  if (status == BS_ELIMIT) status = BS_OK; /* a name part that long is no name */
  if (status != BS_OK) r->status = status;
}

static const bs_xml_handlers handlers = {on_start, on_end, on_text};

bs_status bs_extract_cda(const char *text, size_t len, const bs_unit_sink *sink) {
  cda_reader *r = bs_calloc(1, sizeof *r);
  if (!r) return BS_ENOMEM;
  r->sink = sink;
  snprintf(r->place, sizeof r->place, "header");
  bs_buf_init(&r->value, MAX_TEXT_BYTES);
  bs_status status = bs_strmap_create(&r->hints);
  if (status == BS_OK) status = bs_xml_begin(&r->xml, &handlers, r);
  if (status == BS_OK) {
    status = bs_xml_feed(&r->xml, text, len, 1);
    if (r->status != BS_OK) {
      status = r->status;
    } else if (status == BS_EFORMAT || status == BS_ELIMIT) {
      if (sink->diagnostic) {
        char place[48];
        snprintf(place, sizeof place, "line %lu", bs_xml_line(&r->xml));
        sink->diagnostic(place,
                         status == BS_ELIMIT ? "XML nested too deep: the rest not read"
                                             : "malformed XML: the rest of the document not read",
                         sink->ctx);
      }
      status = BS_OK;
    }
    bs_xml_end(&r->xml);
  }
  bs_strmap_free(r->hints);
  bs_buf_free(&r->value);
  bs_free(r);
  return status;
}
