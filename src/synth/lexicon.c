/* The hand-written lists of lexicon.h. Street names are the commonest in the US
 * (numbers, trees, presidents, landscape); codes are the ones a primary-care group
 * bills every day, so that notes read like real ones. */
#include "synth/lexicon.h"

const char *bs_lexicon_street_names[] = {
    "Main",     "Oak",      "Maple",    "Washington", "Park",      "Elm",          "Cedar",
    "Lake",     "Hill",     "Pine",     "Walnut",     "Spring",    "Church",       "Center",
    "High",     "Mill",     "River",    "Lincoln",    "Jefferson", "Madison",      "Jackson",
    "Franklin", "Adams",    "Monroe",   "Highland",   "Sunset",    "Ridge",        "Forest",
    "Meadow",   "Willow",   "Chestnut", "Birch",      "Spruce",    "Hickory",      "Poplar",
    "Dogwood",  "Magnolia", "Cherry",   "Locust",     "Sycamore",  "Prospect",     "Pleasant",
    "Union",    "Market",   "Broad",    "School",     "Water",     "Bridge",       "Valley",
    "Fairview", "Woodland", "Lakeview", "Hillcrest",  "Greenwood", "Orchard",      "Riverside",
    "College",  "Academy",  "Liberty",  "Cherokee",   "Mulberry",  "Laurel",       "Holly",
    "Aspen",    "Juniper",  "Summit",   "Grove",      "Heritage",  "Country Club", "Old Mill",
    "2nd",      "3rd",      "4th",      "5th",        "6th",       "7th",          "8th",
    "9th",      "10th",     "11th",     "12th",       "First",     "Second",       "Third",
    "Fourth",   "Fifth",    "Sixth",    "Seventh",    "Eighth"};

const bs_coded bs_lexicon_diagnoses[] = {
    {"I10", "essential hypertension"},
    {"E11.9", "type 2 diabetes mellitus without complications"},
    {"E11.65", "type 2 diabetes mellitus with hyperglycemia"},
    {"E78.5", "hyperlipidemia, unspecified"},
    {"J06.9", "acute upper respiratory infection"},
    {"M54.50", "low back pain, unspecified"},
    {"K21.9", "gastro-esophageal reflux disease without esophagitis"},
    {"F32.9", "major depressive disorder, single episode"},
    {"F41.9", "anxiety disorder, unspecified"},
    {"J45.909", "unspecified asthma, uncomplicated"},
    {"E03.9", "hypothyroidism, unspecified"},
    {"N39.0", "urinary tract infection"},
    {"R06.02", "shortness of breath"},
    {"M17.9", "osteoarthritis of knee"},
    {"G47.33", "obstructive sleep apnea"},
    {"E66.01", "morbid obesity due to excess calories"},
    {"Z00.00", "general adult medical examination without abnormal findings"},
    {"Z23", "encounter for immunization"},
    {"J20.9", "acute bronchitis"},
    {"R51.9", "headache"},
    {"I25.10", "atherosclerotic heart disease of native coronary artery"},
    {"I48.0", "paroxysmal atrial fibrillation"},
    {"N18.3", "chronic kidney disease, stage 3"},
    {"K59.00", "constipation"},
    {"L30.9", "dermatitis"},
    {"H66.90", "otitis media"},
    {"J01.90", "acute sinusitis"},
    {"B34.9", "viral infection"},
    {"R10.9", "abdominal pain"},
    {"Z12.31", "screening mammogram for malignant neoplasm of breast"},
    {"D64.9", "anemia"},
    {"E55.9", "vitamin D deficiency"},
    {"J30.1", "allergic rhinitis due to pollen"},
    {"Z00.129", "routine child health examination without abnormal findings"},
};

const bs_coded bs_lexicon_cpt_codes[] = {
    {"99213", "office visit, established patient, low complexity"},
    {"99214", "office visit, established patient, moderate complexity"},
    {"99203", "office visit, new patient, low complexity"},
    {"99204", "office visit, new patient, moderate complexity"},
    {"99396", "preventive visit, established patient, 40-64"},
    {"99395", "preventive visit, established patient, 18-39"},
    {"99397", "preventive visit, established patient, 65 and over"},
    {"99392", "preventive visit, established patient, 1-4 years"},
    {"36415", "venipuncture"},
    {"80053", "comprehensive metabolic panel"},
    {"85025", "complete blood count with differential"},
    {"83036", "hemoglobin A1c"},
    {"80061", "lipid panel"},
    {"93000", "electrocardiogram"},
    {"90471", "immunization administration"},
    {"90686", "influenza vaccine, quadrivalent"},
    {"71046", "chest x-ray, 2 views"},
    {"81002", "urinalysis, non-automated"},
    {"20610", "arthrocentesis, major joint"},
    {"69210", "removal of impacted cerumen"},
};

const bs_coded bs_lexicon_hcpcs_codes[] = {
    {"G0438", "annual wellness visit, initial"},
    {"G0439", "annual wellness visit, subsequent"},
    {"G0008", "administration of influenza vaccine"},
    {"G0009", "administration of pneumococcal vaccine"},
    {"J1100", "dexamethasone sodium phosphate injection"},
    {"J3301", "triamcinolone acetonide injection"},
    {"J1030", "methylprednisolone acetate injection"},
    {"J7613", "albuterol inhalation solution"},
    {"G0444", "annual depression screening"},
    {"J0696", "ceftriaxone sodium injection"},
    {"A4253", "blood glucose test strips"},
    {"E0114", "crutches, underarm"},
};

const bs_lab_test bs_lexicon_lab_tests[] = {
    {"Glucose", "mg/dL", "70-99", 62, 240, 0},
    {"Hemoglobin A1c", "%", "4.0-5.6", 4.6, 11.5, 1},
    {"WBC", "K/uL", "4.0-11.0", 3.1, 14.8, 1},
    {"Hemoglobin", "g/dL", "12.0-17.5", 9.8, 17.9, 1},
    {"Platelets", "K/uL", "150-400", 110, 460, 0},
    {"Sodium", "mmol/L", "135-145", 131, 147, 0},
    {"Potassium", "mmol/L", "3.5-5.1", 3.2, 5.6, 1},
    {"Creatinine", "mg/dL", "0.6-1.3", 0.5, 2.4, 2},
    {"eGFR", "mL/min/1.73m2", ">60", 28, 118, 0},
    {"LDL Cholesterol", "mg/dL", "<100", 58, 212, 0},
    {"HDL Cholesterol", "mg/dL", ">40", 28, 92, 0},
    {"Triglycerides", "mg/dL", "<150", 61, 420, 0},
    {"TSH", "uIU/mL", "0.45-4.50", 0.2, 9.8, 2},
    {"Vitamin D, 25-OH", "ng/mL", "30-100", 11, 74, 0},
    {"ALT", "U/L", "7-56", 9, 98, 0},
};

/* Member id patterns after the cards of each plan family. */
const bs_payer bs_lexicon_payers[] = {
    {"Blue Cross Blue Shield", "AAA#########"},
    {"Aetna", "W#########"},
    {"UnitedHealthcare", "#########"},
    {"Cigna", "U########01"},
    {"Humana", "H########"},
    {"Medicaid", "############"},
    {"Kaiser Permanente", "########"},
    {"Anthem", "AAA#######"},
};

const char *bs_lexicon_email_domains[] = {"gmail.com",   "yahoo.com",  "outlook.com",
                                          "hotmail.com", "icloud.com", "aol.com",
                                          "comcast.net", "att.net",    "verizon.net"};

const char *bs_lexicon_specialties[] = {
    "Internal Medicine", "Family Medicine", "Pediatrics",   "Cardiology",  "Endocrinology",
    "Orthopedics",       "Dermatology",     "Neurology",    "Pulmonology", "Gastroenterology",
    "Nephrology",        "Psychiatry",      "Rheumatology", "Urology"};

const char *bs_lexicon_complaints[] = {"follow-up of chronic conditions",
                                       "cough and congestion for five days",
                                       "low back pain after lifting",
                                       "medication refill",
                                       "annual physical",
                                       "fatigue and poor sleep",
                                       "knee pain, worse on stairs",
                                       "burning on urination",
                                       "rash on both forearms",
                                       "shortness of breath on exertion",
                                       "ear pain and fever",
                                       "headaches, three a week",
                                       "blood pressure check",
                                       "lab review"};

const char *bs_lexicon_medications[] = {
    "lisinopril 10 mg daily",    "metformin 500 mg twice daily",    "atorvastatin 20 mg nightly",
    "amlodipine 5 mg daily",     "levothyroxine 50 mcg daily",      "omeprazole 20 mg daily",
    "sertraline 50 mg daily",    "albuterol HFA 2 puffs as needed", "losartan 50 mg daily",
    "ibuprofen 600 mg as needed"};

#define BS_LEXICON_COUNT(type, name)                                                               \
  const size_t bs_lexicon_##name##_count = sizeof bs_lexicon_##name / sizeof bs_lexicon_##name[0];
BS_LEXICON_LISTS(BS_LEXICON_COUNT)
#undef BS_LEXICON_COUNT
