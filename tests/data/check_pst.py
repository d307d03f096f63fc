#!/usr/bin/env python3
"""Checks a PST written by make_pst.py with two readers that share no code with it nor
with each other: readpst (libpst, Debian pst-utils) and pffexport (libpff, pff-tools).
Each must give back every folder, message (subject, sender, body) and attachment (name
and bytes) of the description the file was written from.

    python3 tests/data/check_pst.py SPEC.json FILE.pst

Prints one line per reader and exits 0 when both gave everything back, 1 otherwise
(the differences listed), 2 when a reader is missing or failed.
"""
import json
import os
import subprocess
import sys
import tempfile

from make_pst import attachment_bytes, body_text as body_of  # the description's reading only


def messages(folders, path=()):
    """(folder path, message) of every message of the description."""
    for f in folders:
        here = path + (f["name"],)
        for m in f.get("messages", []):
            yield here, m
        yield from messages(f.get("folders", []), here)


def run(command):
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    except FileNotFoundError:
        sys.exit("check_pst: %s not found (Debian: pst-utils, pff-tools)" % command[0])
    if done.returncode != 0:
        sys.exit("check_pst: %s failed: %s" % (command[0], done.stderr.decode(errors="replace")[-300:]))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_readpst(spec, base, pst, out):
    """readpst -S: a folder per folder under the store's name, a file per message (headers
    and body), NAME-attachment beside it."""
    os.mkdir(out)
    run(["readpst", "-q", "-j", "0", "-D", "-S", "-o", out, pst])
    store = os.path.join(out, spec.get("name", "Personal Folders"))
    problems, count = [], 0
    by_folder = {}
    for path, m in messages(spec.get("folders", [])):
        by_folder.setdefault(path, []).append(m)
    for path, wanted in by_folder.items():
        # readpst names the store's first folder after the store itself.
        candidates = [os.path.join(store, *path), os.path.join(store, *path[1:])]
        folder = next((c for c in candidates if os.path.isdir(c)), None)
        if not folder:
            problems.append("readpst: no folder %s" % "/".join(path))
            continue
        files = {n: read(os.path.join(folder, n)) for n in os.listdir(folder)
                 if os.path.isfile(os.path.join(folder, n))}
        mails = {n: t for n, t in files.items() if n.isdigit()}
        for m in wanted:
            subject = ("Subject: " + m.get("subject", "")).encode() + b"\n"
            found = [n for n, t in mails.items() if subject in t.replace(b"\r\n", b"\n")]
            if len(found) != 1:
                problems.append("readpst: %s/%s: %d messages with this subject" % ("/".join(path), m.get("subject"), len(found)))
                continue
            before = len(problems)
            text = mails[found[0]].replace(b"\r\n", b"\n")
            body = body_of(m, base).encode("utf-8")
            if body and body not in text:
                problems.append("readpst: %s: body differs" % m.get("subject"))
            if m.get("sender_address") and m["sender_address"].encode() not in text.split(b"\n\n")[0]:
                problems.append("readpst: %s: no sender" % m.get("subject"))
            for a in m.get("attachments", []):
                name = "%s-%s" % (found[0], a["filename"])
                if files.get(name) != attachment_bytes(a, base):
                    problems.append("readpst: %s: attachment %s %s" % (m.get("subject"), a["filename"],
                                                                       "differs" if name in files else "missing"))
            count += len(problems) == before
    return count, problems


def check_pffexport(spec, base, pst, out):
    """pffexport: "Top of Personal Folders"/FOLDER/MessageNNNNN with Message.txt (the
    body), OutlookHeaders.txt (subject, sender) and Attachments/N_NAME."""
    run(["pffexport", "-q", "-m", "all", "-t", out, pst])
    top = os.path.join(out + ".export", "Top of Personal Folders")
    problems, count = [], 0
    for path, m in messages(spec.get("folders", [])):
        folder = os.path.join(top, *path)
        if not os.path.isdir(folder):
            problems.append("pffexport: no folder %s" % "/".join(path))
            continue
        found = []
        for n in sorted(os.listdir(folder)):
            headers = os.path.join(folder, n, "OutlookHeaders.txt")
            if n.startswith("Message") and os.path.exists(headers):
                lines = read(headers).decode("utf-8", "replace").splitlines()
                if ("Subject:\t\t\t\t" + m.get("subject", "")) in lines:
                    found.append(os.path.join(folder, n))
        if len(found) != 1:
            problems.append("pffexport: %s/%s: %d messages with this subject" % ("/".join(path), m.get("subject"), len(found)))
            continue
        before = len(problems)
        body = body_of(m, base)
        got = os.path.join(found[0], "Message.txt")
        if body and (not os.path.exists(got) or read(got).decode("utf-8", "replace").rstrip("\n") != body.rstrip("\n")):
            problems.append("pffexport: %s: body differs" % m.get("subject"))
        if m.get("sender_address") and m["sender_address"] not in read(os.path.join(found[0], "OutlookHeaders.txt")).decode():
            problems.append("pffexport: %s: no sender" % m.get("subject"))
        for i, a in enumerate(m.get("attachments", []), 1):
            name = os.path.join(found[0], "Attachments", "%d_%s" % (i, a["filename"]))
            if not os.path.exists(name) or read(name) != attachment_bytes(a, base):
                problems.append("pffexport: %s: attachment %s %s" % (m.get("subject"), a["filename"],
                                                                     "differs" if os.path.exists(name) else "missing"))
        count += len(problems) == before
    return count, problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    spec_path, pst = sys.argv[1], os.path.abspath(sys.argv[2])
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    base = os.path.dirname(os.path.abspath(spec_path))
    wanted = sum(1 for _ in messages(spec.get("folders", [])))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, check in (("readpst", check_readpst), ("pffexport", check_pffexport)):
            count, problems = check(spec, base, pst, os.path.join(tmp, name))
            print("%s: %d of %d messages given back whole" % (name, count, wanted))
            for p in problems:
                print("  " + p)
            failed |= bool(problems) or count != wanted
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
