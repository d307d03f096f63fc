#!/usr/bin/env python3
"""Writes the OLE2 test fixtures of tests/data/ (see README.md there): minimal but valid
compound files ([MS-CFB] version 3) holding an Excel 97-2003 workbook (BIFF8), a Word
97-2003 document, their password-encrypted forms, an encrypted OOXML package, a
PowerPoint file and an OLE2 file of no known kind. Every identity in them is made up.

Run from the repository root: python3 tests/data/make_ole2.py
"""
import datetime
import os
import struct

SECTOR = 512
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MINI_CUTOFF = 4096


def cfb(streams):
    """A compound file with the given {name: bytes or {name: ...}} streams and storages
    at the root: streams of 4096 bytes or more in regular sectors, smaller ones in the
    mini stream."""
    entries = []  # [name, kind, child, right, stream bytes or None, size]

    def add(tree):
        """Adds the children of a storage; returns the id of the first (a chain to the
        right, in CFB order: shorter names first, then case-insensitive)."""
        ids = []
        for name in sorted(tree, key=lambda n: (len(n), n.upper())):
            value = tree[name]
            entries.append([name, 1 if isinstance(value, dict) else 2, NOSTREAM, NOSTREAM,
                            None if isinstance(value, dict) else value, 0])
            ids.append(len(entries) - 1)
            if isinstance(value, dict):
                entries[ids[-1]][2] = add(value)
        for a, b in zip(ids, ids[1:]):
            entries[a][3] = b
        return ids[0] if ids else NOSTREAM

    entries.append(["Root Entry", 5, NOSTREAM, NOSTREAM, None, 0])
    entries[0][2] = add(streams)
    # Streams under the cutoff live in the mini stream (64-byte sectors, chained by the
    # mini FAT), itself a regular stream whose start and size the root entry holds.
    MINI = 64
    mini_fat, mini_data, mini_starts = [], b"", {}
    for e in entries:
        if e[4] is not None and len(e[4]) < MINI_CUTOFF:
            count = max(1, (len(e[4]) + MINI - 1) // MINI)
            mini_starts[id(e)] = len(mini_fat)
            mini_fat += [len(mini_fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
            mini_data += e[4].ljust(count * MINI, b"\0")
            e[5] = len(e[4])
    big = [e for e in entries if e[4] is not None and len(e[4]) >= MINI_CUTOFF]
    for e in big:
        e[5] = len(e[4])
    chunks = [e[4] for e in big]
    if mini_data:
        chunks.append(mini_data)
        mini_fat_bytes = struct.pack("<%dI" % len(mini_fat), *mini_fat)
        mini_fat_bytes += struct.pack("<I", FREESECT) * ((-len(mini_fat_bytes) % SECTOR) // 4)
        chunks.append(mini_fat_bytes)
    dir_sectors = (len(entries) * 128 + SECTOR - 1) // SECTOR
    data_sectors = sum((len(c) + SECTOR - 1) // SECTOR for c in chunks)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109
    fat = [FATSECT] * fat_sectors
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [ENDOFCHAIN]
    chunk_starts = []
    body = b""
    for c in chunks:
        count = (len(c) + SECTOR - 1) // SECTOR
        chunk_starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        body += c + b"\0" * (count * SECTOR - len(c))
    fat += [FREESECT] * (fat_sectors * SECTOR // 4 - len(fat))
    starts = {id(e): chunk_starts[i] for i, e in enumerate(big)}
    starts.update(mini_starts)
    mini_fat_start, mini_fat_count = ENDOFCHAIN, 0
    if mini_data:
        entries[0][5] = len(mini_data)
        starts[id(entries[0])] = chunk_starts[len(big)]
        mini_fat_start = chunk_starts[len(big) + 1]
        mini_fat_count = (len(chunks[-1]) + SECTOR - 1) // SECTOR

    def entry(name, kind, child, right, start, size):
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1) +
                struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 +
                b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = b"".join(
        entry(e[0], e[1], e[2], e[3], starts.get(id(e), ENDOFCHAIN), e[5]) for e in entries)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 +
              struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
              struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, MINI_CUTOFF, mini_fat_start,
                          mini_fat_count, ENDOFCHAIN, 0))
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    assert len(header) == SECTOR
    return header + struct.pack("<%dI" % len(fat), *fat) + directory + body


# ---- BIFF8 ([MS-XLS]) -------------------------------------------------------------------

def rec(kind, payload=b""):
    return struct.pack("<HH", kind, len(payload)) + payload


def bof(kind):
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def serial(date):
    return (date - datetime.date(1899, 12, 30)).days


def workbook(encrypted=False):
    strings = ["MRN", "Last Name", "DOB", "SSN", "Phone", "00123456", "Okafor", "(312) 555-0142",
               "Note", "Call José re SSN 287-65-4320"]
    sst = struct.pack("<II", len(strings), len(strings))
    for s in strings:
        wide = any(ord(c) > 0xFF for c in s)
        sst += struct.pack("<HB", len(s), 1 if wide else 0)
        sst += s.encode("utf-16-le" if wide else "latin-1")

    def label(row, col, index, xf=0):
        return rec(0x00FD, struct.pack("<HHHI", row, col, xf, index))

    def number(row, col, value, xf=0):
        return rec(0x0203, struct.pack("<HHHd", row, col, xf, value))

    sheets = [
        ("Patients", [bof(0x10), rec(0x0200, struct.pack("<IIHHH", 0, 4, 0, 5, 0)),
                      label(0, 0, 0), label(0, 1, 1), label(0, 2, 2), label(0, 3, 3),
                      label(0, 4, 4), label(1, 0, 5), label(1, 1, 6),
                      number(1, 2, serial(datetime.date(1962, 3, 14)), 1),
                      number(1, 3, 123456789), label(1, 4, 7), number(3, 3, 1.5),
                      rec(0x000A)]),
        ("Notes", [bof(0x10), rec(0x0200, struct.pack("<IIHHH", 1, 2, 1, 2, 0)),
                   label(1, 1, 9), rec(0x000A)]),
    ]
    xf_general = rec(0x00E0, struct.pack("<HH", 0, 0) + b"\0" * 16)
    xf_date = rec(0x00E0, struct.pack("<HH", 0, 14) + b"\0" * 16)  # built-in format 14: m/d/yy
    globals_head = bof(0x05)
    if encrypted:  # FILEPASS, RC4 CryptoAPI header: content is not used by readers
        globals_head += rec(0x002F, struct.pack("<HHH", 1, 4, 2) + b"\x11" * 48)
    globals_head += rec(0x0042, struct.pack("<H", 0x04B0)) + rec(0x0022, struct.pack("<H", 0))
    globals_head += xf_general + xf_date

    def boundsheets(offsets):
        out = b""
        for (name, _), offset in zip(sheets, offsets):
            out += rec(0x0085, struct.pack("<IHBB", offset, 0, len(name), 0) + name.encode("latin-1"))
        return out

    tail = rec(0x00FC, sst) + rec(0x000A)
    size = len(globals_head) + len(boundsheets([0] * len(sheets))) + len(tail)
    offsets = []
    for _, records in sheets:
        offsets.append(size)
        size += len(b"".join(records))
    return (globals_head + boundsheets(offsets) + tail +
            b"".join(b"".join(records) for _, records in sheets))


# ---- Word 97 ([MS-DOC]) ------------------------------------------------------------------

def word(encrypted=False):
    compressed = "Patient: Mary Okafor\rSSN: 123-45-6789\rDOB 03/14/1962\r\x13 HYPERLINK \x14link\x15\r"
    wide = "Paciente: José Pérez \u2013 MRN 00123456\r"
    fc1, fc2 = 0x800, 0xA00
    flags = 0x0200 | (0x0100 if encrypted else 0)  # fWhichTblStm: 1Table
    fib_base = struct.pack("<HHHHHHHHIBBHHII", 0xA5EC, 0x00C1, 0, 0x0409, 0, flags, 0x00BF, 0, 0,
                           0, 0, 0, 0, 0, 0)[:32].ljust(32, b"\0")
    rg_lw = [0] * 22
    rg_lw[3] = len(compressed) + len(wide)  # ccpText
    fc_lcb = [0] * (93 * 2)
    cps = [0, len(compressed), len(compressed) + len(wide)]
    pcds = [struct.pack("<HIH", 0, (fc1 * 2) | 0x40000000, 0), struct.pack("<HIH", 0, fc2, 0)]
    plc = struct.pack("<3I", *cps) + b"".join(pcds)
    clx = b"\x01" + struct.pack("<H", 2) + b"\0\0" + b"\x02" + struct.pack("<I", len(plc)) + plc
    fc_lcb[33 * 2], fc_lcb[33 * 2 + 1] = 0, len(clx)
    fib = (fib_base + struct.pack("<H", 14) + b"\0" * 28 + struct.pack("<H", 22) +
           struct.pack("<22I", *rg_lw) + struct.pack("<H", 93) + struct.pack("<186I", *fc_lcb))
    stream = bytearray(fib.ljust(0xC00, b"\0"))
    stream[fc1:fc1 + len(compressed)] = compressed.encode("cp1252")
    stream[fc2:fc2 + 2 * len(wide)] = wide.encode("utf-16-le")
    return {"WordDocument": bytes(stream), "1Table": clx}


# ---- Outlook message ([MS-OXMSG]) ---------------------------------------------------------

def unicode_prop(pid, text):
    return "__substg1.0_%04X001F" % pid, text.encode("utf-16-le")


def message(subject, body, attachments=(), embedded=None, top=True):
    props = bytearray(32 if top else 24)
    when = datetime.datetime(2024, 7, 2, 15, 0, tzinfo=datetime.timezone.utc)
    ticks = int((when - datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)).total_seconds()) * 10**7
    props += struct.pack("<IIQ", 0x00390040, 6, ticks)  # PidTagClientSubmitTime
    tree = dict([unicode_prop(0x0037, subject), unicode_prop(0x1000, body),
                 unicode_prop(0x0C1A, "Clinic Billing"), unicode_prop(0x5D01, "billing@example.com"),
                 unicode_prop(0x0E04, "Mary Okafor")])
    tree["__properties_version1.0"] = bytes(props)
    tree["__recip_version1.0_#00000000"] = dict([unicode_prop(0x3001, "Mary Okafor"),
                                                 unicode_prop(0x39FE, "mary.okafor@example.org")])
    for i, (name, data) in enumerate(attachments):
        tree["__attach_version1.0_#%08X" % i] = dict([unicode_prop(0x3707, name),
                                                      ("__substg1.0_37010102", data)])
    if embedded is not None:
        tree["__attach_version1.0_#%08X" % len(attachments)] = {
            "__substg1.0_3701000D": embedded, "__properties_version1.0": b"\0" * 8}
    return tree


def main():
    out = "tests/data"
    os.makedirs(out + "/xls", exist_ok=True)
    os.makedirs(out + "/doc", exist_ok=True)
    os.makedirs(out + "/ole2", exist_ok=True)
    os.makedirs(out + "/msg", exist_ok=True)
    files = {
        "xls/patients.xls": cfb({"Workbook": workbook()}),
        "xls/encrypted.xls": cfb({"Workbook": workbook(encrypted=True)}),
        "doc/letter.doc": cfb(word()),
        "doc/encrypted.doc": cfb(word(encrypted=True)),
        "ole2/encrypted.docx": cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                    "EncryptedPackage": struct.pack("<Q", 5000) + b"\xAB" * 64}),
        "msg/statement.msg": cfb(message(
            "Statement for José", "Patient Mary Okafor\r\nSSN 123-45-6789\r\n",
            [("claims.csv", b"MRN,SSN\n00777001,287-65-4320\n")],
            message("Fwd: lab", "MRN 00123456", top=False))),
        "ole2/slides.ppt": cfb({"PowerPoint Document": b"\0" * 64, "Current User": b"\0" * 16}),
        "ole2/other.bin": cfb({"Contents": b"nothing here"}),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
