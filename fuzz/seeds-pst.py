#!/usr/bin/env python3
"""Writes the valid seeds of fuzz_pst (fuzz/corpus/pst/): two small Outlook stores made
by tests/data/make_pst.py ([MS-PST], Unicode), so that the fuzzer starts past the header,
in the B-trees, heaps, tables and attachments. A store cannot be much smaller: the first
allocation map sits at byte 0x4400. Run from the repository root; deterministic."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data"))
import make_pst  # noqa: E402

OUT = "fuzz/corpus/pst"

make_pst.write({"name": "Seed", "folders": [{"name": "Inbox", "messages": [
    {"subject": "Lab results", "sender_name": "Clinic Billing", "sender_address": "billing@clinic.example",
     "date": "2024-07-02T10:00:00", "to": [{"name": "Mary Okafor", "address": "mary.okafor@example.org"}],
     "body": "Patient: Mary Okafor  DOB: 03/14/1962\nSSN: 123-45-6789  Phone: (312) 555-0142\n",
     "attachments": [{"filename": "claims.csv", "text": "MRN,SSN\n00777001,287-65-4320\n"}]}]}]},
    os.path.join(OUT, "inbox-attachment.pst"))

make_pst.write({"name": "Seed", "folders": [{"name": "Inbox", "folders": [{"name": "Referrals", "messages": [
    {"subject": "Referral for MRN 00123456", "date": "2024-07-03T09:30:00",
     "body": "".join("Note %d: seen today, MBI 1EG4-TE5-MK73.\n" % i for i in range(120))}]}]}]},
    os.path.join(OUT, "nested-long-body.pst"))
