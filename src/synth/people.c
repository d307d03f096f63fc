/* Deriving persons and providers from (seed, index). Every draw about person i comes
 * from streams keyed by i (or by its household's first id), never from a shared
 * generator, so person i is the same whatever else is generated and in whatever order.
 *
 * Households: ids are cut into blocks of four; the block's own stream picks how the
 * block splits ("2+1+1", "4", ...). The first member is the head (an adult), the second
 * a spouse or partner, later ones children (or grown children when the head is old).
 * Members share the address, the home phone, the payer and usually the surname. */
#include "synth/people.h"

#include <stdio.h>
#include <string.h>

#include "detect/validate.h"
#include "synth/lexicon.h"

enum { /* stream kinds: one per concern, never renumbered (outputs would change) */
       K_PRACTICE = 1,
       K_BLOCK,
       K_HOUSE,
       K_PERSON,
       K_NAMESAKE,
       K_PROVIDER,
       K_IDS,
};

#define BLOCK 4

/* Splits of a block of four, as sizes (0 ends); singles and couples are the commonest. */
static const uint8_t splits[][BLOCK + 1] = {
    {1, 1, 1, 1, 0}, {1, 1, 1, 1, 0}, {2, 1, 1, 0}, {1, 2, 1, 0}, {1, 1, 2, 0},
    {2, 2, 0},       {3, 1, 0},       {1, 3, 0},    {4, 0},       {2, 1, 1, 0}};

/* First index of the household of `index` and its size. */
static void household_of(const bs_practice *p, uint32_t index, uint32_t *head, uint32_t *size) {
  uint32_t block = index / BLOCK, start = block * BLOCK;
  bs_random r;
  bs_random_init(&r, p->seed, K_BLOCK, block);
  const uint8_t *split = splits[bs_random_below(&r, sizeof splits / sizeof splits[0])];
  uint32_t at = start;
  for (int i = 0; split[i]; i++) {
    if (index < at + split[i]) {
      *head = at;
      *size = at + split[i] <= p->patients ? split[i] : p->patients - at;
      return;
    }
    at += split[i];
  }
  *head = index, *size = 1;
}

static const char directionals[][2][8] = {
    {"N", "North"}, {"S", "South"}, {"E", "East"}, {"W", "West"}};
static const char *const suffixes[] = {
    "Street", "Street",    "Street", "Avenue", "Avenue", "Road",    "Drive",   "Drive", "Lane",
    "Court",  "Boulevard", "Place",  "Way",    "Circle", "Terrace", "Parkway", "Trail", "Highway"};

static void make_address(bs_address *out, const bs_synth_tables *t, const bs_practice *p,
                         bs_random *r) {
  memset(out, 0, sizeof *out);
  const bs_place *place =
      bs_random_chance(r, 85)
          ? &t->places[p->place_first + bs_random_below(r, (uint32_t)p->place_count)]
          : &t->places[bs_random_below(r, (uint32_t)t->place_count)];
  /* House numbers: mostly short, some long rural ones. */
  int digits = bs_random_range(r, 1, bs_random_chance(r, 80) ? 4 : 5);
  int number = bs_random_range(r, 1, 9);
  for (int i = 1; i < digits; i++) number = number * 10 + bs_random_range(r, 0, 9);
  snprintf(out->number, sizeof out->number, "%d", number);
  if (bs_random_chance(r, 12)) {
    const char(*d)[8] = directionals[bs_random_below(r, 4)];
    snprintf(out->predir, sizeof out->predir, "%s", d[bs_random_chance(r, 50)]);
  }
  snprintf(out->name, sizeof out->name, "%s",
           t->streets[bs_random_below(r, (uint32_t)t->street_count)]);
  snprintf(out->suffix, sizeof out->suffix, "%s", BS_PICK(r, suffixes));
  if (bs_random_chance(r, 25)) {
    static const char *const kinds[] = {"Apt", "Apt", "Apt", "Unit", "#", "Apt"};
    snprintf(out->unit_kind, sizeof out->unit_kind, "%s", BS_PICK(r, kinds));
    if (bs_random_chance(r, 20))
      snprintf(out->unit, sizeof out->unit, "%d%c", bs_random_range(r, 1, 30),
               "ABCD"[bs_random_below(r, 4)]);
    else
      snprintf(out->unit, sizeof out->unit, "%d", bs_random_range(r, 1, 420));
  }
  snprintf(out->city, sizeof out->city, "%s", place->city);
  snprintf(out->state, sizeof out->state, "%s", place->state);
  snprintf(out->zip, sizeof out->zip, "%s", place->zip);
  if (bs_random_chance(r, 30))
    snprintf(out->zip4, sizeof out->zip4, "%04d", bs_random_range(r, 1, 9999));
}

void bs_people_ssn(char *out, bs_random *r) {
  for (;;) {
    int area = bs_random_range(r, 1, 899), group = bs_random_range(r, 1, 99),
        serial = bs_random_range(r, 1, 9999);
    if (area == 666) continue; /* SSA never issues 666 */
    snprintf(out, 10, "%03d%02d%04d", area, group, serial);
    if (bs_validate_ssn(out) == BS_SSN_VALID) return; /* not a publicized sample */
  }
}

void bs_people_phone(char *out, bs_random *r, const char *npa) {
  char area[4];
  if (npa) {
    memcpy(area, npa, 4);
  } else {
    /* NANP: NXX, not N11 (service codes), not N9X (expansion), not 37X or 96X
     * (reserved). */
    for (;;) {
      int a = bs_random_range(r, 200, 899);
      int b = a / 10 % 10, c = a % 10;
      if ((b == 1 && c == 1) || b == 9 || a / 10 == 37 || a / 10 == 96) continue;
      snprintf(area, sizeof area, "%03d", a);
      break;
    }
  }
  if (bs_random_chance(r, 5)) { /* the fictional 555-0100..0199 range, now and then */
    snprintf(out, 11, "%s555%04d", area, bs_random_range(r, 100, 199));
    return;
  }
  for (;;) {
    int x = bs_random_range(r, 200, 999);
    if ((x / 10 % 10 == 1 && x % 10 == 1) || x == 555 || x == 950 || x == 958 || x == 959 ||
        x == 976)
      continue;
    snprintf(out, 11, "%s%03d%04d", area, x, bs_random_range(r, 0, 9999));
    return;
  }
}

/* CMS MBI letters: A-Z without S, L, O, I, B, Z. */
static char mbi_letter(bs_random *r) { return "ACDEFGHJKMNPQRTUVWXY"[bs_random_below(r, 20)]; }
static char mbi_digit(bs_random *r) { return (char)('0' + bs_random_below(r, 10)); }
static char mbi_alnum(bs_random *r) {
  return bs_random_chance(r, 50) ? mbi_letter(r) : mbi_digit(r);
}

void bs_people_mbi(char *out, bs_random *r) {
  /* C A AN N A AN N A A N N */
  out[0] = (char)('1' + bs_random_below(r, 9));
  out[1] = mbi_letter(r);
  out[2] = mbi_alnum(r);
  out[3] = mbi_digit(r);
  out[4] = mbi_letter(r);
  out[5] = mbi_alnum(r);
  out[6] = mbi_digit(r);
  out[7] = mbi_letter(r);
  out[8] = mbi_letter(r);
  out[9] = mbi_digit(r);
  out[10] = mbi_digit(r);
  out[11] = '\0';
}

void bs_people_npi(char *out, bs_random *r) {
  out[0] = (char)('1' + bs_random_below(r, 2));
  for (int i = 1; i < 9; i++) out[i] = (char)('0' + bs_random_below(r, 10));
  out[10] = '\0';
  for (int d = 0; d <= 9; d++) { /* the check digit that makes the 80840 Luhn hold */
    out[9] = (char)('0' + d);
    if (bs_validate_npi(out)) return;
  }
}

const char *bs_people_card(char *out, bs_random *r, const bs_refdata *ref) {
  static const struct {
    const char *brand, *prefix;
    int length;
  } kinds[] = {{"Visa", "4", 16},
               {"Visa", "4", 16},
               {"Visa", "4", 16},
               {"Mastercard", "51", 16},
               {"Mastercard", "53", 16},
               {"Mastercard", "55", 16},
               {"Mastercard", "2221", 16},
               {"American Express", "37", 15},
               {"American Express", "34", 15},
               {"Discover", "6011", 16},
               {"Discover", "65", 16}};
  for (;;) {
    size_t k = bs_random_below(r, sizeof kinds / sizeof kinds[0]);
    int n = (int)strlen(kinds[k].prefix), len = kinds[k].length;
    memcpy(out, kinds[k].prefix, (size_t)n);
    for (int i = n; i < len - 1; i++) out[i] = (char)('0' + bs_random_below(r, 10));
    out[len] = '\0';
    for (int d = 0; d <= 9; d++) {
      out[len - 1] = (char)('0' + d);
      if (bs_validate_luhn(out, (size_t)len)) break;
    }
    if (bs_refdata_card_known(ref, out, (size_t)len)) return kinds[k].brand;
  }
}

static void member_id(char *out, size_t cap, const char *pattern, bs_random *r) {
  size_t n = 0;
  for (const char *c = pattern; *c && n + 1 < cap; c++)
    out[n++] = *c == 'A'   ? (char)('A' + bs_random_below(r, 26))
               : *c == '#' ? (char)('0' + bs_random_below(r, 10))
                           : *c;
  out[n] = '\0';
}

void bs_people_practice(bs_practice *out, const bs_synth_tables *t, uint64_t seed,
                        uint32_t patients) {
  memset(out, 0, sizeof *out);
  out->seed = seed;
  out->patients = patients;
  out->providers = patients / 150 + 6;
  bs_random r;
  bs_random_init(&r, seed, K_PRACTICE, 0);
  /* A practice in the state of a place drawn by row: populous states more often. */
  out->state = t->places[bs_random_below(&r, (uint32_t)t->place_count)].state;
  bs_synth_tables_state_places(t, out->state, &out->place_first, &out->place_count);
  for (int i = 0; i < 3; i++) {
    char phone[11];
    bs_people_phone(phone, &r, NULL);
    memcpy(out->area_codes[i], phone, 3);
    out->area_codes[i][3] = '\0';
  }
}

static void person_phone(char *out, bs_random *r, const bs_practice *p) {
  bs_people_phone(out, r, bs_random_chance(r, 85) ? p->area_codes[bs_random_below(r, 3)] : NULL);
}

/* Name and sex of a person, without namesakes (so that a namesake can copy them). */
static void base_name(bs_person *out, const bs_synth_tables *t, const bs_practice *p,
                      uint32_t index, uint32_t head, uint32_t position) {
  bs_random r, house;
  bs_random_init(&r, p->seed, K_PERSON, index);
  bs_random_init(&house, p->seed, K_HOUSE, head);
  char family[32];
  snprintf(family, sizeof family, "%s", bs_synth_tables_draw(&t->surnames, &house));
  int head_male = bs_random_chance(&house, 50);
  /* Spouses are of the other sex most of the time; children of either. */
  int male = position == 0   ? head_male
             : position == 1 ? (bs_random_chance(&r, 92) ? !head_male : head_male)
                             : bs_random_chance(&r, 51);
  out->sex = male ? 'M' : 'F';
  snprintf(out->first, sizeof out->first, "%s", bs_synth_tables_draw(&t->first_names[male], &r));
  /* A spouse keeps a surname of their own now and then. */
  if (position == 1 && bs_random_chance(&r, 25))
    snprintf(out->last, sizeof out->last, "%s", bs_synth_tables_draw(&t->surnames, &r));
  else
    snprintf(out->last, sizeof out->last, "%s", family);
}

static int days_in(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return days[month - 1] + (month == 2 && leap);
}

static int draw_age(bs_random *r, const bs_random *house_r, uint32_t position, uint32_t size) {
  bs_random house = *house_r;
  bs_random_next(&house); /* past the surname and sex draws of base_name */
  bs_random_next(&house);
  int head_age = bs_random_chance(&house, 22) ? bs_random_range(&house, 65, 94)
                                              : bs_random_range(&house, 22, 64);
  if (size == 1) {
    int roll = (int)bs_random_below(r, 100);
    return roll < 20   ? bs_random_range(r, 0, 17)
           : roll < 75 ? bs_random_range(r, 18, 64)
                       : bs_random_range(r, 65, 96);
  }
  if (position == 0) return head_age;
  if (position == 1) {
    int age = head_age + bs_random_range(r, -6, 6);
    return age < 20 ? 20 : age;
  }
  if (head_age <= 55) return bs_random_range(r, 0, head_age - 20 < 17 ? head_age - 20 : 17);
  return bs_random_range(r, 18, head_age - 22);
}

void bs_people_make(bs_person *out, const bs_synth_tables *t, const bs_practice *p,
                    uint32_t index) {
  memset(out, 0, sizeof *out);
  out->index = index;
  snprintf(out->id, sizeof out->id, "P%06u", index + 1);
  uint32_t head, size;
  household_of(p, index, &head, &size);
  uint32_t position = index - head;
  out->household = head;
  out->household_size = size;
  base_name(out, t, p, index, head, position);

  bs_random r, house, ids;
  bs_random_init(&r, p->seed, K_PERSON, index);
  bs_random_init(&house, p->seed, K_HOUSE, head);
  bs_random_init(&ids, p->seed, K_IDS, index);
  for (int i = 0; i < 4; i++) bs_random_next(&r); /* past the draws base_name made */

  /* Now and then two unrelated persons share first and last name. */
  out->namesake = -1;
  bs_random same;
  bs_random_init(&same, p->seed, K_NAMESAKE, index);
  if (index >= 100 && bs_random_chance(&same, 1)) {
    uint32_t other = index - 1 - bs_random_below(&same, 90), other_head, other_size;
    household_of(p, other, &other_head, &other_size);
    bs_person twin;
    memset(&twin, 0, sizeof twin);
    base_name(&twin, t, p, other, other_head, other - other_head);
    memcpy(out->first, twin.first, sizeof out->first);
    memcpy(out->last, twin.last, sizeof out->last);
    out->sex = twin.sex;
    out->namesake = other;
  }

  out->age = draw_age(&r, &house, position, size);
  int month = bs_random_range(&r, 1, 12);
  int after_july = month > 6;
  int year = BS_SYNTH_YEAR - out->age - after_july;
  out->dob = (bs_date){year, month, bs_random_range(&r, 1, days_in(year, month))};

  if (bs_random_chance(&r, 30))
    snprintf(out->middle, sizeof out->middle, "%c",
             bs_synth_tables_draw(&t->first_names[out->sex == 'M'], &r)[0]);
  else if (bs_random_chance(&r, 45))
    snprintf(out->middle, sizeof out->middle, "%s",
             bs_synth_tables_draw(&t->first_names[out->sex == 'M'], &r));
  if (out->sex == 'M' && out->age >= 18 && bs_random_chance(&r, 4)) {
    static const char *const generations[] = {"Jr", "Jr", "Sr", "II", "III"};
    snprintf(out->suffix, sizeof out->suffix, "%s", BS_PICK(&r, generations));
  }
  if (bs_random_chance(&r, 40)) {
    const char *nick = bs_synth_tables_nickname(t, out->first, &r);
    if (nick) snprintf(out->nickname, sizeof out->nickname, "%s", nick);
  }

  /* The household's things, from its own stream. */
  bs_random_next(&house); /* the head's age draw is replayed in draw_age */
  bs_random_next(&house);
  make_address(&out->home, t, p, &house);
  out->moved = bs_random_chance(&house, 20);
  make_address(&out->old, t, p, &house);
  person_phone(out->home_phone, &house, p);
  int payer = (int)bs_random_below(&house, (uint32_t)bs_lexicon_payers_count);

  if (out->age >= 13 && bs_random_chance(&r, 80)) person_phone(out->cell_phone, &r, p);
  if (out->age >= 16 && bs_random_chance(&r, 65)) {
    char first[24], last[32];
    size_t a = 0, b = 0;
    for (const char *c = out->first; *c && a + 1 < sizeof first; c++)
      if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) first[a++] = (char)(*c | 0x20);
    for (const char *c = out->last; *c && b + 1 < sizeof last; c++)
      if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) last[b++] = (char)(*c | 0x20);
    first[a] = last[b] = '\0';
    const char *domain =
        bs_random_pick(&r, bs_lexicon_email_domains, bs_lexicon_email_domains_count);
    switch (bs_random_below(&r, 4)) {
    case 0: snprintf(out->email, sizeof out->email, "%s.%s@%s", first, last, domain); break;
    case 1:
      snprintf(out->email, sizeof out->email, "%s%s%02d@%s", first, last, out->dob.year % 100,
               domain);
      break;
    case 2: snprintf(out->email, sizeof out->email, "%c%s@%s", first[0], last, domain); break;
    default:
      snprintf(out->email, sizeof out->email, "%s_%s%d@%s", first, last,
               bs_random_range(&r, 1, 999), domain);
    }
  }

  /* A unique MRN: a fixed permutation of the index (7919 is prime to 9,000,000). */
  uint64_t shift = (p->seed * 2654435761u) % 9000000u;
  snprintf(out->mrn, sizeof out->mrn, "%08u",
           (unsigned)(((uint64_t)index * 7919u + shift) % 9000000u + 1000000u));
  out->payer = payer;
  member_id(out->member_id, sizeof out->member_id, bs_lexicon_payers[payer].pattern, &ids);
  if (out->age >= 65 || (out->age >= 45 && bs_random_chance(&ids, 3)))
    bs_people_mbi(out->mbi, &ids);
  unsigned ssn_share = out->age < 18 ? 10 : out->age < 65 ? 35 : 60;
  if (bs_random_chance(&ids, ssn_share)) bs_people_ssn(out->ssn, &ids);
  if (out->age >= 18 && bs_random_chance(&ids, 25))
    out->card_brand = bs_people_card(out->card, &ids, t->ref);
}

void bs_people_provider(bs_provider *out, const bs_synth_tables *t, const bs_practice *p,
                        uint32_t index) {
  static const char *const credentials[] = {"MD", "MD", "MD", "DO", "NP", "PA-C"};
  memset(out, 0, sizeof *out);
  out->index = index;
  snprintf(out->id, sizeof out->id, "D%04u", index + 1);
  bs_random r;
  bs_random_init(&r, p->seed, K_PROVIDER, index);
  int male = bs_random_chance(&r, 50);
  snprintf(out->first, sizeof out->first, "%s", bs_synth_tables_draw(&t->first_names[male], &r));
  snprintf(out->last, sizeof out->last, "%s", bs_synth_tables_draw(&t->surnames, &r));
  out->credential = BS_PICK(&r, credentials);
  /* The group's own clinicians are primary care; the rest are specialists it refers to. */
  out->specialty = index < 4
                       ? bs_lexicon_specialties[index % 3]
                       : bs_random_pick(&r, bs_lexicon_specialties, bs_lexicon_specialties_count);
  bs_people_npi(out->npi, &r);
}
