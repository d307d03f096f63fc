/* Letter template parsing, conditions and field expansion (see template.h). */
#include "letters/template.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

static const char *const field_names[] = {
#define BS_LETTER_FIELD_NAME(id, meaning) #id,
    BS_LETTER_FIELDS(BS_LETTER_FIELD_NAME)
#undef BS_LETTER_FIELD_NAME
};

const char *bs_template_field_name(bs_letter_field field) {
  return field >= 0 && field < BS_FIELD_COUNT ? field_names[field] : "?";
}

static int field_lookup(const char *name, size_t len) {
  for (int i = 0; i < BS_FIELD_COUNT; i++)
    if (strlen(field_names[i]) == len && !memcmp(field_names[i], name, len)) return i;
  return -1;
}

/* The parser's state: the template being built and the open paragraph. */
typedef struct parser {
  bs_template *tmpl;                    /* being built */
  bs_buf text;                          /* the open block's text */
  int open_kind;                        /* its kind, or -1 when none is open */
  int open_line;                        /* where it started */
  int stack[BS_TEMPLATE_MAX_DEPTH];     /* open %if guards, innermost last */
  int else_seen[BS_TEMPLATE_MAX_DEPTH]; /* 1 once the level had its %else */
  int depth;                            /* entries in stack */
  int line;                             /* current line number */
  char *error;                          /* message out */
  size_t error_cap;                     /* its size */
} parser;

static bs_status fail(parser *p, const char *what, int column) {
  if (column > 0)
    snprintf(p->error, p->error_cap, "line %d column %d: %s", p->line, column, what);
  else
    snprintf(p->error, p->error_cap, "line %d: %s", p->line, what);
  return BS_EFORMAT;
}

/* Checks the {fields} of a line (or, with line 0, a block's **bold** too). OUT: the
 * fields it uses. */
static bs_status check_text(parser *p, const char *text, int line, uint32_t *fields) {
  *fields = 0;
  int bold = 0;
  for (const char *c = text; *c; c++) {
    if (c[0] == '{' && c[1] == '{') {
      c++;
      continue;
    }
    if (c[0] == '}' && c[1] == '}') {
      c++;
      continue;
    }
    if (*c == '}') {
      return fail(p, "'}' without '{' (write '}}' for a brace)", 0);
    }
    if (c[0] == '*' && c[1] == '*') {
      bold = !bold;
      c++;
      continue;
    }
    if (*c != '{') continue;
    const char *end = strchr(c, '}');
    if (!end) return fail(p, "'{' without '}' (write '{{' for a brace)", 0);
    int field = field_lookup(c + 1, (size_t)(end - c - 1));
    if (field < 0) {
      char what[160];
      snprintf(what, sizeof what, "unknown field {%.*s}",
               (int)(end - c - 1 < 60 ? end - c - 1 : 60), c + 1);
      return fail(p, what, 0);
    }
    *fields |= 1u << field;
    c = end;
  }
  if (bold && line) {
    p->line = line;
    return fail(p, "'**' opened and not closed in the paragraph that starts here", 0);
  }
  return BS_OK;
}

static bs_status close_block(parser *p) {
  if (p->open_kind < 0) return BS_OK;
  bs_template *t = p->tmpl;
  int kind = p->open_kind;
  p->open_kind = -1;
  if (t->block_count >= BS_TEMPLATE_MAX_BLOCKS) return fail(p, "too many blocks", 0);
  uint32_t fields;
  bs_status status = check_text(p, p->text.data ? p->text.data : "", p->open_line, &fields);
  if (status != BS_OK) return status;
  bs_template_block *grown = bs_reallocarray(t->blocks, t->block_count + 1, sizeof *t->blocks);
  if (!grown) return BS_ENOMEM;
  t->blocks = grown;
  char *text = bs_strdup(p->text.data ? p->text.data : "");
  if (!text) return BS_ENOMEM;
  t->blocks[t->block_count++] = (bs_template_block){
      .kind = (bs_block_kind)kind,
      .guard = p->depth ? p->stack[p->depth - 1] : -1,
      .text = text,
      .line = p->open_line,
      .fields = fields,
  };
  bs_buf_reset(&p->text);
  return BS_OK;
}

static bs_status open_block(parser *p, int kind, const char *text, size_t len) {
  bs_status status = close_block(p);
  if (status != BS_OK) return status;
  p->open_kind = kind;
  p->open_line = p->line;
  return bs_buf_append(&p->text, text, len);
}

static const char *skip_spaces(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '\t')) s++;
  return s;
}

static size_t word_len(const char *s, const char *end) {
  size_t n = 0;
  while (s + n < end && s[n] != ' ' && s[n] != '\t') n++;
  return n;
}

static int word_is(const char *s, size_t len, const char *word) {
  return strlen(word) == len && !memcmp(s, word, len);
}

/* A comma-separated list of element names or state codes into the guard. */
static bs_status parse_list(parser *p, bs_template_guard *g, const char *s, const char *end) {
  int items = 0;
  while (s < end) {
    s = skip_spaces(s, end);
    const char *item = s;
    while (s < end && *s != ',' && *s != ' ' && *s != '\t') s++;
    size_t len = (size_t)(s - item);
    s = skip_spaces(s, end);
    if (s < end && *s != ',') return fail(p, "list items are separated by commas", 0);
    if (s < end) s++;
    if (!len) return fail(p, "empty item in a list", 0);
    if (g->kind == BS_COND_ELEMENT) {
      char name[32];
      snprintf(name, sizeof name, "%.*s", (int)(len < 31 ? len : 31), item);
      bs_element type = len < 31 ? bs_element_from_name(name) : BS_EL_NONE;
      if (type == BS_EL_NONE) return fail(p, "unknown element type in %if element", 0);
      g->elements |= 1u << type;
    } else {
      if (len != 2 || item[0] < 'A' || item[0] > 'Z' || item[1] < 'A' || item[1] > 'Z')
        return fail(p, "a state is two capital letters (USPS code)", 0);
      if (g->state_count >= BS_TEMPLATE_MAX_STATES) return fail(p, "too many states", 0);
      memcpy(g->states[g->state_count++], item, 2);
      bs_template *t = p->tmpl;
      int known = 0;
      for (int i = 0; i < t->state_count; i++) known |= !memcmp(t->states[i], item, 2);
      if (!known && t->state_count >= BS_TEMPLATE_MAX_STATES) return fail(p, "too many states", 0);
      if (!known) memcpy(t->states[t->state_count++], item, 2);
    }
    items++;
  }
  return items ? BS_OK : fail(p, "the condition needs a list", 0);
}

static bs_status add_guard(parser *p, const bs_template_guard *g) {
  bs_template *t = p->tmpl;
  bs_template_guard *grown = bs_reallocarray(t->guards, t->guard_count + 1, sizeof *t->guards);
  if (!grown) return BS_ENOMEM;
  t->guards = grown;
  t->guards[t->guard_count] = *g;
  p->stack[p->depth - 1] = (int)t->guard_count++;
  return BS_OK;
}

static bs_status directive_if(parser *p, const char *s, const char *end) {
  if (p->depth >= BS_TEMPLATE_MAX_DEPTH) return fail(p, "%if nested too deep", 0);
  bs_template_guard g;
  memset(&g, 0, sizeof g);
  g.parent = p->depth ? p->stack[p->depth - 1] : -1;
  s = skip_spaces(s, end);
  size_t len = word_len(s, end);
  if (word_is(s, len, "not")) {
    g.negate = 1;
    s = skip_spaces(s + len, end);
    len = word_len(s, end);
  }
  static const struct {
    const char *word;
    bs_condition_kind kind;
    int takes_list;
  } conditions[] = {
      {"element", BS_COND_ELEMENT, 1}, {"state", BS_COND_STATE, 1},
      {"minor", BS_COND_MINOR, 0},     {"deceased", BS_COND_DECEASED, 0},
      {"adult", BS_COND_ADULT, 0},     {"monitoring", BS_COND_MONITORING, 0},
      {"window", BS_COND_WINDOW, 0},
  };
  size_t i = 0;
  while (i < sizeof conditions / sizeof conditions[0] && !word_is(s, len, conditions[i].word)) i++;
  if (i == sizeof conditions / sizeof conditions[0])
    return fail(p, "unknown condition (element, state, minor, deceased, adult, monitoring, window)",
                0);
  g.kind = conditions[i].kind;
  s = skip_spaces(s + len, end);
  if (conditions[i].takes_list) {
    bs_status status = parse_list(p, &g, s, end);
    if (status != BS_OK) return status;
  } else if (s != end) {
    return fail(p, "this condition takes no list", 0);
  }
  p->else_seen[p->depth] = 0;
  p->depth++;
  return add_guard(p, &g);
}

static bs_status directive_label(parser *p, const char *s, const char *end) {
  s = skip_spaces(s, end);
  size_t len = word_len(s, end);
  char name[32];
  snprintf(name, sizeof name, "%.*s", (int)(len < 31 ? len : 31), s);
  bs_element type = len < 31 ? bs_element_from_name(name) : BS_EL_NONE;
  if (type == BS_EL_NONE) return fail(p, "unknown element type in %label", 0);
  const char *words = skip_spaces(s + len, end);
  if (words == end) return fail(p, "%label needs the words for the type", 0);
  if (memchr(words, '{', (size_t)(end - words)) || memchr(words, '}', (size_t)(end - words)))
    return fail(p, "a label holds no fields", 0);
  bs_free(p->tmpl->labels[type]);
  p->tmpl->labels[type] = bs_strndup(words, (size_t)(end - words));
  return p->tmpl->labels[type] ? BS_OK : BS_ENOMEM;
}

static bs_status directive(parser *p, const char *s, const char *end) {
  bs_status status = close_block(p);
  if (status != BS_OK) return status;
  size_t len = word_len(s, end);
  const char *rest = s + len;
  if (word_is(s, len, "if")) return directive_if(p, rest, end);
  if (word_is(s, len, "label")) return directive_label(p, rest, end);
  if (skip_spaces(rest, end) != end) return fail(p, "unexpected words after the directive", 0);
  if (word_is(s, len, "else")) {
    if (!p->depth) return fail(p, "%else without %if", 0);
    if (p->else_seen[p->depth - 1]) return fail(p, "a second %else for one %if", 0);
    p->else_seen[p->depth - 1] = 1;
    bs_template_guard g = p->tmpl->guards[p->stack[p->depth - 1]];
    g.negate = !g.negate;
    return add_guard(p, &g);
  }
  if (word_is(s, len, "end")) {
    if (!p->depth) return fail(p, "%end without %if", 0);
    p->depth--;
    return BS_OK;
  }
  return fail(p, "unknown directive (%if, %else, %end, %label, %% for a comment)", 0);
}

/* A title or heading: one line, a block of its own. */
static bs_status heading(parser *p, int kind, const char *s, const char *end) {
  s = skip_spaces(s, end);
  bs_status status = open_block(p, kind, s, (size_t)(end - s));
  return status == BS_OK ? close_block(p) : status;
}

static bs_status parse_line(parser *p, const char *s, size_t len) {
  const char *end = s + len;
  if (len >= 2 && s[0] == '%' && s[1] == '%') return BS_OK;
  if (len >= 1 && s[0] == '%') return directive(p, s + 1, end);
  char line[BS_TEMPLATE_MAX_LINE + 1];
  memcpy(line, s, len);
  line[len] = '\0';
  uint32_t fields;
  bs_status checked = check_text(p, line, 0, &fields);
  if (checked != BS_OK) return checked;
  const char *text = skip_spaces(s, end);
  if (text == end) return close_block(p);
  if (len >= 3 && !memcmp(s, "## ", 3)) return heading(p, BS_BLOCK_HEADING, s + 3, end);
  if (len >= 2 && !memcmp(s, "# ", 2)) return heading(p, BS_BLOCK_TITLE, s + 2, end);
  if (s[0] == '#') return fail(p, "a title is '# ' and a heading '## ', then the words", 1);
  if (len >= 2 && !memcmp(s, "- ", 2))
    return open_block(p, BS_BLOCK_BULLET, skip_spaces(s + 2, end),
                      (size_t)(end - skip_spaces(s + 2, end)));
  if (p->open_kind < 0) return open_block(p, BS_BLOCK_PARAGRAPH, text, (size_t)(end - text));
  bs_status status = bs_buf_append_char(&p->text, ' ');
  return status == BS_OK ? bs_buf_append(&p->text, text, (size_t)(end - text)) : status;
}

bs_status bs_template_parse(bs_template **out, const char *text, size_t len, char *error,
                            size_t error_cap) {
  *out = NULL;
  if (error_cap) error[0] = '\0';
  parser p = {.open_kind = -1, .error = error, .error_cap = error_cap};
  if (len > BS_TEMPLATE_MAX_BYTES) return fail(&p, "the template is larger than 1 MiB", 0);
  p.tmpl = bs_calloc(1, sizeof *p.tmpl);
  if (!p.tmpl) return BS_ENOMEM;
  bs_buf_init(&p.text, BS_TEMPLATE_MAX_BYTES);
  bs_status status = BS_OK;
  const char *end = text + len;
  for (const char *s = text; status == BS_OK && s < end;) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t line_len = nl ? (size_t)(nl - s) : (size_t)(end - s);
    p.line++;
    size_t content = line_len;
    if (content && s[content - 1] == '\r') content--;
    const char *bad = NULL;
    if (content > BS_TEMPLATE_MAX_LINE)
      status = fail(&p, "line longer than 4096 bytes", 0);
    else if (!g_utf8_validate(s, (gssize)content, &bad))
      status = fail(&p, "invalid UTF-8", (int)(bad - s) + 1);
    for (size_t i = 0; status == BS_OK && i < content; i++)
      if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
        status = fail(&p, "control character", (int)i + 1);
    if (status == BS_OK) status = parse_line(&p, s, content);
    s += line_len + (nl != NULL);
  }
  if (status == BS_OK) status = close_block(&p);
  if (status == BS_OK && p.depth) status = fail(&p, "%if not closed by %end at the end", 0);
  if (status == BS_OK && !p.tmpl->block_count) status = fail(&p, "the template has no text", 0);
  bs_buf_free(&p.text);
  if (status != BS_OK) {
    if (status == BS_ENOMEM && error_cap) snprintf(error, error_cap, "out of memory");
    bs_template_free(p.tmpl);
    return status;
  }
  *out = p.tmpl;
  return BS_OK;
}

/* data/templates/notice.tmpl, linked in by src/base/embedded.S. */
extern const char bs_data_notice_template[];
extern const char bs_data_notice_template_end[];

bs_status bs_template_default(bs_template **out, char *error, size_t error_cap) {
  return bs_template_parse(out, bs_data_notice_template,
                           (size_t)(bs_data_notice_template_end - bs_data_notice_template), error,
                           error_cap);
}

void bs_template_free(bs_template *tmpl) {
  if (!tmpl) return;
  for (size_t i = 0; i < tmpl->block_count; i++) bs_free(tmpl->blocks[i].text);
  for (int i = 0; i < BS_EL_COUNT; i++) bs_free(tmpl->labels[i]);
  bs_free(tmpl->blocks);
  bs_free(tmpl->guards);
  bs_free(tmpl);
}

static int guard_holds(const bs_template_guard *g, const bs_letter_facts *f) {
  int holds = 0;
  switch (g->kind) {
  case BS_COND_ELEMENT: holds = (g->elements & f->elements) != 0; break;
  case BS_COND_STATE:
    for (int i = 0; i < g->state_count; i++) holds |= !strcmp(g->states[i], f->state);
    break;
  case BS_COND_MINOR: holds = f->minor && !f->deceased; break;
  case BS_COND_DECEASED: holds = f->deceased; break;
  case BS_COND_ADULT: holds = !f->minor && !f->deceased; break;
  case BS_COND_MONITORING: holds = f->monitoring; break;
  case BS_COND_WINDOW: holds = f->window; break;
  }
  return g->negate ? !holds : holds;
}

int bs_template_block_applies(const bs_template *tmpl, const bs_template_block *block,
                              const bs_letter_facts *facts) {
  for (int g = block->guard; g >= 0; g = tmpl->guards[g].parent)
    if (!guard_holds(&tmpl->guards[g], facts)) return 0;
  return 1;
}

void bs_template_variant(const bs_template *tmpl, const bs_letter_facts *facts, char *out,
                         size_t cap) {
  const char *state = "general";
  for (int i = 0; i < tmpl->state_count; i++)
    if (!strcmp(tmpl->states[i], facts->state)) state = facts->state;
  snprintf(out, cap, "%s-%s-%s",
           facts->deceased ? "deceased"
           : facts->minor  ? "minor"
                           : "adult",
           state, facts->monitoring ? "monitoring" : "basic");
}

/* Pango markup: the five characters it reserves. */
static bs_status append_escaped(bs_buf *out, const char *s, size_t len) {
  bs_status status = BS_OK;
  for (size_t i = 0; status == BS_OK && i < len; i++) {
    switch (s[i]) {
    case '&': status = bs_buf_append(out, "&amp;", 5); break;
    case '<': status = bs_buf_append(out, "&lt;", 4); break;
    case '>': status = bs_buf_append(out, "&gt;", 4); break;
    case '\'': status = bs_buf_append(out, "&apos;", 6); break;
    case '"': status = bs_buf_append(out, "&quot;", 6); break;
    default: status = bs_buf_append_char(out, s[i]);
    }
  }
  return status;
}

bs_status bs_template_expand(bs_buf *out, const char *text, const char *const *values) {
  bs_status status = BS_OK;
  int bold = 0;
  for (const char *c = text; status == BS_OK && *c; c++) {
    if ((c[0] == '{' && c[1] == '{') || (c[0] == '}' && c[1] == '}')) {
      status = bs_buf_append_char(out, *c++);
    } else if (c[0] == '*' && c[1] == '*') {
      status = bs_buf_append(out, bold ? "</b>" : "<b>", bold ? 4 : 3);
      bold = !bold;
      c++;
    } else if (*c == '{') {
      const char *end = strchr(c, '}');
      int field = end ? field_lookup(c + 1, (size_t)(end - c - 1)) : -1;
      if (field < 0) return BS_EFORMAT; /* parse_line vetted the text: not reached */
      const char *value = values[field] ? values[field] : "";
      status = append_escaped(out, value, strlen(value));
      c = end;
    } else {
      status = append_escaped(out, c, 1);
    }
  }
  if (status == BS_OK && bold) status = bs_buf_append(out, "</b>", 4);
  return status;
}
