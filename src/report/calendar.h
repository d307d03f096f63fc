/* Calendar arithmetic for legal deadlines: days as counts since 1970-01-01, weekdays,
 * and the US federal holidays of 5 U.S.C. 6103 with their observed days. */
#ifndef BS_CALENDAR_H
#define BS_CALENDAR_H

/* Day number of a proleptic Gregorian date (1970-01-01 is 0). */
long bs_day_from_civil(int year, int month, int day);
/* The date of a day number. OUT: year, month, day. */
void bs_day_to_civil(long days, int *year, int *month, int *day);
/* Parses YYYY-MM-DD of a real date. OUT: *out. 1 on success. */
int bs_day_parse(const char *text, long *out);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void bs_day_format(long days, char out[11]);
/* 0 Sunday .. 6 Saturday. */
int bs_day_weekday(long days);
const char *bs_day_weekday_name(long days);
/* The federal holiday observed on this day ("Independence Day (observed)"), or NULL. */
const char *bs_day_holiday(long days, char *buf, unsigned cap);
/* days + count business days (no weekends, no observed federal holidays). */
long bs_day_add_business(long days, int count);

#endif
