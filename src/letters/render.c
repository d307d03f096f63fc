/* Letter layout and PDF output (see render.h).
 *
 * A letter is laid out in two passes: every block that applies to the person becomes
 * a Pango layout (shaped once; blocks whose text is the same for many people are
 * cached), its lines are placed on pages (a heading stays with the two first lines of
 * what follows it; a paragraph breaks between pages only when two lines or more go to
 * each side), and only then drawn, so that the footer can say "Page 1 of 2". */
#include "letters/render.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "letters/words.h"

#define BODY_X         64.8 /* 0.9 in margins left and right */
#define BODY_WIDTH     482.4
#define FIRST_BODY_TOP 234.0 /* 3.25 in: below the address window and its shifts */
#define BODY_TOP       58.0
#define BODY_BOTTOM    738.0 /* 0.75 in from the bottom; the footer sits below */
#define BULLET_INDENT  18.0
#define MAX_BLOCKS     BS_TEMPLATE_MAX_BLOCKS
#define MAX_PLACEMENTS 4096 /* line runs placed in one letter */
#define MAX_PAGES      64   /* a letter longer than this is refused */
/* Fields whose value differs from person to person. */
#define PERSONAL_FIELDS                                                                            \
  (1u << BS_FIELD_name | 1u << BS_FIELD_addressee | 1u << BS_FIELD_elements | 1u << BS_FIELD_code)

/* Type: serif body at 10.5 pt (California asks for 10 pt at least), sans headings, and
 * the address in sans capitals as USPS Pub 28 prefers. */
#define FONT_BODY    "Liberation Serif 10.5"
#define FONT_HEADING "Liberation Sans Bold 11"
#define FONT_TITLE   "Liberation Sans Bold 15"
#define FONT_ADDRESS "Liberation Sans 10"
#define FONT_RETURN  "Liberation Sans 8.5"
#define FONT_SMALL   "Liberation Sans 8"

typedef struct placed {
  int item;       /* index into the letter's items */
  int first_line; /* lines first_line..last_line of its layout */
  int last_line;
  int page; /* from 0 */
  double y; /* top of the first line on the page */
} placed;

typedef struct item {
  PangoLayout *layout; /* borrowed from the cache */
  bs_block_kind kind;  /* how it is set */
  int lines;           /* lines in the layout */
} item;

struct bs_renderer {
  const bs_template *tmpl;            /* shared, read-only */
  const bs_letter_settings *settings; /* shared, read-only */
  PangoFontMap *font_map;             /* this thread's own */
  PangoContext *context;              /* for layouts */
  PangoFontDescription *fonts[4];     /* by bs_block_kind */
  PangoFontDescription *address_font, *return_font, *return_bold_font, *small_font;
  GHashTable *cache;              /* style + markup -> PangoLayout, for text that is
                                     the same in many letters (bounded by the blocks
                                     of the template and its few variants) */
  PangoLayout *owned[MAX_BLOCKS]; /* layouts of the letter's personal text */
  int owned_count;                /* entries */
  FILE *file;                     /* the batch being written */
  cairo_surface_t *surface;       /* its PDF surface */
  cairo_t *cr;                    /* drawing on it */
  int pages;                      /* pages written to the batch */
  int write_failed;               /* 1 once a write failed */
  int proof;                      /* 1: mark first pages as proofs */
  bs_buf markup;                  /* scratch */
  item items[MAX_BLOCKS];         /* the letter being laid out */
  placed places[MAX_PLACEMENTS];
  char dates[4][64];  /* discovered, window_from, window_to, enroll_by */
  char mail_date[64]; /* written out */
  char months[16];    /* monitoring months */
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length) {
  bs_renderer *r = closure;
  if (fwrite(data, 1, length, r->file) != length) {
    r->write_failed = 1;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

bs_status bs_renderer_create(bs_renderer **out, const bs_template *tmpl,
                             const bs_letter_settings *settings) {
  *out = NULL;
  bs_renderer *r = bs_calloc(1, sizeof *r);
  if (!r) return BS_ENOMEM;
  r->tmpl = tmpl;
  r->settings = settings;
  /* Each thread its own font map: Pango's objects are not shared between threads. */
  r->font_map = pango_cairo_font_map_new();
  r->context = r->font_map ? pango_font_map_create_context(r->font_map) : NULL;
  if (!r->context) {
    bs_renderer_free(r);
    return BS_ENOMEM;
  }
  /* Glyph positions in PDF points, not rounded to a screen's pixels. */
  cairo_font_options_t *options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(r->context, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(r->context, FALSE);
  r->fonts[BS_BLOCK_TITLE] = pango_font_description_from_string(FONT_TITLE);
  r->fonts[BS_BLOCK_HEADING] = pango_font_description_from_string(FONT_HEADING);
  r->fonts[BS_BLOCK_PARAGRAPH] = pango_font_description_from_string(FONT_BODY);
  r->fonts[BS_BLOCK_BULLET] = pango_font_description_from_string(FONT_BODY);
  r->address_font = pango_font_description_from_string(FONT_ADDRESS);
  r->return_font = pango_font_description_from_string(FONT_RETURN);
  r->return_bold_font = pango_font_description_copy(r->return_font);
  pango_font_description_set_weight(r->return_bold_font, PANGO_WEIGHT_BOLD);
  r->small_font = pango_font_description_from_string(FONT_SMALL);
  r->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
  bs_buf_init(&r->markup, BS_TEMPLATE_MAX_BYTES);
  bs_words_date(r->dates[0], sizeof r->dates[0], settings->discovered);
  bs_words_date(r->dates[1], sizeof r->dates[1], settings->window_from);
  bs_words_date(r->dates[2], sizeof r->dates[2], settings->window_to);
  bs_words_date(r->dates[3], sizeof r->dates[3], settings->enroll_by);
  bs_words_date(r->mail_date, sizeof r->mail_date, settings->mail_date);
  snprintf(r->months, sizeof r->months, "%d", settings->monitoring_months);
  *out = r;
  return BS_OK;
}

static void drop_owned(bs_renderer *r) {
  for (int i = 0; i < r->owned_count; i++) g_object_unref(r->owned[i]);
  r->owned_count = 0;
}

static void close_surface(bs_renderer *r) {
  if (r->cr) cairo_destroy(r->cr);
  if (r->surface) {
    cairo_surface_finish(r->surface);
    if (cairo_surface_status(r->surface) != CAIRO_STATUS_SUCCESS) r->write_failed = 1;
    cairo_surface_destroy(r->surface);
  }
  r->cr = NULL;
  r->surface = NULL;
}

void bs_renderer_free(bs_renderer *r) {
  if (!r) return;
  close_surface(r);
  drop_owned(r);
  if (r->file) fclose(r->file);
  if (r->cache) g_hash_table_destroy(r->cache);
  for (int i = 0; i < 4; i++)
    if (r->fonts[i]) pango_font_description_free(r->fonts[i]);
  if (r->address_font) pango_font_description_free(r->address_font);
  if (r->return_font) pango_font_description_free(r->return_font);
  if (r->return_bold_font) pango_font_description_free(r->return_bold_font);
  if (r->small_font) pango_font_description_free(r->small_font);
  if (r->context) g_object_unref(r->context);
  if (r->font_map) g_object_unref(r->font_map);
  bs_buf_free(&r->markup);
  bs_free(r);
}

void bs_renderer_mark_proof(bs_renderer *r) { r->proof = 1; }

bs_status bs_renderer_begin(bs_renderer *r, const char *path) {
  if (r->file) return BS_EINVAL;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return BS_EIO;
  if (fchmod(fd, 0600) != 0 || !(r->file = fdopen(fd, "w"))) {
    close(fd);
    return BS_EIO;
  }
  r->pages = 0;
  r->write_failed = 0;
  r->surface = cairo_pdf_surface_create_for_stream(write_stream, r, BS_PAGE_WIDTH, BS_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata(r->surface, CAIRO_PDF_METADATA_CREATOR, "breachscope letters");
  r->cr = cairo_create(r->surface);
  if (cairo_status(r->cr) != CAIRO_STATUS_SUCCESS) {
    close_surface(r);
    fclose(r->file);
    r->file = NULL;
    return BS_EIO;
  }
  return BS_OK;
}

bs_status bs_renderer_end(bs_renderer *r) {
  if (!r->file) return BS_EINVAL;
  close_surface(r);
  if (fclose(r->file) != 0) r->write_failed = 1;
  r->file = NULL;
  return r->write_failed ? BS_EIO : BS_OK;
}

static PangoLayout *new_layout(bs_renderer *r, bs_block_kind kind, const char *markup) {
  PangoLayout *layout = pango_layout_new(r->context);
  pango_layout_set_font_description(layout, r->fonts[kind]);
  double width = kind == BS_BLOCK_BULLET ? BODY_WIDTH - BULLET_INDENT : BODY_WIDTH;
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup(layout, markup, -1);
  return layout;
}

/* A layout for markup in a block's style. Text that is the same for many people is
 * shaped once and kept; personal text is shaped for this letter and dropped after it. */
static PangoLayout *layout_for(bs_renderer *r, bs_block_kind kind, const char *markup,
                               int personal) {
  if (personal) {
    PangoLayout *layout = new_layout(r, kind, markup);
    r->owned[r->owned_count++] = layout;
    return layout;
  }
  size_t len = strlen(markup);
  char *key = g_malloc(len + 2);
  key[0] = (char)('0' + kind);
  memcpy(key + 1, markup, len + 1);
  PangoLayout *layout = g_hash_table_lookup(r->cache, key);
  if (layout) {
    g_free(key);
    return layout;
  }
  layout = new_layout(r, kind, markup);
  g_hash_table_insert(r->cache, key, layout);
  return layout;
}

static double space_before(bs_block_kind kind) { return kind == BS_BLOCK_HEADING ? 6.0 : 0.0; }

static double space_after(bs_block_kind kind) {
  return kind == BS_BLOCK_TITLE     ? 8.0
         : kind == BS_BLOCK_HEADING ? 2.0
         : kind == BS_BLOCK_BULLET  ? 1.0
                                    : 6.0;
}

/* Height of lines first..last of a layout, in points. */
static double lines_height(PangoLayout *layout, int first, int last) {
  PangoLayoutIter *iter = pango_layout_get_iter(layout);
  int top = 0, bottom = 0, index = 0;
  do {
    int y0, y1;
    pango_layout_iter_get_line_yrange(iter, &y0, &y1);
    if (index == first) top = y0;
    if (index == last) bottom = y1;
  } while (index++ < last && pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return (double)(bottom - top) / PANGO_SCALE;
}

static double page_top(int page) { return page == 0 ? FIRST_BODY_TOP : BODY_TOP; }

/* Places the items' lines on pages. Returns the number of placements, or -1 if the
 * letter needs more than MAX_PAGES pages. */
static int paginate(bs_renderer *r, int items, int *pages) {
  int n = 0, page = 0;
  double y = page_top(0);
  for (int i = 0; i < items; i++) {
    const item *it = &r->items[i];
    if (y > page_top(page)) y += space_before(it->kind);
    if (y > page_top(page) && i > 0 && r->items[i - 1].kind == BS_BLOCK_BULLET &&
        it->kind != BS_BLOCK_BULLET)
      y += space_after(BS_BLOCK_PARAGRAPH) - space_after(BS_BLOCK_BULLET); /* after a list */
    double whole = lines_height(it->layout, 0, it->lines - 1);
    double need = whole;
    /* A title or heading keeps the two first lines of the next block with it. */
    if ((it->kind == BS_BLOCK_HEADING || it->kind == BS_BLOCK_TITLE) && i + 1 < items) {
      const item *next = &r->items[i + 1];
      need += space_after(it->kind) + space_before(next->kind) +
              lines_height(next->layout, 0, next->lines > 1 ? 1 : 0);
    }
    int first = 0;
    while (first < it->lines) {
      double room = BODY_BOTTOM - y;
      int last = it->lines - 1;
      double height = first == 0 ? need : lines_height(it->layout, first, last);
      if (height > room) {
        /* How many lines fit; two at least on each side of a break, or none here. */
        int fit = first - 1;
        while (fit + 1 <= last && lines_height(it->layout, first, fit + 1) <= room) fit++;
        int here = fit - first + 1, there = last - fit;
        if (there == 1 && here > 2) { /* no widow: one more line goes over */
          fit--;
          here--;
        }
        if (it->kind == BS_BLOCK_HEADING || it->kind == BS_BLOCK_TITLE || here < 2) {
          if (y > page_top(page)) { /* no orphan: start afresh on the next page */
            if (++page >= MAX_PAGES) return -1;
            y = page_top(page);
            continue;
          }
          fit = first + (here > 0 ? here : 1) - 1; /* taller than a page: cut it */
        }
        last = fit;
      }
      if (n >= MAX_PLACEMENTS) return -1;
      r->places[n++] = (placed){i, first, last, page, y};
      y += lines_height(it->layout, first, last);
      first = last + 1;
      if (first < it->lines) {
        if (++page >= MAX_PAGES) return -1;
        y = page_top(page);
      }
    }
    y += space_after(it->kind);
  }
  *pages = page + 1;
  return n;
}

static void draw_lines(bs_renderer *r, const placed *p) {
  const item *it = &r->items[p->item];
  double x = BODY_X + (it->kind == BS_BLOCK_BULLET ? BULLET_INDENT : 0);
  PangoLayoutIter *iter = pango_layout_get_iter(it->layout);
  int index = 0, top = -1;
  do {
    if (index < p->first_line) continue;
    int y0, y1;
    pango_layout_iter_get_line_yrange(iter, &y0, &y1);
    if (top < 0) top = y0;
    double baseline = (double)(pango_layout_iter_get_baseline(iter) - top) / PANGO_SCALE;
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, NULL, &logical);
    cairo_move_to(r->cr, x + (double)logical.x / PANGO_SCALE, p->y + baseline);
    pango_cairo_show_layout_line(r->cr, pango_layout_iter_get_line_readonly(iter));
  } while (index++ < p->last_line && pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

/* Plain text with its top at y: starting at x (align 0), ending at x (align > 0) or
 * centered on x (align < 0); keep: 1 for text that repeats in many letters. Returns
 * the text's width. */
static double draw_text(bs_renderer *r, const PangoFontDescription *font, const char *text,
                        double x, double y, int align, int keep) {
  if (!keep) {
    PangoLayout *layout = pango_layout_new(r->context);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text, -1);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    double width = (double)w / PANGO_SCALE;
    cairo_move_to(r->cr, align == 0 ? x : align > 0 ? x - width : x - width / 2, y);
    pango_cairo_show_layout(r->cr, layout);
    g_object_unref(layout);
    return width;
  }
  /* Lines that repeat from letter to letter (the return address, "Page 1 of 2", a few
   * kinds): kept in the cache under the font's name, shaped once. */
  char *font_name = pango_font_description_to_string(font);
  char *key = g_strconcat("f", font_name, "\n", text, NULL);
  g_free(font_name);
  PangoLayout *layout = g_hash_table_lookup(r->cache, key);
  if (layout) {
    g_free(key);
  } else {
    layout = pango_layout_new(r->context);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text, -1);
    g_hash_table_insert(r->cache, key, layout);
  }
  int w, h;
  pango_layout_get_size(layout, &w, &h);
  double width = (double)w / PANGO_SCALE;
  double left = align == 0 ? x : align > 0 ? x - width : x - width / 2;
  cairo_move_to(r->cr, left, y);
  pango_cairo_show_layout(r->cr, layout);
  return width;
}

/* The upper window: the organization and its return address. */
static void draw_return(bs_renderer *r) {
  const bs_letter_settings *s = r->settings;
  double y = BS_RETURN_Y + 6;
  draw_text(r, r->return_bold_font, s->organization, BS_RETURN_X + 6, y, 0, 1);
  for (int i = 0; i < BS_RETURN_LINES; i++) {
    if (!s->return_lines[i] || !s->return_lines[i][0]) continue;
    y += 11;
    draw_text(r, r->return_font, s->return_lines[i], BS_RETURN_X + 6, y, 0, 1);
  }
}

/* The lower window: the address block, shrunk if a line is too wide, then the barcode. */
static void draw_address(bs_renderer *r, const bs_letter_result *res, const char *bars) {
  double inset = 6, size = 10, leading = 12;
  PangoFontDescription *font = pango_font_description_copy(r->address_font);
  PangoLayout *layout = pango_layout_new(r->context);
  for (;;) {
    double widest = 0;
    pango_font_description_set_size(font, (int)(size * PANGO_SCALE));
    pango_layout_set_font_description(layout, font);
    for (int i = 0; i < res->line_count; i++) {
      int w, h;
      pango_layout_set_text(layout, res->lines[i], -1);
      pango_layout_get_size(layout, &w, &h);
      if ((double)w / PANGO_SCALE > widest) widest = (double)w / PANGO_SCALE;
    }
    if (widest <= BS_ADDRESS_WIDTH - 2 * inset || size <= 7) break;
    size -= 0.5;
    leading = size * 1.2;
  }
  double y = BS_ADDRESS_Y + 4;
  for (int i = 0; i < res->line_count; i++, y += leading) {
    pango_layout_set_text(layout, res->lines[i], -1);
    cairo_move_to(r->cr, BS_ADDRESS_X + inset, y);
    pango_cairo_show_layout(r->cr, layout);
  }
  g_object_unref(layout);
  pango_font_description_free(font);
  if (bars[0]) bs_imb_draw(r->cr, BS_ADDRESS_X + inset, y + 3, bars);
}

static void fill_values(const char **values, bs_renderer *r, const bs_recipient *p, char *name,
                        size_t name_cap, char *addressee, size_t addressee_cap,
                        const char *elements) {
  const bs_letter_settings *s = r->settings;
  bs_recipient_name(name, name_cap, p);
  bs_recipient_addressee(addressee, addressee_cap, p);
  values[BS_FIELD_organization] = s->organization;
  values[BS_FIELD_phone] = s->phone;
  values[BS_FIELD_hours] = s->hours;
  values[BS_FIELD_discovered] = r->dates[0];
  values[BS_FIELD_window_from] = r->dates[1];
  values[BS_FIELD_window_to] = r->dates[2];
  values[BS_FIELD_mail_date] = r->mail_date;
  values[BS_FIELD_name] = name;
  values[BS_FIELD_addressee] = addressee;
  values[BS_FIELD_elements] = elements;
  values[BS_FIELD_code] = p->code;
  values[BS_FIELD_monitoring_vendor] = s->monitoring_vendor;
  values[BS_FIELD_monitoring_url] = s->monitoring_url;
  values[BS_FIELD_monitoring_months] = r->months;
  values[BS_FIELD_enroll_by] = r->dates[3];
}

static bs_status render_letter(bs_renderer *r, bs_letter_result *out, const bs_recipient *p,
                               uint64_t number) {
  memset(out, 0, sizeof *out);
  const bs_letter_settings *s = r->settings;
  snprintf(out->letter_id, sizeof out->letter_id, "L%09llu", (unsigned long long)number);
  bs_letter_facts facts;
  bs_recipient_facts(&facts, p, s->window_from[0] && s->window_to[0]);
  bs_template_variant(r->tmpl, &facts, out->variant, sizeof out->variant);
  out->line_count = bs_recipient_lines(out->lines, p);
  bs_imb_fields imb = {.barcode_id = s->barcode_id, .service_type = s->service_type};
  snprintf(imb.mailer_id, sizeof imb.mailer_id, "%s", s->mailer_id);
  imb.serial = (uint32_t)(number % ((uint64_t)bs_imb_serial_max(s->mailer_id) + 1));
  bs_recipient_routing(imb.routing, p);
  char bars[BS_IMB_BARS + 1] = "";
  bs_status status = bs_imb_digits(out->imb, &imb);
  if (status == BS_OK) status = bs_imb_bars(bars, out->imb);
  if (status != BS_OK) return status;

  char name[192], addressee[256];
  bs_buf elements;
  bs_buf_init(&elements, 4096);
  status = bs_words_elements(&elements, r->tmpl, p->elements);
  const char *values[BS_FIELD_COUNT];
  fill_values(values, r, p, name, sizeof name, addressee, sizeof addressee,
              elements.data ? elements.data : "");
  int items = 0;
  for (size_t b = 0; status == BS_OK && b < r->tmpl->block_count; b++) {
    const bs_template_block *block = &r->tmpl->blocks[b];
    if (!bs_template_block_applies(r->tmpl, block, &facts)) continue;
    bs_buf_reset(&r->markup);
    status = bs_template_expand(&r->markup, block->text, values);
    if (status != BS_OK) break;
    int personal = (block->fields & PERSONAL_FIELDS) != 0;
    PangoLayout *layout =
        layout_for(r, block->kind, r->markup.data ? r->markup.data : "", personal);
    r->items[items++] = (item){layout, block->kind, pango_layout_get_line_count(layout)};
  }
  bs_buf_free(&elements);
  if (status != BS_OK) return status;
  int pages = 0;
  int placements = paginate(r, items, &pages);
  if (placements < 0) return BS_ELIMIT;

  out->first_page = r->pages + 1;
  out->last_page = r->pages + pages;
  cairo_t *cr = r->cr;
  int at = 0;
  for (int page = 0; page < pages; page++) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (page == 0) {
      draw_return(r);
      draw_address(r, out, bars);
      draw_text(r, r->small_font, out->letter_id, BS_PAGE_WIDTH - BODY_X, BS_RETURN_Y + 6, 1, 0);
      if (r->proof) /* right of the address window, out of the envelope's windows */
        draw_text(r, r->fonts[BS_BLOCK_HEADING], "PROOF \u2013 NOT FOR MAILING",
                  BS_PAGE_WIDTH - BODY_X, BS_ADDRESS_Y, 1, 1);
    } else {
      draw_text(r, r->small_font, out->letter_id, BS_PAGE_WIDTH - BODY_X, 36, 1, 0);
    }
    for (; at < placements && r->places[at].page == page; at++) {
      draw_lines(r, &r->places[at]);
      const placed *pl = &r->places[at];
      if (r->items[pl->item].kind == BS_BLOCK_BULLET && pl->first_line == 0) {
        /* The bullet sits on the first line's baseline. */
        PangoLayoutIter *iter = pango_layout_get_iter(r->items[pl->item].layout);
        double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
        pango_layout_iter_free(iter);
        cairo_new_path(cr); /* not joined to where the line's text ended */
        cairo_arc(cr, BODY_X + 7, pl->y + baseline - 3.5, 1.8, 0, 2 * G_PI);
        cairo_fill(cr);
      }
    }
    char footer[48];
    snprintf(footer, sizeof footer, "Page %d of %d", page + 1, pages);
    draw_text(r, r->small_font, footer, BS_PAGE_WIDTH / 2, BS_PAGE_HEIGHT - 40, -1, page < 4);
    cairo_show_page(cr);
  }
  r->pages += pages;
  return cairo_status(cr) == CAIRO_STATUS_SUCCESS && !r->write_failed ? BS_OK : BS_EIO;
}

bs_status bs_renderer_letter(bs_renderer *r, bs_letter_result *out, const bs_recipient *p,
                             uint64_t number) {
  if (!r->file) return BS_EINVAL;
  bs_status status = render_letter(r, out, p, number);
  drop_owned(r);
  return status;
}
