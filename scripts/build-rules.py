#!/usr/bin/env python3
"""Compiles the notification rules table data/rules/breach_rules.tsv from the research
table ../shared/data-raw/rules/us_state_breach_notification_rules.tsv, adding the HIPAA
rules (45 CFR 164.404-164.408). Run by hand when the research table changes; the output
is committed and is the table a lawyer reads and corrects (columns: data/rules/README.md).

What this script decides, so that a reader can check it:
- one `individual` rule per jurisdiction with a law: triggered by name + each element
  category the research marks Y (C: conditional, written with a trailing `?`);
  financial account and card numbers are always conditional (most statutes need the
  access code too, which no finding tells); online credentials need no name;
- a `regulator` and a `cra` rule where the research gives a recipient or a threshold;
- a `credit_monitoring` rule where a statute mandates it, with the elements it names;
- the clock of every deadline as the research reads the statute, classified by hand
  below (REGULATOR_DEADLINES); HIPAA effect classified from the research's wording.
"""
import csv
import re
import sys
from pathlib import Path

RAW = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data-raw")
OUT = Path(__file__).resolve().parents[1] / "data/rules/breach_rules.tsv"
CHECKED = "2026-11-23"

COLUMNS = ["jurisdiction", "name", "rule", "citation", "recipient", "trigger", "count_of",
           "min_count", "max_count", "deadline_days", "deadline_unit", "deadline_from",
           "deadline_text", "clock", "hipaa_covered_entity", "hipaa_note", "harm_threshold",
           "requirements", "verified", "verification", "last_checked", "sources"]

# Regulator deadline per jurisdiction: (days, unit, from). from "" = no fixed day.
REGULATOR_DEADLINES = {
    "AL": ("45", "days", "discovery"), "AZ": ("45", "days", "discovery"),
    "AR": ("45", "days", "discovery"), "CA": ("15", "days", "individual_notice"),
    "CO": ("30", "days", "discovery"), "CT": ("0", "days", "individual_notice"),
    "DE": ("0", "days", "individual_notice"), "DC": ("0", "days", "individual_notice"),
    "FL": ("30", "days", "discovery"), "IL": ("0", "days", "individual_notice"),
    "IN": ("0", "days", "individual_notice"), "IA": ("5", "business_days", "individual_notice"),
    "LA": ("10", "days", "individual_notice"), "ME": ("0", "days", "individual_notice"),
    "MD": ("0", "days", "individual_notice"), "MT": ("0", "days", "individual_notice"),
    "NE": ("0", "days", "individual_notice"), "NJ": ("0", "days", "individual_notice"),
    "NM": ("45", "days", "discovery"), "OK": ("60", "days", "individual_notice"),
    "OR": ("0", "days", "individual_notice"), "PA": ("0", "days", "individual_notice"),
    "PR": ("10", "days", "discovery"), "SD": ("60", "days", "discovery"),
    "TX": ("30", "days", "discovery"), "VT": ("14", "business_days", "discovery"),
    "WA": ("0", "days", "individual_notice"),
}

# Credit monitoring mandates: trigger alternatives (research column credit_monitoring).
CREDIT_MONITORING = {
    "CA": "name+ssn, name+tin, name+gov_id",
    "CT": "name+ssn, name+tin",
    "DE": "name+ssn",
    "DC": "name+ssn, name+tin",
    "MA": "name+ssn",
    "PA": "name+ssn, name+financial?, name+gov_id",
}

# HIPAA covered entities must also tell these attorneys general within 5 business days of
# notifying HHS (research: IL 815 ILCS 530/50; NY GBL 899-aa(9)).
AG_AFTER_HHS = {"IL": "815 ILCS 530/50", "NY": "N.Y. Gen. Bus. Law 899-aa(9)"}


# Where the research's wording needs a reading by hand: California deems a HIPAA entity
# compliant with the notice's content and form only (1798.82(e)); its 30-day clock applies.
HIPAA_OVERRIDE = {"CA": "applies"}


def hipaa_effect(text, code=""):
    if code in HIPAA_OVERRIDE:
        return HIPAA_OVERRIDE[code]
    t = text.lower()
    if not t or t.startswith("none") or "glba only" in t or "financial institutions only" in t:
        return "applies"
    if "not verified" in t or "may exist" in t or "confirm" in t:
        return "unclear"
    if t.startswith("exempt") or "does not apply" in t or "exempt if" in t:
        return "exempt"
    if "deemed compliant" in t or "satisfies individual notice" in t:
        return "deemed_compliant"
    return "unclear"


def verified(v):
    return "yes" if v.startswith("P(") else "no"


def individual_trigger(d):
    alts = []
    def add(flag, alt, always_conditional=False):
        if flag == "Y":
            alts.append(alt + ("?" if always_conditional else ""))
        elif flag == "C":
            alts.append(alt + "?")
    add(d["pi_ssn"], "name+ssn")
    if re.search(r"\bI?TIN\b|taxpayer", d["pi_notes"]):
        add(d["pi_ssn"], "name+tin")
    add(d["pi_dl_gov_id"], "name+gov_id")
    add(d["pi_financial_account"], "name+financial", always_conditional=True)
    add(d["pi_medical"], "name+medical")
    add(d["pi_health_insurance"], "name+health_insurance")
    add(d["pi_online_credentials"], "credentials")
    add(d["pi_date_of_birth"], "name+dob")
    return ", ".join(alts)


def row(**kw):
    r = {c: "" for c in COLUMNS}
    r.update(kw)
    r.setdefault("last_checked", CHECKED)
    return r


def hipaa_rows():
    cfr = ("compiled for this project from 45 CFR 164.400-164.414 (HIPAA Breach Notification Rule);"
           " the regulation text was not re-read when this row was written")
    src = "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-D"
    common = dict(jurisdiction="US", name="United States (HIPAA)", hipaa_covered_entity="covered_only",
                  verified="no", verification=cfr, sources=src, last_checked=CHECKED,
                  harm_threshold="presumed a breach unless a 4-factor risk assessment shows a low probability of compromise (164.402)")
    return [
        row(**common, rule="individual", citation="45 CFR 164.404", recipient="each affected individual",
            trigger="person", count_of="all", min_count="1", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="without unreasonable delay and in no case later than 60 calendar days after discovery",
            clock="discovery of the breach (164.404(a)(2): first day known, or would have been known with reasonable diligence)",
            requirements="first-class mail to last known address (or e-mail if agreed); plain language: what happened with dates of breach and discovery; types of unsecured PHI involved; steps individuals should take; what the entity is doing; contact procedures including a toll-free number, e-mail, website or postal address (164.404(c))"),
        row(**common, rule="next_of_kin", citation="45 CFR 164.404(d)(1)(ii)", recipient="next of kin or personal representative of each deceased individual",
            trigger="person", count_of="deceased", min_count="1", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="with individual notice, where the address of the next of kin or personal representative is known",
            clock="discovery of the breach", requirements="first-class mail; the same content as individual notice"),
        row(**common, rule="substitute", citation="45 CFR 164.404(d)(2)(i)", recipient="affected individuals without usable contact information (fewer than 10)",
            trigger="person", count_of="no_address", min_count="1", max_count="9", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="with individual notice", clock="discovery of the breach",
            requirements="substitute notice by an alternative form of written notice, telephone or other means"),
        row(**common, rule="substitute", citation="45 CFR 164.404(d)(2)(ii)", recipient="affected individuals without usable contact information (10 or more)",
            trigger="person", count_of="no_address", min_count="10", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="with individual notice", clock="discovery of the breach",
            requirements="conspicuous posting on the home page of the entity's website for 90 days, or conspicuous notice in major print or broadcast media where the individuals likely reside; and a toll-free number active for at least 90 days"),
        row(**common, rule="media", citation="45 CFR 164.406", recipient="prominent media outlets serving the state or jurisdiction",
            trigger="person", count_of="each_state", min_count="501", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="without unreasonable delay and in no case later than 60 calendar days after discovery (more than 500 residents of a State or jurisdiction)",
            clock="discovery of the breach", requirements="press release with the content of 164.404(c)"),
        row(**common, rule="hhs", citation="45 CFR 164.408(b)", recipient="Secretary of HHS (OCR breach portal)",
            trigger="person", count_of="all", min_count="500", deadline_days="60", deadline_unit="days",
            deadline_from="discovery", deadline_text="contemporaneously with individual notice, in no case later than 60 calendar days after discovery (500 or more individuals)",
            clock="discovery of the breach", requirements="OCR breach portal form (fields prefilled in this report)"),
        row(**common, rule="hhs", citation="45 CFR 164.408(c)", recipient="Secretary of HHS (OCR breach portal)",
            trigger="person", count_of="all", min_count="1", max_count="499", deadline_days="60", deadline_unit="days",
            deadline_from="year_end", deadline_text="not later than 60 days after the end of the calendar year in which the breach was discovered (fewer than 500 individuals)",
            clock="end of the calendar year of discovery", requirements="OCR breach portal form (fields prefilled in this report); may be logged and sent yearly"),
    ]


def state_rows(d):
    code, name = d["code"], d["jurisdiction"]
    base = dict(jurisdiction=code, name=name, citation=d["statute"], verified=verified(d["verification"]),
                verification=d["verification"], last_checked=d["last_checked"] or CHECKED, sources=d["sources"])
    if d["statute"].startswith("none"):
        base["verified"] = "no"
        return [row(**base, rule="none", recipient="",
                    requirements="no breach notification statute found in the sources consulted: check before relying on it")]
    effect = hipaa_effect(d["hipaa_provision"], code)
    trigger = individual_trigger(d)
    notes = "; ".join(x for x in [d["pi_notes"], "biometric data not detected by breachscope" if d["pi_biometric"] == "Y" else ""] if x)
    out = []
    days = d["indiv_deadline_days"]
    out.append(row(**base, rule="individual", recipient="affected residents", trigger=trigger, count_of="residents",
                   min_count="1", deadline_days=days, deadline_unit="days" if days else "",
                   deadline_from="discovery" if days else "", deadline_text=d["indiv_deadline_text"],
                   clock=d["indiv_deadline_clock"], hipaa_covered_entity=effect, hipaa_note=d["hipaa_provision"],
                   harm_threshold=d["harm_threshold"],
                   requirements="; ".join(x for x in [d["notice_content"], d["notice_must_not_include"] and "must not include: " + d["notice_must_not_include"], notes and "elements: " + notes] if x)))
    # Exempt entities owe nothing under the law; otherwise the regulator and the
    # agencies are told even when individual notice under HIPAA counts as compliance.
    later = "exempt" if effect == "exempt" else ("unclear" if effect == "unclear" else "applies")
    if d["regulator"] and d["regulator_min_residents"]:
        rd = REGULATOR_DEADLINES.get(code, ("", "", ""))
        out.append(row(**base, rule="regulator", recipient=d["regulator"], trigger=trigger, count_of="residents",
                       min_count=d["regulator_min_residents"], deadline_days=rd[0], deadline_unit=rd[1],
                       deadline_from=rd[2], deadline_text=d["regulator_deadline_text"] or d["regulator_threshold_text"],
                       clock=d["indiv_deadline_clock"] if rd[2] == "discovery" else ("individual notice" if rd[2] else ""),
                       hipaa_covered_entity=later, hipaa_note=d["hipaa_provision"], harm_threshold=d["harm_threshold"],
                       requirements=d["regulator_threshold_text"]))
    if d["cra_min_residents"]:
        out.append(row(**base, rule="cra", recipient="nationwide consumer reporting agencies", trigger=trigger,
                       count_of="residents", min_count=d["cra_min_residents"],
                       deadline_text="without unreasonable delay (" + d["cra_threshold_text"] + " residents notified)",
                       hipaa_covered_entity=later, hipaa_note=d["hipaa_provision"], harm_threshold=d["harm_threshold"],
                       requirements="timing, distribution and content of the notices"))
    if code in CREDIT_MONITORING:
        out.append(row(**base, rule="credit_monitoring", recipient="affected residents", trigger=CREDIT_MONITORING[code],
                       count_of="residents", min_count="1", deadline_days="0", deadline_unit="days",
                       deadline_from="individual_notice", deadline_text="offered in the individual notice",
                       hipaa_covered_entity=later, hipaa_note=d["hipaa_provision"], harm_threshold=d["harm_threshold"],
                       requirements=d["credit_monitoring"]))
    if code == "CA":
        # The research's CA row: clinics, health facilities, home health agencies and
        # hospices licensed by CDPH report unlawful access to medical information to CDPH
        # and the patient within 15 business days. Conditional (`?`): it depends on the
        # entity's licence, which the case does not record.
        cmia = "name+medical?, name+medical_record?, name+treatment_date?"
        h_and_s = dict(base, citation="Cal. Health & Safety Code 1280.15")
        for kind, who in (("individual", "each affected patient (CDPH-licensed facilities)"),
                          ("regulator", "California Department of Public Health (CDPH-licensed facilities)")):
            out.append(row(**h_and_s, rule=kind, recipient=who, trigger=cmia, count_of="residents",
                           min_count="1", deadline_days="15", deadline_unit="business_days",
                           deadline_from="discovery",
                           deadline_text="no later than 15 business days after the unlawful or unauthorized access, use or disclosure is detected",
                           clock="detection", hipaa_covered_entity="applies", hipaa_note=d["hipaa_provision"],
                           requirements="applies to clinics, health facilities, home health agencies and hospices licensed by CDPH"))
    if code in AG_AFTER_HHS:
        out.append(row(**dict(base, citation=AG_AFTER_HHS[code]), rule="regulator", recipient="Attorney General (HIPAA covered entities)",
                       trigger="person", count_of="residents", min_count="1", deadline_days="5",
                       deadline_unit="business_days", deadline_from="hhs_notice",
                       deadline_text="within 5 business days of notifying the Secretary of HHS",
                       clock="notice to HHS", hipaa_covered_entity="covered_only", hipaa_note=d["hipaa_provision"],
                       requirements="copy of the HHS notice"))
    return out


def clean(v):
    return re.sub(r"[\t\r\n]+", " ", v).strip()


def main():
    with open(RAW / "rules/us_state_breach_notification_rules.tsv", newline="") as f:
        states = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = hipaa_rows()
    for d in sorted(states, key=lambda d: d["code"]):
        rows.extend(state_rows(d))
    with open(OUT, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(clean(r[c]) for c in COLUMNS) + "\n")
    print(f"{OUT}: {len(rows)} rules")


main()
