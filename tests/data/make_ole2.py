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
    """A compound file with the given {name: bytes} streams at the root. Streams are
    padded to the mini-stream cutoff so that all live in regular sectors."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    data = {n: streams[n] + b"\0" * max(0, MINI_CUTOFF - len(streams[n])) for n in names}
    sizes = {n: len(streams[n]) if len(streams[n]) >= MINI_CUTOFF else MINI_CUTOFF for n in names}
    entries = 1 + len(names)
    dir_sectors = (entries * 128 + SECTOR - 1) // SECTOR
    data_sectors = sum((len(d) + SECTOR - 1) // SECTOR for d in data.values())
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109
    fat = [FATSECT] * fat_sectors
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [ENDOFCHAIN]
    starts = {}
    body = b""
    for n in names:
        count = (len(data[n]) + SECTOR - 1) // SECTOR
        starts[n] = len(fat)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        body += data[n] + b"\0" * (count * SECTOR - len(data[n]))
    fat += [FREESECT] * (fat_sectors * SECTOR // 4 - len(fat))

    def entry(name, kind, child, right, start, size):
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1) +
                struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 +
                b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 1 if names else NOSTREAM, NOSTREAM, ENDOFCHAIN, 0)
    for i, n in enumerate(names):  # a chain to the right: names in CFB order
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        directory += entry(n, 2, NOSTREAM, right, starts[n], sizes[n])
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 +
              struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
              struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, MINI_CUTOFF, ENDOFCHAIN,
                          0, ENDOFCHAIN, 0))
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


def main():
    out = "tests/data"
    os.makedirs(out + "/xls", exist_ok=True)
    os.makedirs(out + "/doc", exist_ok=True)
    os.makedirs(out + "/ole2", exist_ok=True)
    files = {
        "xls/patients.xls": cfb({"Workbook": workbook()}),
        "xls/encrypted.xls": cfb({"Workbook": workbook(encrypted=True)}),
        "doc/letter.doc": cfb(word()),
        "doc/encrypted.doc": cfb(word(encrypted=True)),
        "ole2/encrypted.docx": cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                    "EncryptedPackage": struct.pack("<Q", 5000) + b"\xAB" * 64}),
        "ole2/slides.ppt": cfb({"PowerPoint Document": b"\0" * 64, "Current User": b"\0" * 16}),
        "ole2/other.bin": cfb({"Contents": b"nothing here"}),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
