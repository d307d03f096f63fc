/* Day numbers, weekdays and federal holidays (see calendar.h). */
#include "report/calendar.h"

#include <stdio.h>
#include <string.h>

#include "detect/validate.h"

/* Days from 1970-01-01, counting in 400-year eras of 146097 days that start on March 1,
 * so that the leap day is the last day of its year. */
long bs_day_from_civil(int year, int month, int day) {
  long y = (long)year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long year_of_era = y - era * 400;
  long day_of_year = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void bs_day_to_civil(long days, int *year, int *month, int *day) {
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long day_of_era = z - era * 146097;
  long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  long mp = (5 * day_of_year + 2) / 153;
  *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

int bs_day_parse(const char *text, long *out) {
  int v[3] = {0, 0, 0};
  if (strlen(text) != 10 || text[4] != '-' || text[7] != '-') return 0;
  for (int i = 0, f = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      f++;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return 0;
    v[f] = v[f] * 10 + (text[i] - '0');
  }
  if (!bs_validate_date(v[0], v[1], v[2])) return 0;
  *out = bs_day_from_civil(v[0], v[1], v[2]);
  return 1;
}

void bs_day_format(long days, char out[11]) {
  int y, m, d;
  bs_day_to_civil(days, &y, &m, &d);
  /* Years outside 0..9999 are clamped: no deadline of a case comes near them. */
  int year = y < 0 ? 0 : y > 9999 ? 9999 : y;
  snprintf(out, 11, "%04d-%02u-%02u", year, (unsigned)m % 100u, (unsigned)d % 100u);
}

int bs_day_weekday(long days) {
  long w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
  return (int)(w < 0 ? w + 7 : w);
}

const char *bs_day_weekday_name(long days) {
  static const char *const names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  return names[bs_day_weekday(days)];
}

/* 5 U.S.C. 6103(a): a holiday is a fixed date or the nth (or last) weekday of a month;
 * since 1971 (Pub. L. 90-363) the Monday holidays; Juneteenth since 2021. */
typedef struct holiday {
  const char *name;
  int month, day;   /* fixed date, or day 0 */
  int weekday, nth; /* nth weekday of the month (nth -1: the last) */
  int first_year;
} holiday;

static const holiday holidays[] = {
    {"New Year's Day", 1, 1, 0, 0, 1871},
    {"Birthday of Martin Luther King, Jr.", 1, 0, 1, 3, 1986},
    {"Washington's Birthday", 2, 0, 1, 3, 1971},
    {"Memorial Day", 5, 0, 1, -1, 1971},
    {"Juneteenth National Independence Day", 6, 19, 0, 0, 2021},
    {"Independence Day", 7, 4, 0, 0, 1871},
    {"Labor Day", 9, 0, 1, 1, 1894},
    {"Columbus Day", 10, 0, 1, 2, 1971},
    {"Veterans Day", 11, 11, 0, 0, 1938},
    {"Thanksgiving Day", 11, 0, 4, 4, 1942},
    {"Christmas Day", 12, 25, 0, 0, 1871},
};

static long holiday_day(const holiday *h, int year) {
  if (h->day) return bs_day_from_civil(year, h->month, h->day);
  if (h->nth > 0) {
    long first = bs_day_from_civil(year, h->month, 1);
    long offset = (h->weekday - bs_day_weekday(first) + 7) % 7;
    return first + offset + 7L * (h->nth - 1);
  }
  int next_month = h->month == 12 ? 1 : h->month + 1;
  long last = bs_day_from_civil(h->month == 12 ? year + 1 : year, next_month, 1) - 1;
  return last - (bs_day_weekday(last) - h->weekday + 7) % 7;
}

const char *bs_day_holiday(long days, char *buf, unsigned cap) {
  int year, month, day;
  bs_day_to_civil(days, &year, &month, &day);
  /* A holiday on a Saturday is observed the Friday before, on a Sunday the Monday after
   * (5 U.S.C. 6103(b), Executive Order 11582); New Year's Day may be observed on the last
   * Friday of the year before. */
  for (int y = year; y <= year + 1; y++)
    for (size_t i = 0; i < sizeof holidays / sizeof *holidays; i++) {
      const holiday *h = &holidays[i];
      if (y < h->first_year) continue;
      long actual = holiday_day(h, y);
      long observed = actual;
      if (h->day && bs_day_weekday(actual) == 6) observed = actual - 1;
      if (h->day && bs_day_weekday(actual) == 0) observed = actual + 1;
      if (observed == days) {
        snprintf(buf, cap, "%s%s", h->name, observed != actual ? " (observed)" : "");
        return buf;
      }
    }
  return NULL;
}

long bs_day_add_business(long days, int count) {
  char name[64];
  while (count > 0) {
    days++;
    int w = bs_day_weekday(days);
    if (w != 0 && w != 6 && !bs_day_holiday(days, name, sizeof name)) count--;
  }
  return days;
}
