/* Spreadsheet number formats (see numfmt.h). Supported: sections (;) chosen by sign or
 * by [condition], digit placeholders 0 # ?, decimal point, thousands separators,
 * percent, quoted and escaped literals, and dates. Anything else (fractions, scientific
 * notation) is shown plainly: the digits are what matters for detection. */
#include "extract/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bs_numfmt_builtin(int id) {
  switch (id) {
  case 0: return "General";
  case 1: return "0";
  case 2: return "0.00";
  case 3: return "#,##0";
  case 4: return "#,##0.00";
  case 9: return "0%";
  case 10: return "0.00%";
  case 14: return "mm-dd-yy";
  case 15: return "d-mmm-yy";
  case 16: return "d-mmm";
  case 17: return "mmm-yy";
  case 18: return "h:mm AM/PM";
  case 19: return "h:mm:ss AM/PM";
  case 20: return "h:mm";
  case 21: return "h:mm:ss";
  case 22: return "m/d/yy h:mm";
  case 37: return "#,##0 ;(#,##0)";
  case 38: return "#,##0 ;[Red](#,##0)";
  case 39: return "#,##0.00;(#,##0.00)";
  case 40: return "#,##0.00;[Red](#,##0.00)";
  case 45: return "mm:ss";
  case 46: return "[h]:mm:ss";
  case 47: return "mmss.0";
  case 49: return "@";
  default: return NULL;
  }
}

int bs_numfmt_is_date(const char *code) {
  if (!code) return 0;
  int quoted = 0;
  for (const char *p = code; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (quoted)
      continue;
    else if (*p == '\\' && p[1])
      p++;
    else if (*p == '[') { /* [Red], [$-409], [<=99]; but [h] [mm] [ss] are elapsed time */
      const char *close = strchr(p, ']');
      if (!close) break;
      if (strchr("hHmMsS", p[1])) return 1;
      p = close;
    } else if (strchr("dDmMyYhHsS", *p)) {
      return 1;
    }
  }
  return 0;
}

int bs_numfmt_serial_date(double serial, int date1904, int *year, int *month, int *day) {
  if (!(serial >= 0) || serial > 2958465.0) return 0;
  long days = (long)floor(serial);
  if (date1904)
    days += 1462;
  else if (days < 61) /* Lotus counted 1900-02-29; serials before it are one day ahead */
    days += 1;
  if (days < 1) return 0;
  /* Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm). */
  long z = days - 25569 + 719468; /* 25569: 1899-12-30 to 1970-01-01 */
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  if (y < 1900 || y > 9999) return 0;
  *year = (int)y;
  *month = (int)m;
  *day = (int)d;
  return 1;
}

static size_t render_general(char *out, size_t cap, double value) {
  if (fabs(value) < 1e15 && value == floor(value)) return (size_t)snprintf(out, cap, "%.0f", value);
  return (size_t)snprintf(out, cap, "%.10g", value);
}

static size_t render_date(char *out, size_t cap, double value, const char *code, int date1904) {
  int y, m, d;
  int has_date = 0, has_time = 0, quoted = 0;
  for (const char *p = code; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (!quoted && strchr("dDyY", *p))
      has_date = 1;
    else if (!quoted && strchr("hHsS", *p))
      has_time = 1;
    else if (!quoted && (*p == 'm' || *p == 'M'))
      has_date = has_date || !has_time;
  }
  if (!has_date || !bs_numfmt_serial_date(value, date1904, &y, &m, &d))
    return render_general(out, cap, value);
  double fraction = value - floor(value);
  if (has_time && fraction > 0) {
    long seconds = lround(fraction * 86400.0);
    return (size_t)snprintf(out, cap, "%04d-%02d-%02d %02ld:%02ld:%02ld", y, m, d, seconds / 3600,
                            seconds / 60 % 60, seconds % 60);
  }
  return (size_t)snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* The section of code for value: by [condition] if any section has one, else by sign. */
static void choose_section(const char *code, double value, const char **from, const char **to,
                           int *negated) {
  const char *starts[4] = {code, NULL, NULL, NULL};
  size_t count = 1;
  int quoted = 0;
  for (const char *p = code; *p && count < 4; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (!quoted && *p == '\\' && p[1])
      p++;
    else if (!quoted && *p == ';')
      starts[count++] = p + 1;
  }
  size_t pick = 0;
  int conditional = 0;
  for (size_t i = 0; i < count; i++) {
    const char *c = starts[i];
    if (c[0] != '[' || !strchr("<>=", c[1])) continue;
    conditional = 1;
    const char *op = c + 1;
    int le = op[0] == '<' && op[1] == '=', ge = op[0] == '>' && op[1] == '=';
    int ne = op[0] == '<' && op[1] == '>';
    double limit = strtod(op + (le || ge || ne ? 2 : 1), NULL);
    int holds = le             ? value <= limit
                : ge           ? value >= limit
                : ne           ? value != limit
                : op[0] == '<' ? value < limit
                : op[0] == '>' ? value > limit
                               : value == limit;
    if (holds) {
      pick = i;
      break;
    }
    pick = i + 1 < count ? i + 1 : i;
  }
  if (!conditional) pick = value < 0 && count >= 2 ? 1 : value == 0 && count >= 3 ? 2 : 0;
  *negated = !conditional && pick == 1;
  *from = starts[pick];
  *to = pick + 1 < count ? starts[pick + 1] - 1 : code + strlen(code);
}

typedef struct out_buf {
  char *data;
  size_t cap, len;
} out_buf;

static void put(out_buf *o, char c) {
  if (o->len + 1 < o->cap) o->data[o->len++] = c;
}

size_t bs_numfmt_render(char *out, size_t cap, double value, const char *code, int date1904) {
  if (cap == 0) return 0;
  out[0] = '\0';
  if (!code || !*code || !strcmp(code, "General") || !strcmp(code, "@") || !isfinite(value))
    return render_general(out, cap, value);
  if (bs_numfmt_is_date(code)) return render_date(out, cap, value, code, date1904);
  const char *from, *to;
  int negated;
  choose_section(code, value, &from, &to, &negated);
  /* Count placeholders: integer ones, decimals, and scaling. */
  int int_places = 0, decimals = 0, seen_point = 0, percent = 0, quoted = 0;
  for (const char *p = from; p < to; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (quoted)
      continue;
    else if (*p == '\\' || *p == '_' || *p == '*')
      p++;
    else if (*p == '[') {
      const char *c = memchr(p, ']', (size_t)(to - p));
      if (c) p = c;
    } else if (*p == 'E' || *p == 'e' || *p == '/')
      return render_general(out, cap, value);
    else if (*p == '.')
      seen_point = 1;
    else if (*p == '%')
      percent++;
    else if (strchr("0#?", *p) && seen_point)
      decimals++;
    else if (strchr("0#?", *p))
      int_places++;
  }
  double v = fabs(value);
  for (int i = 0; i < percent; i++) v *= 100;
  if (v >= 1e15) return render_general(out, cap, value);
  char digits[64];
  snprintf(digits, sizeof digits, "%.*f", decimals, v);
  char *point = strchr(digits, '.');
  size_t int_len = point ? (size_t)(point - digits) : strlen(digits);
  const char *frac = point ? point + 1 : "";
  if (int_len == 1 && digits[0] == '0') int_len = 0; /* "0" shows only through a 0 */
  out_buf o = {out, cap, 0};
  if (value < 0 && !negated) put(&o, '-');
  /* Integer digits fill placeholders from the right; extra digits go to the first. */
  int place = 0, frac_at = 0;
  seen_point = quoted = 0;
  for (const char *p = from; p < to; p++) {
    char c = *p;
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted) {
      put(&o, c);
      continue;
    }
    if (c == '\\' && p + 1 < to) {
      put(&o, *++p);
      continue;
    }
    if (c == '_' && p + 1 < to) {
      p++;
      put(&o, ' ');
      continue;
    }
    if (c == '*' && p + 1 < to) {
      p++;
      continue;
    }
    if (c == '[') {
      const char *close = memchr(p, ']', (size_t)(to - p));
      if (close) p = close;
      continue;
    }
    if (c == ',') continue; /* thousands separators are not shown: digits matter */
    if (c == '.') {
      seen_point = 1;
      put(&o, '.');
      continue;
    }
    if (!strchr("0#?", c)) {
      put(&o, c);
      continue;
    }
    if (seen_point) {
      put(&o, frac[frac_at] ? frac[frac_at] : '0');
      if (frac[frac_at]) frac_at++;
      continue;
    }
    int from_right = int_places - place; /* this placeholder's position from the right */
    place++;
    if (place == 1 && (int)int_len > int_places) /* extra leading digits */
      for (size_t i = 0; i < int_len - (size_t)int_places; i++) put(&o, digits[i]);
    if ((int)int_len >= from_right)
      put(&o, digits[int_len - (size_t)from_right]);
    else if (c == '0')
      put(&o, '0');
    else if (c == '?')
      put(&o, ' ');
  }
  o.data[o.len] = '\0';
  return o.len;
}
