/* bench/gen-pdf: PDF files of made-up clinical text for bench/formats, drawn with cairo
 * and pango (the libraries the letters step uses).
 *
 *   gen-pdf OUT.pdf PAGES SEED
 *
 * Each page holds 50 lines: a patient's name, date of birth, SSN, MRN, address, phone,
 * member ID, a visit date with ICD-10-CM and CPT codes, and prose. All of it is fake;
 * the same seed writes the same text. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static unsigned next(unsigned n) { /* xorshift64*, uniform enough for made-up data */
  state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
  return (unsigned)((state * 2685821657736338717ull) >> 33) % n;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: gen-pdf OUT.pdf PAGES SEED\n");
    return 2;
  }
  int pages = atoi(argv[2]);
  state = strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
  static const char *const first[] = {"Adaeze", "John", "Maria", "Wei", "Anna", "Luis", "Priya"};
  static const char *const last[] = {"Okafor", "Smith", "Nguyen", "Garcia", "Kowalski", "Patel"};
  static const char *const icd[] = {"E11.9", "I10", "J06.9", "M54.5", "K21.9", "F41.1"};
  static const char *const cpt[] = {"99213", "99214", "87880", "93000", "80053"};
  cairo_surface_t *surface = cairo_pdf_surface_create(argv[1], 612, 792);
  cairo_t *cr = cairo_create(surface);
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans 8");
  pango_layout_set_font_description(layout, font);
  for (int page = 0; page < pages; page++) {
    for (int line = 0; line < 50; line++) {
      char text[256];
      switch (line % 5) {
      case 0:
        snprintf(text, sizeof text, "Patient: %s %s   DOB: %02u/%02u/%u   MRN: %07u",
                 first[next(7)], last[next(6)], 1 + next(12), 1 + next(28), 1930 + next(85),
                 next(9999999));
        break;
      case 1:
        snprintf(text, sizeof text,
                 "SSN: %03u-%02u-%04u   Phone: (312) 555-%04u   Member ID: XQM%06u",
                 100 + next(500), 1 + next(98), 1 + next(9998), next(10000), next(999999));
        break;
      case 2:
        snprintf(text, sizeof text, "Address: %u Oak St, Springfield, IL 627%02u", 1 + next(9998),
                 1 + next(98));
        break;
      case 3:
        snprintf(text, sizeof text, "Seen on 07/%02u/2024 for %s; CPT %s billed.", 1 + next(28),
                 icd[next(6)], cpt[next(5)]);
        break;
      default:
        snprintf(text, sizeof text, "Patient reports feeling better; follow up in %u weeks.",
                 2 + next(10));
      }
      pango_layout_set_text(layout, text, -1);
      cairo_move_to(cr, 54, 40 + 14 * line);
      pango_cairo_show_layout(cr, layout);
    }
    cairo_show_page(cr);
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  int failed = cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surface);
  if (failed) fprintf(stderr, "gen-pdf: cannot write %s\n", argv[1]);
  return failed;
}
