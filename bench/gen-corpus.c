/* gen-corpus DIR MEGABYTES [SEED]
 *
 * Writes a deterministic, PII-dense plain-text corpus for the scan benchmark:
 * DIR/notes-0001.txt, DIR/notes-0002.txt, ... of about 4 MiB each, until the
 * total reaches MEGABYTES MiB (the last file is cut short at a note boundary).
 *
 * Everything is fake but shaped like the real thing: SSA-valid SSNs, NANP
 * phone numbers, dates, emails, street addresses with real state/ZIP3 pairs,
 * real ICD-10-CM and CPT codes, MRNs, member IDs, NPIs with a valid Luhn check
 * digit (80840 prefix), Medicare MBIs, Luhn-valid card numbers; plus filler
 * prose and lookalikes (order numbers, money, lab values) that a good
 * detector should not report. About one PII item per 200 bytes.
 *
 * The same SEED (default 1) gives the same bytes; each file is drawn from its
 * own stream (seed, file number), so a smaller corpus is a prefix of a larger
 * one, file for file, except for the last, shorter file.
 *
 * On success prints one line on stderr: files, bytes and PII items written.
 * Only libc; C17. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILE_BYTES     ((size_t)4 << 20)
#define LINE_MAX_BYTES 1024 /* no single note line gets near this */
#define COUNT(a)       (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- PRNG */

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* xoshiro256** seeded from splitmix64 */
typedef struct rng {
  uint64_t s[4];
} rng;

static void rng_seed(rng *r, uint64_t seed, uint64_t stream) {
  uint64_t st = seed ^ (stream * 0xD1342543DE82EF95u);
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&st);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* uniform in [0, n), n > 0; the bias of the multiply-shift is negligible here */
static unsigned below(rng *r, unsigned n) {
  return (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static unsigned range(rng *r, unsigned lo, unsigned hi) { return lo + below(r, hi - lo + 1); }

/* true with probability pct/100 */
static int chance(rng *r, unsigned pct) { return below(r, 100) < pct; }

#define PICK(r, a) ((a)[below((r), (unsigned)COUNT(a))])

/* -------------------------------------------------------------- output */

typedef struct out {
  char *buf;
  size_t len;
  size_t cap;
  uint64_t items; /* PII items written into this buffer */
} out;

static void put_c(out *o, char c) { o->buf[o->len++] = c; }

static void put_s(out *o, const char *s) {
  size_t n = strlen(s);
  memcpy(o->buf + o->len, s, n);
  o->len += n;
}

/* decimal, at least `width` digits, zero padded */
static void put_u(out *o, uint64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n < width) tmp[n++] = '0';
  while (n) put_c(o, tmp[--n]);
}

/* `n` random digits */
static void put_digits(out *o, rng *r, int n) {
  for (int i = 0; i < n; i++) put_c(o, (char)('0' + below(r, 10)));
}

/* ------------------------------------------------------------ the data */

static const char *const first_names[] = {
    "James",   "Mary",      "Robert",  "Patricia", "John",    "Jennifer", "Michael", "Linda",
    "David",   "Elizabeth", "William", "Barbara",  "Richard", "Susan",    "Joseph",  "Jessica",
    "Thomas",  "Sarah",     "Carlos",  "Maria",    "Wei",     "Priya",    "Ahmed",   "Fatima",
    "Daniel",  "Nancy",     "Kevin",   "Lisa",     "Jose",    "Karen",    "Brian",   "Betty",
    "Anthony", "Ashley",    "Mark",    "Emily",    "Andrew",  "Donna",    "Luis",    "Olga"};

static const char *const last_names[] = {
    "Smith",     "Johnson",  "Williams",  "Brown",   "Jones",    "Garcia",   "Miller",   "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez",   "Gonzalez", "Wilson",   "Anderson", "Thomas",
    "Taylor",    "Moore",    "Jackson",   "Martin",  "Lee",      "Perez",    "Thompson", "White",
    "Harris",    "Sanchez",  "Clark",     "Ramirez", "Lewis",    "Robinson", "Walker",   "Young",
    "Nguyen",    "Patel",    "Kim",       "Chen",    "O'Brien",  "Kowalski", "Okafor",   "Schmidt"};

static const char *const street_names[] = {
    "Oak",    "Maple",    "Cedar",   "Pine",      "Elm",      "Washington", "Lake",     "Hill",
    "Park",   "Main",     "Lincoln", "Jefferson", "Sunset",   "Highland",   "Franklin", "Church",
    "Spring", "Ridge",    "Meadow",  "Walnut",    "Chestnut", "Willow",     "Jackson",  "Madison",
    "Forest", "Prospect", "Adams",   "Cherry",    "Hickory",  "Riverside",  "Garfield", "Center"};

static const char *const street_suffixes[] = {
    "Street", "St",    "Avenue", "Ave",       "Road", "Rd",    "Drive", "Dr",      "Lane",
    "Ln",     "Court", "Ct",     "Boulevard", "Blvd", "Place", "Way",   "Terrace", "Circle"};

static const char *const unit_words[] = {"Apt", "Apt.", "Unit", "Suite", "Ste", "#"};

typedef struct place {
  const char *city;
  const char *state;
  const char *zip3;
  const char *area[3]; /* real area codes of the place; NULL-padded */
} place;

/* Real state/ZIP3 pairs (checked against data/zip3.tsv) and area codes. */
static const place places[] = {
    {"Chicago", "IL", "606", {"312", "773", "872"}},
    {"Springfield", "IL", "627", {"217", NULL, NULL}},
    {"Dallas", "TX", "752", {"214", "469", "972"}},
    {"Plano", "TX", "750", {"972", "469", NULL}},
    {"Houston", "TX", "770", {"713", "281", "832"}},
    {"Los Angeles", "CA", "900", {"213", "323", "310"}},
    {"San Francisco", "CA", "941", {"415", "628", NULL}},
    {"New York", "NY", "100", {"212", "646", "917"}},
    {"Brooklyn", "NY", "112", {"718", "347", NULL}},
    {"Miami", "FL", "331", {"305", "786", NULL}},
    {"Philadelphia", "PA", "191", {"215", "267", NULL}},
    {"Pittsburgh", "PA", "152", {"412", NULL, NULL}},
    {"Cleveland", "OH", "441", {"216", "440", NULL}},
    {"Columbus", "OH", "432", {"614", "380", NULL}},
    {"Atlanta", "GA", "303", {"404", "678", "470"}},
    {"Detroit", "MI", "482", {"313", NULL, NULL}},
    {"Raleigh", "NC", "275", {"919", "984", NULL}},
    {"Charlotte", "NC", "282", {"704", "980", NULL}},
};

static const char *const icd10[] = {
    "E11.9", "I10",   "J45.909", "M54.50", "Z00.00", "F32.9",  "K21.9",   "E78.5",
    "N39.0", "R51.9", "E11.65",  "I25.10", "J06.9",  "F41.1",  "G43.909", "E66.9",
    "R05.9", "J18.9", "N18.30",  "I48.91", "E03.9",  "K59.00", "M17.11",  "R10.9",
    "Z79.4", "E55.9", "D64.9",   "H10.9",  "B34.9",  "L03.90", "Z23",     "S93.401A"};

static const char *const icd10_words[] = {"type 2 diabetes without complications",
                                          "essential hypertension",
                                          "asthma, unspecified",
                                          "low back pain",
                                          "general adult exam",
                                          "major depressive disorder",
                                          "GERD",
                                          "hyperlipidemia",
                                          "urinary tract infection",
                                          "headache"};

static const char *const cpt[] = {"99213", "99214", "99215", "99203", "36415",
                                  "80053", "93000", "85025", "83036", "90471"};

static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

static const char *const email_domains[] = {"gmail.com",   "yahoo.com",   "outlook.com",
                                            "hotmail.com", "comcast.net", "icloud.com",
                                            "aol.com",     "example.org"};

static const char *const complaints[] = {"chest pain",
                                         "shortness of breath",
                                         "abdominal pain",
                                         "fever and chills",
                                         "syncope",
                                         "altered mental status",
                                         "a fall at home",
                                         "cellulitis of the left leg",
                                         "community-acquired pneumonia",
                                         "hyperglycemia",
                                         "a COPD exacerbation",
                                         "dehydration"};

static const char *const filler[] = {
    "Patient reports intermittent symptoms over the past several days.",
    "No acute distress noted on examination.",
    "Lungs clear to auscultation bilaterally; heart regular rate and rhythm.",
    "Abdomen soft, non-tender, non-distended, bowel sounds present.",
    "Patient denies nausea, vomiting, or diarrhea.",
    "Reviewed medications and allergies with the patient.",
    "Continue current regimen and follow up in three months.",
    "Discussed diet and exercise; patient verbalized understanding.",
    "Vitals stable, afebrile, tolerating oral intake.",
    "Will obtain labs and reassess at the next visit.",
    "Patient was counseled on smoking cessation.",
    "Pain is rated four out of ten and improves with rest.",
    "Family history is notable for heart disease in a parent.",
    "Home health referral placed; social work consulted.",
    "Wound is clean, dry and intact with no signs of infection.",
    "Neurologically intact, alert and oriented times three.",
    "The plan was reviewed with the attending physician.",
    "Return precautions given; the patient agrees with the plan.",
    "Blood pressure improved since the last visit on the current dose.",
    "Prior records were requested from the outside clinic.",
    "She describes the pain as dull and aching, worse in the evening.",
    "He has been checking his blood sugar at home about twice a day.",
    "Sleep has been poor, with frequent waking during the night.",
    "No recent travel, sick contacts, or new medications were reported.",
    "Appetite is reduced and there has been mild unintentional weight loss.",
    "The patient lives alone and is independent with daily activities.",
    "Symptoms started gradually and have not responded to rest or ice.",
    "There is no history of similar episodes in the past.",
    "Range of motion is mildly limited by discomfort on flexion.",
    "Skin is warm and dry without rash or lesions.",
    "Extremities show no edema, cyanosis, or clubbing.",
    "Mood is euthymic and affect is appropriate to the situation.",
    "Education materials were provided and questions were answered.",
    "The care team will coordinate with the pharmacy about refills.",
    "A walker was recommended for stability until physical therapy begins.",
    "Patient prefers to be contacted in the afternoon.",
    "Interpreter services were offered and declined.",
    "Advance directive discussed; the patient will bring a copy next time.",
    "Immunizations are up to date per the state registry.",
    "Screening colonoscopy is due and a referral was placed.",
};

static const char *const ros[] = {
    ("ROS: Constitutional negative for fever. Eyes negative. ENT negative. "
     "Cardiovascular negative for palpitations. Respiratory positive for cough. GI negative. "
     "GU negative. Musculoskeletal positive for back pain. Skin negative. "
     "Neurological negative for dizziness. Psychiatric negative."),
    "ROS: All other systems reviewed and are negative except as noted in the HPI.",
    ("ROS: Positive for fatigue and decreased appetite; negative for chest pain, dyspnea, "
     "abdominal pain, dysuria, rash, focal weakness, and headache."),
};

static const char *const lab_names[] = {"Glucose", "Sodium",  "Potassium", "Creatinine",
                                        "BUN",     "Calcium", "LDL",       "Hemoglobin"};
static const char *const lab_units[] = {"mg/dL", "mmol/L", "mmol/L", "mg/dL",
                                        "mg/dL", "mg/dL",  "mg/dL",  "g/dL"};
/* plausible values, in tenths */
static const unsigned lab_lo[] = {650, 1300, 30, 5, 50, 80, 500, 80};
static const unsigned lab_hi[] = {3200, 1500, 60, 30, 400, 110, 2200, 170};
static const int lab_decimal[] = {0, 0, 1, 1, 0, 1, 0, 1};

static const char *const meds[] = {
    "metformin 500 mg twice daily",         "lisinopril 10 mg daily",
    "atorvastatin 40 mg at bedtime",        "amlodipine 5 mg daily",
    "omeprazole 20 mg before breakfast",    "sertraline 50 mg daily",
    "levothyroxine 75 mcg daily",           "albuterol 90 mcg 2 puffs every 4 hours as needed",
    "insulin glargine 20 units at bedtime", "gabapentin 300 mg three times daily",
    "hydrochlorothiazide 25 mg daily",      "acetaminophen 650 mg every 6 hours as needed"};

/* ----------------------------------------------------------- the items */

/* Luhn check digit for the digits d[0..n-1] (the check digit goes after them) */
static int luhn_check_digit(const int *d, int n) {
  int sum = 0;
  for (int i = n - 1, dbl = 1; i >= 0; i--, dbl = !dbl) {
    int v = d[i] * (dbl ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return (10 - sum % 10) % 10;
}

static void item_ssn(out *o, rng *r) {
  unsigned area;
  do area = range(r, 1, 899);
  while (area == 666);
  unsigned group = range(r, 1, 99), serial = range(r, 1, 9999);
  switch (below(r, 8)) {
  case 0: put_s(o, "SSN: "); break;
  case 1: put_s(o, "SSN "); break;
  case 2: put_s(o, "Social Security No. "); break;
  case 3: put_s(o, "SS# "); break;
  case 4: put_s(o, "ssn: "); break;
  default: break; /* bare */
  }
  put_u(o, area, 3);
  put_c(o, '-');
  put_u(o, group, 2);
  put_c(o, '-');
  put_u(o, serial, 4);
  o->items++;
}

static int days_in(unsigned y, unsigned m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

typedef struct date {
  unsigned y, m, d;
} date;

static date rand_date(rng *r, unsigned y0, unsigned y1) {
  date t;
  t.y = range(r, y0, y1);
  t.m = range(r, 1, 12);
  t.d = range(r, 1, (unsigned)days_in(t.y, t.m));
  return t;
}

/* 03/14/1962 or 3/14/1962 */
static void put_mdy(out *o, rng *r, date t) {
  int pad = chance(r, 75) ? 2 : 1;
  put_u(o, t.m, pad);
  put_c(o, '/');
  put_u(o, t.d, pad);
  put_c(o, '/');
  put_u(o, t.y, 4);
}

static void put_iso(out *o, date t) {
  put_u(o, t.y, 4);
  put_c(o, '-');
  put_u(o, t.m, 2);
  put_c(o, '-');
  put_u(o, t.d, 2);
}

/* July 2, 2024 */
static void put_long_date(out *o, date t) {
  put_s(o, months[t.m - 1]);
  put_c(o, ' ');
  put_u(o, t.d, 1);
  put_s(o, ", ");
  put_u(o, t.y, 4);
}

static void item_dob(out *o, rng *r) {
  date t = rand_date(r, 1930, 2015);
  switch (below(r, 4)) {
  case 0: put_s(o, "DOB: "); break;
  case 1: put_s(o, "D.O.B. "); break;
  case 2: put_s(o, "Date of birth: "); break;
  default: put_s(o, "born "); break;
  }
  if (chance(r, 85))
    put_mdy(o, r, t);
  else
    put_long_date(o, t);
  o->items++;
}

/* exchange/area code digits: first 2-9, not N11 */
static unsigned nxx(rng *r) {
  unsigned v;
  do v = range(r, 200, 999);
  while (v % 100 == 11);
  return v;
}

static void item_phone(out *o, rng *r, const place *p) {
  const char *area = NULL;
  char area_buf[4];
  if (p && chance(r, 80)) {
    unsigned n = 0;
    while (n < 3 && p->area[n]) n++;
    area = p->area[below(r, n)];
  } else {
    unsigned a = nxx(r);
    area_buf[0] = (char)('0' + a / 100);
    area_buf[1] = (char)('0' + a / 10 % 10);
    area_buf[2] = (char)('0' + a % 10);
    area_buf[3] = 0;
    area = area_buf;
  }
  unsigned exch = chance(r, 30) ? 555 : nxx(r);
  unsigned line = exch == 555 ? range(r, 100, 199) : below(r, 10000);
  switch (below(r, 4)) {
  case 0:
  case 1:
    put_c(o, '(');
    put_s(o, area);
    put_s(o, ") ");
    put_u(o, exch, 3);
    put_c(o, '-');
    break;
  case 2:
    put_s(o, area);
    put_c(o, '-');
    put_u(o, exch, 3);
    put_c(o, '-');
    break;
  default:
    put_s(o, area);
    put_c(o, '.');
    put_u(o, exch, 3);
    put_c(o, '.');
    break;
  }
  put_u(o, line, 4);
  o->items++;
}

static void put_lower(out *o, const char *s) {
  for (; *s; s++)
    if (*s != '\'') put_c(o, (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s));
}

static void item_email(out *o, rng *r, const char *first, const char *last) {
  switch (below(r, 4)) {
  case 0:
    put_lower(o, first);
    put_c(o, '.');
    put_lower(o, last);
    break;
  case 1:
    put_c(o, (char)(first[0] + 32));
    put_lower(o, last);
    put_u(o, range(r, 1, 99), 2);
    break;
  case 2:
    put_lower(o, first);
    put_c(o, '_');
    put_lower(o, last);
    put_u(o, range(r, 1950, 2010), 4);
    break;
  default:
    put_lower(o, last);
    put_lower(o, first);
    break;
  }
  put_c(o, '@');
  put_s(o, PICK(r, email_domains));
  o->items++;
}

/* "1234 Oak Street Apt 5" (one item) */
static void item_street(out *o, rng *r) {
  put_u(o, range(r, 1, 9899), 1);
  put_c(o, ' ');
  if (chance(r, 15)) put_s(o, chance(r, 50) ? "N " : "W ");
  put_s(o, PICK(r, street_names));
  put_c(o, ' ');
  put_s(o, PICK(r, street_suffixes));
  if (chance(r, 40)) {
    const char *u = PICK(r, unit_words);
    put_c(o, ' ');
    put_s(o, u);
    if (u[0] != '#') put_c(o, ' ');
    put_u(o, range(r, 1, 40), 1);
    if (chance(r, 25)) put_c(o, (char)('A' + below(r, 4)));
  }
  o->items++;
}

/* "Springfield, IL 62704" (one item) */
static void item_city_zip(out *o, rng *r, const place *p) {
  put_s(o, p->city);
  put_s(o, ", ");
  put_s(o, p->state);
  put_c(o, ' ');
  put_s(o, p->zip3);
  put_u(o, range(r, 1, 99), 2);
  if (chance(r, 20)) {
    put_c(o, '-');
    put_u(o, range(r, 1, 9999), 4);
  }
  o->items++;
}

static void item_mrn(out *o, rng *r) {
  switch (below(r, 4)) {
  case 0:
  case 1: put_s(o, "MRN: "); break;
  case 2: put_s(o, "MRN "); break;
  default: put_s(o, "Medical record number "); break;
  }
  put_u(o, below(r, 10000000), 8);
  o->items++;
}

static void item_member_id(out *o, rng *r) {
  put_s(o, chance(r, 70) ? "Member ID: " : "Member # ");
  for (int i = 0; i < 3; i++) put_c(o, (char)('A' + below(r, 26)));
  put_digits(o, r, 9);
  o->items++;
}

/* NPI: 10 digits, first 1 or 2, last the Luhn check digit of 80840 + 9 digits */
static void item_npi(out *o, rng *r) {
  int d[14] = {8, 0, 8, 4, 0};
  d[5] = (int)range(r, 1, 2);
  for (int i = 6; i < 14; i++) d[i] = (int)below(r, 10);
  int check = luhn_check_digit(d, 14);
  put_s(o, chance(r, 60) ? "NPI " : "NPI: ");
  for (int i = 5; i < 14; i++) put_c(o, (char)('0' + d[i]));
  put_c(o, (char)('0' + check));
  o->items++;
}

/* MBI letters: A-Z less S, L, O, I, B, Z */
static const char mbi_alpha[] = "ACDEFGHJKMNPQRTUVWXY";

static char mbi_letter(rng *r) { return mbi_alpha[below(r, (unsigned)sizeof mbi_alpha - 1)]; }

static char mbi_alnum(rng *r) {
  unsigned k = below(r, (unsigned)sizeof mbi_alpha - 1 + 10);
  return k < 10 ? (char)('0' + k) : mbi_alpha[k - 10];
}

static void item_mbi(out *o, rng *r) {
  char m[11];
  m[0] = (char)('1' + below(r, 9));
  m[1] = mbi_letter(r);
  m[2] = mbi_alnum(r);
  m[3] = (char)('0' + below(r, 10));
  m[4] = mbi_letter(r);
  m[5] = mbi_alnum(r);
  m[6] = (char)('0' + below(r, 10));
  m[7] = mbi_letter(r);
  m[8] = mbi_letter(r);
  m[9] = (char)('0' + below(r, 10));
  m[10] = (char)('0' + below(r, 10));
  put_s(o, chance(r, 50) ? "MBI " : "Medicare ID: ");
  int dashed = chance(r, 50);
  for (int i = 0; i < 11; i++) {
    if (dashed && (i == 4 || i == 7)) put_c(o, '-');
    put_c(o, m[i]);
  }
  o->items++;
}

/* 16-digit Visa (or sometimes Mastercard) with a valid Luhn digit */
static void item_card(out *o, rng *r) {
  int d[16];
  if (chance(r, 75)) {
    d[0] = 4;
    d[1] = (int)below(r, 10);
  } else {
    d[0] = 5;
    d[1] = (int)range(r, 1, 5);
  }
  for (int i = 2; i < 15; i++) d[i] = (int)below(r, 10);
  d[15] = luhn_check_digit(d, 15);
  char sep = "  -\0"[below(r, 4)]; /* space, space, dash, none */
  for (int i = 0; i < 16; i++) {
    if (sep && i && i % 4 == 0) put_c(o, sep);
    put_c(o, (char)('0' + d[i]));
  }
  o->items++;
}

static void item_icd(out *o, rng *r) {
  put_s(o, PICK(r, icd10));
  o->items++;
}

static void item_cpt(out *o, rng *r) {
  put_s(o, PICK(r, cpt));
  o->items++;
}

/* ------------------------------------------------------- the lookalikes */

static void look_order(out *o, rng *r) {
  put_s(o, "Order #");
  put_digits(o, r, 4);
  put_c(o, '-');
  put_digits(o, r, 2);
  put_c(o, '-');
  put_digits(o, r, 4);
}

static void look_money(out *o, rng *r) {
  put_s(o, "Invoice total $");
  unsigned v = range(r, 5, 98000);
  if (v >= 1000) {
    put_u(o, v / 1000, 1);
    put_c(o, ',');
    put_u(o, v % 1000, 3);
  } else {
    put_u(o, v, 1);
  }
  put_c(o, '.');
  put_u(o, below(r, 100), 2);
}

static void look_lab(out *o, rng *r) {
  unsigned k = below(r, (unsigned)COUNT(lab_names));
  put_s(o, lab_names[k]);
  put_c(o, ' ');
  unsigned v = range(r, lab_lo[k], lab_hi[k]);
  put_u(o, v / 10, 1);
  if (lab_decimal[k]) {
    put_c(o, '.');
    put_u(o, v % 10, 1);
  }
  put_c(o, ' ');
  put_s(o, lab_units[k]);
}

static void filler_sentences(out *o, rng *r, unsigned n) {
  for (unsigned i = 0; i < n; i++) {
    if (i) put_c(o, ' ');
    put_s(o, PICK(r, filler));
  }
}

/* --------------------------------------------------------------- a note */

static void note(out *o, rng *r, uint64_t encounter) {
  const char *first = PICK(r, first_names), *last = PICK(r, last_names);
  const place *p = &places[below(r, (unsigned)COUNT(places))];

  put_s(o, "=== Encounter ");
  put_u(o, encounter, 7);
  put_s(o, " ===\n");

  /* registration block */
  put_s(o, "Patient: ");
  put_s(o, first);
  put_c(o, ' ');
  put_s(o, last);
  put_s(o, "   ");
  item_dob(o, r);
  put_s(o, "   ");
  item_mrn(o, r);
  put_c(o, '\n');

  if (chance(r, 70)) {
    item_ssn(o, r);
    if (chance(r, 60)) {
      put_s(o, "   ");
      item_member_id(o, r);
    }
    if (chance(r, 35)) {
      put_s(o, "   ");
      item_mbi(o, r);
    }
    put_c(o, '\n');
  }
  if (chance(r, 80)) {
    put_s(o, chance(r, 50) ? "Address: " : "");
    item_street(o, r);
    put_c(o, '\n');
    item_city_zip(o, r, p);
    put_c(o, '\n');
  }
  if (chance(r, 85)) {
    put_s(o, chance(r, 50) ? "Phone: " : "Tel ");
    item_phone(o, r, p);
    if (chance(r, 60)) {
      put_s(o, "   Email: ");
      item_email(o, r, first, last);
    }
    put_c(o, '\n');
  }

  /* the visit */
  date dos = rand_date(r, 2019, 2025);
  if (chance(r, 60)) {
    put_s(o, "Date of service: ");
    put_iso(o, dos);
  } else {
    put_s(o, "Visit date ");
    put_mdy(o, r, dos);
  }
  o->items++;
  put_s(o, ".  Attending: Dr. ");
  put_s(o, PICK(r, last_names));
  put_s(o, ", ");
  item_npi(o, r);
  put_c(o, '\n');

  put_s(o, "Subjective: ");
  filler_sentences(o, r, range(r, 3, 9));
  put_c(o, '\n');
  put_s(o, PICK(r, ros));
  put_c(o, '\n');
  put_s(o, "History: ");
  filler_sentences(o, r, range(r, 7, 20));
  put_c(o, '\n');

  if (chance(r, 40)) {
    date adm = dos;
    put_s(o, "Pt was admitted on ");
    put_long_date(o, adm);
    o->items++;
    put_s(o, " with ");
    put_s(o, PICK(r, complaints));
    put_s(o, "; ");
    put_s(o, PICK(r, filler));
    put_c(o, '\n');
  }

  put_s(o, "Vitals: BP ");
  put_u(o, range(r, 100, 165), 1);
  put_c(o, '/');
  put_u(o, range(r, 60, 98), 1);
  put_s(o, ", HR ");
  put_u(o, range(r, 55, 110), 1);
  put_s(o, ", Temp ");
  put_u(o, range(r, 970, 1012) / 10, 1);
  put_c(o, '.');
  put_u(o, below(r, 10), 1);
  put_s(o, " F, SpO2 ");
  put_u(o, range(r, 91, 100), 1);
  put_s(o, "%, taken at ");
  put_u(o, range(r, 7, 19), 2);
  put_c(o, ':');
  put_u(o, below(r, 60), 2);
  put_s(o, " in room ");
  put_u(o, range(r, 100, 450), 1);
  put_s(o, ".\nMedications: ");
  for (unsigned n = range(r, 1, 4), i = 0; i < n; i++) {
    if (i) put_s(o, "; ");
    put_s(o, PICK(r, meds));
  }
  put_s(o, ".\nObjective: ");
  look_lab(o, r);
  put_s(o, ", ");
  look_lab(o, r);
  put_s(o, ". ");
  filler_sentences(o, r, range(r, 2, 5));
  put_c(o, '\n');

  put_s(o, "Assessment: ");
  put_s(o, PICK(r, icd10_words));
  put_s(o, ".  Dx: ");
  item_icd(o, r);
  for (unsigned n = below(r, 3); n; n--) {
    put_s(o, ", ");
    item_icd(o, r);
  }
  put_s(o, "; CPT ");
  item_cpt(o, r);
  if (chance(r, 50)) {
    put_s(o, ", ");
    item_cpt(o, r);
  }
  put_s(o, ".\n");

  put_s(o, "Plan: ");
  filler_sentences(o, r, range(r, 2, 6));
  if (chance(r, 30)) {
    put_s(o, " Call back at ");
    item_phone(o, r, p);
    put_c(o, '.');
  }
  put_c(o, '\n');

  if (chance(r, 45)) {
    put_s(o, "Billing: ");
    if (chance(r, 60)) {
      put_s(o, "card on file ");
      item_card(o, r);
      put_s(o, ", exp ");
      put_u(o, range(r, 1, 12), 2);
      put_c(o, '/');
      put_u(o, range(r, 25, 31), 2);
      put_s(o, ". ");
    }
    look_money(o, r);
    put_s(o, ". ");
    look_order(o, r);
    put_s(o, " shipped.\n");
  }
  if (chance(r, 50)) {
    put_s(o, "Addendum: ");
    filler_sentences(o, r, range(r, 2, 5));
    put_c(o, '\n');
  }
  put_c(o, '\n');
}

/* ---------------------------------------------------------------- main */

static int usage(void) {
  fputs("usage: gen-corpus DIR MEGABYTES [SEED]\n", stderr);
  return 2;
}

static int parse_u64(const char *s, uint64_t *v) {
  char *end;
  errno = 0;
  unsigned long long x = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return 0;
  *v = (uint64_t)x;
  return 1;
}

int main(int argc, char **argv) {
  uint64_t mb, seed = 1;
  if (argc < 3 || argc > 4 || !parse_u64(argv[2], &mb) || mb == 0 || mb > ((uint64_t)1 << 24))
    return usage();
  if (argc == 4 && !parse_u64(argv[3], &seed)) return usage();
  const char *dir = argv[1];
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "gen-corpus: %s: %s\n", dir, strerror(errno));
    return 1;
  }

  out o = {.cap = FILE_BYTES + 64 * LINE_MAX_BYTES};
  o.buf = malloc(o.cap);
  size_t pathcap = strlen(dir) + 32;
  char *path = malloc(pathcap);
  if (!o.buf || !path) {
    fputs("gen-corpus: out of memory\n", stderr);
    return 1;
  }

  uint64_t total = mb << 20, written = 0, items = 0, encounter = 0;
  unsigned files = 0;
  while (written < total) {
    files++;
    rng r;
    rng_seed(&r, seed, files);
    uint64_t left = total - written;
    size_t target = left < FILE_BYTES ? (size_t)left : FILE_BYTES;
    o.len = 0;
    o.items = 0;
    /* one note is well under 64 lines of LINE_MAX_BYTES: never overruns cap */
    while (o.len < target) note(&o, &r, ++encounter);

    snprintf(path, pathcap, "%s/notes-%04u.txt", dir, files);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(o.buf, 1, o.len, f) != o.len || fclose(f) != 0) {
      fprintf(stderr, "gen-corpus: %s: %s\n", path, strerror(errno));
      return 1;
    }
    written += o.len;
    items += o.items;
  }
  fprintf(stderr,
          "gen-corpus: %u files, %" PRIu64 " bytes, %" PRIu64
          " PII items (%.0f bytes/item), seed %" PRIu64 "\n",
          files, written, items, items ? (double)written / (double)items : 0.0, seed);
  free(path);
  free(o.buf);
  return 0;
}
