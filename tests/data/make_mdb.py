#!/usr/bin/env python3
"""Writes Microsoft Access databases (Jet 4, Access 2000-2003, and Jet 3, Access 97 .mdb)
from a small spec of tables, columns and rows, with the Python standard library only:
the test fixtures of the Access reader (tests/e2e.sh, fuzz/corpus/mdb, bench/formats).
Every identity in the built-in sample is made up.

    python3 tests/data/make_mdb.py OUT.mdb                 the built-in sample (Jet 4)
    python3 tests/data/make_mdb.py OUT.mdb --jet 3         the same sample as Jet 3
    python3 tests/data/make_mdb.py OUT.mdb --spec S.json   tables from a JSON spec
    python3 tests/data/make_mdb.py OUT.mdb --damage KIND   the sample, then damaged
    python3 tests/data/make_mdb.py OUT.mdb --small         its first table, two rows

Damage kinds: empty; truncated-header (100 bytes); truncated-catalog (cut where the
catalog's rows begin); truncated-table (inside the first table's data page: the tables
after it lost); truncated-lval (before the last page of a memo chained over pages);
tdef (a column count past the descriptors, the rest of the page garbage); row-offset
(the last row's offset past the page); tdef-loop (a definition continuing on itself);
lval-loop (a chained memo's last piece pointing back to its first).

A spec: {"jet": 4, "tables": [{"name": "Patients", "columns": [{"name": "MRN", "type":
"text", "size": 10}, ...], "rows": [["00123456", ...], ...]}]}. Column types: text
(size in characters, at most 255), memo, long, int, byte, bool, currency, double,
datetime. Values: strings, numbers, true/false, "YYYY-MM-DD[ HH:MM:SS]" for datetime,
null. Output is byte-for-byte the same for the same spec.

The file format, as mdbtools' HACKING.md and Jackcess describe it (offsets below are
Jet 4's; Jet 3's differ where the Format class says):

- The file is pages of 4096 bytes (Jet 3: 2048); the first byte of a page is its type.
- Page 0, the database header: 00 01 00 00, "Standard Jet DB", the version at 0x14
  (0 Jet 3, 1 Jet 4), then 128 bytes (Jet 3: 126) from 0x18 masked with RC4 under the
  fixed key C7 DA 39 6B. Inside the mask: the code page at 0x3C, the page encryption key
  at 0x3E (0: pages not encrypted), the password at 0x42 (Jet 4: XORed with the whole
  days of the creation date, which sits at 0x72 as an OLE date), the sort order at 0x6E.
- Page 1, a data page without a table, whose row 0 is the global usage map.
- Page 2, the table definition (TDEF, type 2) of the catalog, MSysObjects: one row per
  object; a table's row holds the page of its TDEF in Id and 1 in Type. Flags 0x80000000
  or 0x2 mark system tables. Written here: page 3 its usage maps, then its rows, then
  per table its TDEF, usage maps, data pages and long-value pages.
- A TDEF: header (row count, column counts, the row pointers of the table's two usage
  maps), one 25-byte descriptor per column (type, number, index among variable columns,
  offset among fixed ones, length, flags), the column names (UCS-2, length first), then
  per memo column the row pointers of its long-value usage maps, ended by FF FF. A TDEF
  longer than a page continues on the page its bytes 4-7 name.
- Data pages (type 1): the TDEF page at 4, the row count at 12, the row offsets from 14;
  rows packed from the end of the page down. A row: column count, the fixed columns at
  their offsets, the variable ones, then backwards from the end the null mask (1 = has a
  value; a boolean's value is its bit), the count of variable columns, their offsets in
  reverse order and the end offset (Jet 3: single bytes, with a jump table for rows
  longer than 255 bytes).
- A row pointer is page << 8 | row. A usage map (a row of 69 bytes; Jet 3: 133) is type 0,
  a start page and a bitmap, or type 1, the pages (type 5) holding bitmaps of 32736
  pages each (Jet 3: 16352), for tables spread over more pages than one bitmap covers.
- A memo field in a row is 12 bytes: length (24 bits), a flag byte (0x80: the text
  follows inline; 0x40: it is the whole row the pointer at 4 names, on a long-value page;
  0x00: that row starts with the pointer to the next piece), the pointer, 4 zero bytes.
  Long-value pages are data pages with "LVAL" in place of the TDEF page.
- Jet 4 text is UCS-2, or, in columns flagged for compression, FF FE then one byte a
  character while their high byte is 0, a 00 byte switching to two bytes a character and
  back. Jet 3 text is Windows-1252.
"""
import argparse
import datetime
import json
import struct
import sys

# Column types: (type code, fixed length or None for variable, Jet 4 flags byte).
TYPES = {
    "bool": (0x01, 0), "byte": (0x02, 1), "int": (0x03, 2), "long": (0x04, 4),
    "currency": (0x05, 8), "double": (0x07, 8), "datetime": (0x08, 8),
    "binary": (0x09, None), "text": (0x0A, None), "ole": (0x0B, None), "memo": (0x0C, None),
}
LONG_VALUE = ("memo", "ole")
FLAG_FIXED, FLAG_NULLABLE = 0x01, 0x02
EPOCH = datetime.datetime(1899, 12, 30)
CREATED = datetime.datetime(2024, 7, 1, 9, 30)  # the fixed creation date of every file
SYSTEM_FLAG = -0x80000000  # MSysObjects.Flags of system objects, as a signed long


class Format:
    """What differs between Jet 3 and Jet 4."""

    def __init__(self, jet):
        self.jet = jet
        four = jet == 4
        self.page = 4096 if four else 2048
        self.masked = 128 if four else 126              # header bytes under RC4 from 0x18
        self.data_header = 14 if four else 10           # data page header, row offsets after
        self.row_count_at = 12 if four else 8
        self.tdef_fixed = 63 if four else 43            # TDEF bytes before the column descriptors
        self.column_size = 25 if four else 18           # a column descriptor
        self.map_bytes = 64 if four else 128            # bitmap bytes of an inline usage map
        self.max_row = 4060 if four else 2012
        self.count = 2 if four else 1                   # size of counts and offsets in a row
        self.lval_piece = self.page - self.data_header - 2 - 4  # text bytes of a chained piece

    def text(self, value, compress):
        """A text value as stored."""
        if self.jet == 3:
            return value.encode("cp1252")
        raw = value.encode("utf-16-le")
        if not compress:
            return raw
        # Compressed unicode: characters with a zero high byte one byte each; a 00 byte
        # switches to two bytes a character and back. A character with a zero low byte
        # would read as a switch, so such text is stored plain.
        units = [raw[i:i + 2] for i in range(0, len(raw), 2)]
        if any(u[0] == 0 for u in units):
            return raw
        out, narrow = bytearray(b"\xff\xfe"), True
        for u in units:
            if (u[1] == 0) != narrow:
                out.append(0)
                narrow = not narrow
            out += u[:1] if narrow else u
        return bytes(out) if len(out) < len(raw) else raw

    def name(self, value):
        """A column name in a TDEF: its length then its text."""
        if self.jet == 3:
            raw = value.encode("cp1252")
            return struct.pack("<B", len(raw)) + raw
        raw = value.encode("utf-16-le")
        return struct.pack("<H", len(raw)) + raw


def rc4(key, data):
    """RC4, which masks the header (and, with a page key, would encrypt pages)."""
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


def ole_date(value):
    """An OLE automation date: days since 1899-12-30, the time as the fraction."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    delta = value - EPOCH
    days = delta.days
    fraction = (delta.seconds + delta.microseconds / 1e6) / 86400
    # Before the epoch the whole days count down and the fraction still counts up.
    return days + fraction if days >= 0 else days - fraction


class Column:
    def __init__(self, spec, number):
        self.name = spec["name"]
        self.kind = spec["type"]
        if self.kind not in TYPES:
            raise ValueError("column %s: unknown type %s" % (self.name, self.kind))
        self.code, self.fixed_size = TYPES[self.kind]
        self.number = number
        self.size_chars = spec.get("size", 255)
        self.compress = spec.get("compress", True)
        self.fixed_offset = 0
        self.var_index = 0

    @property
    def fixed(self):
        return self.fixed_size is not None


class Database:
    """Pages of one database, written in the order they are allocated."""

    def __init__(self, jet):
        self.fmt = Format(jet)
        self.pages = {}
        self.next = 0
        self.layout = {}  # what --damage needs: table name -> its pages

    def allocate(self):
        self.next += 1
        return self.next - 1

    def put(self, number, data):
        assert len(data) == self.fmt.page, (number, len(data))
        self.pages[number] = bytes(data)

    # ---------------------------------------------------------------- rows and pages
    def data_page(self, owner, rows):
        """A data page: owner is the TDEF page (or b"LVAL", or 0 for usage maps)."""
        f = self.fmt
        page = bytearray(f.page)
        page[0:2] = b"\x01\x01"
        page[4:8] = owner if isinstance(owner, bytes) else struct.pack("<I", owner)
        struct.pack_into("<H", page, f.row_count_at, len(rows))
        end = f.page
        for i, row in enumerate(rows):
            end -= len(row)
            page[end:end + len(row)] = row
            struct.pack_into("<H", page, f.row_count_at + 2 + 2 * i, end)
        free = end - f.data_header - 2 * len(rows)
        assert free >= 0
        struct.pack_into("<H", page, 2, free)
        return page

    def plan(self, lengths, limit=None):
        """Rows of these lengths cut into pages: a list of lists of row indexes. Table
        rows are at most max_row bytes; long values may fill a page."""
        f = self.fmt
        limit = limit or f.max_row
        groups, room = [], 0
        for i, length in enumerate(lengths):
            if length > limit:
                raise ValueError("a row of %d bytes: more than the %d a page holds" % (length, limit))
            if not groups or room < length + 2 or len(groups[-1]) == 255:
                groups.append([])
                room = f.page - f.data_header
            groups[-1].append(i)
            room -= length + 2
        return groups

    def fill(self, owner, numbers, groups, rows):
        """Writes the rows onto the pages planned; returns the pages with their free space."""
        out = []
        for number, group in zip(numbers, groups):
            page = self.data_page(owner, [rows[i] for i in group])
            self.put(number, page)
            out.append((number, struct.unpack_from("<H", page, 2)[0]))
        return out

    def usage_map(self, pages, whole=False):
        """A usage map row for a set of pages: type 0 (a start page and a bitmap) when
        one bitmap spans them, else type 1 (bitmap pages of type 5). With whole, the map
        spans every page of the file, bitmap pages it adds included (the global map)."""
        f = self.fmt
        pages = sorted(pages)
        row = bytearray(5 + f.map_bytes)
        start = 0 if whole or not pages else pages[0]
        last = self.next - 1 if whole else (pages[-1] if pages else 0)
        if last - start < f.map_bytes * 8:
            row[1:5] = struct.pack("<I", start)
            for p in pages:
                row[5 + (p - start) // 8] |= 1 << ((p - start) % 8)
            return bytes(row)
        row[0] = 1
        per_page = (f.page - 4) * 8
        wanted = sorted({p // per_page for p in pages})
        if whole:  # the bitmap pages added below may reach into one more range
            wanted = list(range((self.next + (self.next // per_page + 2)) // per_page + 1))
        numbers = {index: self.allocate() for index in wanted}
        for index, number in numbers.items():
            assert 1 + 4 * index + 4 <= len(row), "database too large for its usage maps"
            bitmap = bytearray(f.page)
            bitmap[0:2] = b"\x05\x01"
            for p in pages:
                if p // per_page == index:
                    bitmap[4 + (p % per_page) // 8] |= 1 << (p % 8)
            self.put(number, bitmap)
            struct.pack_into("<I", row, 1 + 4 * index, number)
        return bytes(row)

    # ---------------------------------------------------------------- fields
    def memo(self, column, stored, lval_rows):
        """A memo field: the 12 bytes and the text when it stays in the row, else
        ("memo", its first 4 bytes, the first piece); its pieces go to lval_rows, and
        join_row writes the pointer once they have pages."""
        f = self.fmt
        if len(stored) <= 64:  # short text stays in the row
            return struct.pack("<I", len(stored) | 0x80000000) + bytes(8) + stored
        if len(stored) <= f.lval_piece:  # one row of a long-value page
            ref = {"data": stored}
            lval_rows.append(ref)
            return ("memo", struct.pack("<I", len(stored) | 0x40000000), ref)
        # Several pages: each piece a row starting with the pointer to the next.
        pieces = [stored[i:i + f.lval_piece] for i in range(0, len(stored), f.lval_piece)]
        refs = [{"data": p, "chained": True} for p in pieces]
        for a, b in zip(refs, refs[1:]):
            a["next"] = b
        lval_rows.extend(refs)
        return ("memo", struct.pack("<I", len(stored)), refs[0])

    def field(self, column, value, lval_rows):
        f = self.fmt
        kind = column.kind
        if kind == "text":
            raw = f.text(str(value), column.compress)
            limit = column.size_chars * (2 if f.jet == 4 else 1)
            if len(raw) > limit:
                raise ValueError("column %s: value longer than %d characters" % (column.name, column.size_chars))
            return raw
        if kind == "memo":
            return self.memo(column, f.text(str(value), column.compress), lval_rows)
        if kind in ("binary", "ole"):
            raise ValueError("column %s: binary values are not written" % column.name)
        if kind == "byte":
            return struct.pack("<B", value)
        if kind == "int":
            return struct.pack("<h", value)
        if kind == "long":
            return struct.pack("<i", value)
        if kind == "currency":
            return struct.pack("<q", round(value * 10000))
        if kind == "double":
            return struct.pack("<d", value)
        if kind == "datetime":
            return struct.pack("<d", ole_date(value))
        raise ValueError(kind)

    def row(self, columns, values, lval_rows):
        """A row as a list of byte strings and memo placeholders (joined once the long
        values have their pages)."""
        f = self.fmt
        if len(values) != len(columns):
            raise ValueError("a row has %d values for %d columns" % (len(values), len(columns)))
        fixed_len = sum(c.fixed_size for c in columns if c.fixed)
        fixed = bytearray(fixed_len)
        variable = [b""] * sum(1 for c in columns if not c.fixed)
        mask = bytearray((len(columns) + 7) // 8)
        for c, v in zip(columns, values):
            if c.kind == "bool":
                if v:
                    mask[c.number // 8] |= 1 << (c.number % 8)
                continue
            if v is None:
                continue
            mask[c.number // 8] |= 1 << (c.number % 8)
            data = self.field(c, v, lval_rows)
            if c.fixed:
                fixed[c.fixed_offset:c.fixed_offset + c.fixed_size] = data
            else:
                variable[c.var_index] = data
        return {"fixed": bytes(fixed), "variable": variable, "mask": bytes(mask), "columns": len(columns)}

    def join_row(self, parts):
        """The bytes of a row, its memo placeholders resolved."""
        f = self.fmt
        var = []
        for v in parts["variable"]:
            if isinstance(v, tuple):
                _, head, ref = v
                v = head + struct.pack("<I", ref["pointer"]) + bytes(4)
            var.append(v)
        n = len(var)
        body = bytearray(struct.pack("<H" if f.jet == 4 else "<B", parts["columns"]))
        body += parts["fixed"]
        offsets = []
        for v in var:
            offsets.append(len(body))
            body += v
        offsets.append(len(body))  # the end of the variable data
        mask = parts["mask"]
        if not parts["has_variable"]:
            return bytes(body + mask)
        if f.jet == 4:
            tail = b"".join(struct.pack("<H", o) for o in reversed(offsets))
            return bytes(body + tail + struct.pack("<H", n) + mask)
        # Jet 3: one byte an offset, the high bits in a jump table: entry k names the
        # first offset (of the n + 1) at or past 256 * (k + 1). The table has (row
        # length - 1) // 256 entries; those past the offsets are FF (readers skip them).
        jumps = 0
        while True:
            length = len(body) + (n + 1) + jumps + 1 + len(mask)
            need = (length - 1) // 256
            if need == jumps:
                break
            jumps = need
        table = []
        for k in range(jumps):
            first = next((i for i, o in enumerate(offsets) if o >= 256 * (k + 1)), None)
            table.append(0xFF if first is None else first)
        # Lowest address first: the end offset, offsets n-1 .. 0, the jump table from
        # its last entry to its first, the count, the null mask.
        tail = bytes(o & 0xFF for o in reversed(offsets)) + bytes(reversed(table))
        return bytes(body + tail + struct.pack("<B", n) + mask)

    # ---------------------------------------------------------------- tables
    def tdef(self, table, columns, rows, map_page, lval_maps, system):
        """The bytes of a table definition (before it is cut into pages)."""
        f = self.fmt
        variable = sum(1 for c in columns if not c.fixed)
        out = bytearray(f.tdef_fixed)
        out[0:2] = b"\x02\x01"
        if f.jet == 3:
            out[2:4] = b"VC"
        table_type = 0x53 if system else 0x4E
        if f.jet == 4:
            struct.pack_into("<IIII", out, 8, 0, 1625, rows, 0)  # length, a constant, rows, autonumber
            out[24] = 1  # makes autonumbers work in Access
            struct.pack_into("<BHHHII", out, 40, table_type, len(columns), variable, len(columns), 0, 0)
            struct.pack_into("<II", out, 55, map_page << 8 | 0, map_page << 8 | 1)
        else:
            struct.pack_into("<III", out, 8, 0, rows, 0)
            struct.pack_into("<BHHHII", out, 20, table_type, len(columns), variable, len(columns), 0, 0)
            struct.pack_into("<II", out, 35, map_page << 8 | 0, map_page << 8 | 1)
        for c in columns:
            d = bytearray(f.column_size)
            d[0] = c.code
            flags = (FLAG_FIXED if c.fixed else 0) | FLAG_NULLABLE
            size = c.fixed_size if c.fixed else (0 if c.kind in LONG_VALUE else
                                                 c.size_chars * (2 if f.jet == 4 else 1))
            textual = c.kind in ("text", "memo")
            if f.jet == 4:
                struct.pack_into("<HHH", d, 5, c.number, c.var_index if not c.fixed else 0, c.number)
                if textual:
                    struct.pack_into("<H", d, 11, 0x0409)  # General sort order
                d[15] = flags
                d[16] = 1 if textual and c.compress else 0
                struct.pack_into("<HH", d, 21, c.fixed_offset if c.fixed else 0, size)
            else:
                struct.pack_into("<HHH", d, 1, c.number, c.var_index if not c.fixed else 0, c.number)
                if textual:
                    struct.pack_into("<HH", d, 7, 0x0409, 1252)  # sort order, code page
                d[13] = flags
                struct.pack_into("<HH", d, 14, c.fixed_offset if c.fixed else 0, size)
            out += d
        for c in columns:
            out += f.name(c.name)
        for number, pointer in lval_maps:
            out += struct.pack("<HII", number, pointer, pointer + 1)
        out += b"\xff\xff"
        struct.pack_into("<I", out, 8, len(out))
        return out

    def write_tdef(self, first_page, data):
        """Cuts a TDEF into pages chained by their bytes 4-7."""
        f = self.fmt
        numbers = [first_page]
        chunks = [data[:f.page]]
        rest = data[f.page:]
        while rest:
            chunks.append(rest[:f.page - 8])
            rest = rest[f.page - 8:]
            numbers.append(self.allocate())
        for i, (number, chunk) in enumerate(zip(numbers, chunks)):
            page = bytearray(f.page)
            if i:
                page[0:2] = b"\x02\x01"
                if f.jet == 3:
                    page[2:4] = b"VC"
                page[8:8 + len(chunk)] = chunk
            else:
                page[:len(chunk)] = chunk
            if f.jet == 4:  # free space on the page, less 8
                used = len(chunk) + (8 if i else 0)
                struct.pack_into("<H", page, 2, max(f.page - used - 8, 0))
            if i + 1 < len(numbers):
                struct.pack_into("<I", page, 4, numbers[i + 1])
            self.put(number, page)
        return numbers

    def table_rows(self, spec):
        """The table's columns, laid out, and its rows as parts (see row)."""
        columns = [Column(c, i) for i, c in enumerate(spec["columns"])]
        offset = 0
        var = 0
        for c in columns:
            if c.fixed:
                c.fixed_offset = offset
                offset += c.fixed_size
            else:
                c.var_index = var
                var += 1
        lval_rows, rows = [], []
        for values in spec["rows"]:
            parts = self.row(columns, values, lval_rows)
            parts["has_variable"] = var > 0
            rows.append(parts)
        return columns, rows, lval_rows

    def add_table(self, spec, tdef_page=None, map_page=None, system=False, data_pages=None):
        """Writes a table's data and long-value pages, usage maps and TDEF; returns the
        page of its TDEF. data_pages: page numbers reserved for its rows."""
        f = self.fmt
        columns, rows, lval_rows = self.table_rows(spec)
        if tdef_page is None:
            tdef_page = self.allocate()
        if map_page is None:
            map_page = self.allocate()
        # Pages in file order: the table's data pages (a row's length does not depend on
        # where its long values go), then the chained memos' pieces a page each, then
        # the other long values packed.
        singles = [r for r in lval_rows if not r.get("chained")]
        chained = [r for r in lval_rows if r.get("chained")]
        for r in lval_rows:
            r["pointer"] = 0
        groups = self.plan([len(self.join_row(r)) for r in rows])
        if data_pages is None:
            data_pages = [self.allocate() for _ in groups]
        assert len(data_pages) == len(groups)
        for r in chained:
            r["page"] = self.allocate()
            r["pointer"] = r["page"] << 8
        lval_pages = []
        for r in chained:
            nxt = r.get("next")
            body = struct.pack("<I", nxt["pointer"] if nxt else 0) + r["data"]
            lval_pages += self.fill(b"LVAL", [r["page"]], [[0]], [body])
        lval_groups = self.plan([len(r["data"]) for r in singles], f.page - f.data_header - 2)
        numbers = [self.allocate() for _ in lval_groups]
        for number, group in zip(numbers, lval_groups):
            for row, i in enumerate(group):
                singles[i]["pointer"] = number << 8 | row
        lval_pages += self.fill(b"LVAL", numbers, lval_groups, [r["data"] for r in singles])
        data_pages = self.fill(tdef_page, data_pages, groups, [self.join_row(r) for r in rows])
        # Usage maps: the table's pages and those with room, then per memo column the
        # long-value pages (all memo columns share them here) and those with room.
        room = 64
        maps = [self.usage_map([p for p, _ in data_pages]),
                self.usage_map([p for p, free in data_pages if free >= room])]
        lval_maps = []
        for c in columns:
            if c.kind in LONG_VALUE:
                lval_maps.append((c.number, map_page << 8 | len(maps)))
                maps.append(self.usage_map([p for p, _ in lval_pages]))
                maps.append(self.usage_map([p for p, free in lval_pages if free >= room]))
        self.put(map_page, self.data_page(0, maps))
        data = self.tdef(spec["name"], columns, len(rows), map_page, lval_maps, system)
        tdef_pages = self.write_tdef(tdef_page, data)
        self.layout[spec["name"]] = {"tdef": tdef_pages, "map": map_page,
                                     "data": [p for p, _ in data_pages],
                                     "lval": [p for p, _ in lval_pages],
                                     "chained": [r["page"] for r in chained]}
        return tdef_page

    # ---------------------------------------------------------------- the file
    def header(self):
        f = self.fmt
        page = bytearray(f.page)
        page[0:4] = b"\x00\x01\x00\x00"
        page[4:20] = b"Standard Jet DB\x00"
        struct.pack_into("<I", page, 0x14, 1 if f.jet == 4 else 0)
        struct.pack_into("<H", page, 0x3C, 1252)  # code page
        struct.pack_into("<I", page, 0x3E, 0)  # page encryption key: none
        if f.jet == 4:
            created = ole_date(CREATED)
            struct.pack_into("<HBB", page, 0x6E, 0x0409, 0, 0)  # sort order 1033, version 0
            struct.pack_into("<d", page, 0x72, created)
            # An empty password, masked with the whole days of the creation date.
            mask = struct.pack("<i", int(created))
            page[0x42:0x42 + 40] = bytes(mask[i % 4] for i in range(40))
        else:
            struct.pack_into("<H", page, 0x3A, 0x0409)  # sort order
        page[0x18:0x18 + f.masked] = rc4(b"\xc7\xda\x39\x6b", page[0x18:0x18 + f.masked])
        return page


CATALOG_COLUMNS = [
    {"name": "Id", "type": "long"}, {"name": "ParentId", "type": "long"},
    {"name": "Name", "type": "text", "size": 255}, {"name": "Type", "type": "int"},
    {"name": "DateCreate", "type": "datetime"}, {"name": "DateUpdate", "type": "datetime"},
    {"name": "Flags", "type": "long"}, {"name": "Database", "type": "memo"},
    {"name": "Connect", "type": "memo"}, {"name": "ForeignName", "type": "text", "size": 255},
    {"name": "LvProp", "type": "ole"},
]
CONTAINERS = 0x0F000000  # Ids of the catalog's folders ("Tables", "Databases", ...)


def build(spec):
    """The bytes of the database the spec describes, and its layout."""
    jet = spec.get("jet", 4)
    db = Database(jet)
    db.allocate()  # 0: header
    db.allocate()  # 1: the global usage map
    catalog_tdef, catalog_map = db.allocate(), db.allocate()  # 2, 3
    when = CREATED.isoformat(" ")

    def entry(id_, parent, name, type_, flags):
        return [id_, parent, name, type_, when, when, flags, None, None, None, None]

    def catalog(objects):
        rows = [entry(CONTAINERS + 1, CONTAINERS, "Tables", 3, SYSTEM_FLAG),
                entry(CONTAINERS + 2, CONTAINERS, "Databases", 3, SYSTEM_FLAG),
                entry(CONTAINERS + 3, CONTAINERS, "Relationships", 3, SYSTEM_FLAG),
                entry(2, CONTAINERS + 1, "MSysObjects", 1, SYSTEM_FLAG)]
        rows += [entry(page, CONTAINERS + 1, name, 1, 0) for name, page in objects]
        return {"name": "MSysObjects", "columns": CATALOG_COLUMNS, "rows": rows}

    # The catalog's data pages come first, as in a database Access made: their number
    # does not depend on the pages its rows name.
    _, rows, _ = db.table_rows(catalog([(t["name"], 0) for t in spec["tables"]]))
    catalog_pages = [db.allocate() for _ in db.plan([len(db.join_row(r)) for r in rows])]
    objects = [(t["name"], db.add_table(t)) for t in spec["tables"]]
    db.add_table(catalog(objects), catalog_tdef, catalog_map, system=True, data_pages=catalog_pages)
    # The global usage map: Jackcess reads its set bits as free pages; none are.
    db.put(1, db.data_page(0, [db.usage_map([], whole=True)]))
    db.put(0, db.header())
    out = b"".join(db.pages[i] for i in range(db.next))
    return out, db.layout, db.fmt


# ---------------------------------------------------------------- the sample
def long_note():
    """A memo of several pages (over 4076 stored bytes): the identifiers after the
    first page, so that reading them needs the page chain."""
    line = "Follow-up visit; vitals stable, continue current medication and diet. "
    return line * 90 + "Insurance member ID XGH123456789 confirmed at discharge."


def sample(small=False, jet=4):
    patients = {
        "name": "Patients",
        "columns": [
            {"name": "ID", "type": "long"}, {"name": "MRN", "type": "text", "size": 10},
            {"name": "Last Name", "type": "text", "size": 50},
            {"name": "First Name", "type": "text", "size": 50},
            {"name": "DOB", "type": "datetime"}, {"name": "SSN", "type": "text", "size": 11},
            {"name": "Phone", "type": "text", "size": 20},
            {"name": "Address", "type": "text", "size": 100},
            {"name": "City", "type": "text", "size": 50},
            {"name": "State", "type": "text", "size": 2},
            {"name": "ZIP", "type": "text", "size": 10},
            {"name": "Dx", "type": "text", "size": 10}, {"name": "Active", "type": "bool"},
            {"name": "Balance", "type": "currency"}, {"name": "Notes", "type": "memo"},
        ],
        "rows": [
            [1, "00123456", "Okafor", "Mary", "1962-03-14", "123-45-6789", "(312) 555-0142",
             "1234 Oak Street Apt 5", "Springfield", "IL", "62704", "E11.9", True, 125.5,
             "Called about a refill."],
            [2, "00777001", "Nguyen", "Linh", "1988-11-30", None, "617-555-0199",
             "77 North Main Avenue", "Boston", "MA", "02108", "J45.909", False, None,
             "Referred by Dr. Adams for asthma review; previous chart listed SSN "
             "287-65-4320 and a second phone (617) 555-0123. Prefers morning visits."],
            [3, "00555123", "Łukasz-Żak" if jet == 4 else "Müller-Ortiz", "José", "1975-07-04 14:30:00", "219-38-4471",
             "773-555-0188", "9 Elm Court", "Chicago", "IL", "60614", "I10", True, 0.0,
             long_note()],
        ],
    }
    visits = {
        "name": "Visits",
        "columns": [
            {"name": "Patient ID", "type": "long"}, {"name": "Visit Date", "type": "datetime"},
            {"name": "Dx Code", "type": "text", "size": 10, "compress": False},
            {"name": "CPT", "type": "text", "size": 5}, {"name": "Note", "type": "memo"},
        ],
        "rows": [
            [1, "2024-07-02 09:15:00", "E11.9", "99213", "Seen for diabetes follow-up."],
            [2, "2024-07-03 10:00:00", "J45.909", "99214", None],
            [3, "2024-07-05", "I10", "93000", "ECG normal."],
        ],
    }
    vitals = {  # fixed columns only: rows without a variable-column table
        "name": "Vitals",
        "columns": [{"name": "Patient ID", "type": "long"}, {"name": "Weight", "type": "double"},
                    {"name": "Taken", "type": "datetime"}, {"name": "Fasting", "type": "bool"}],
        "rows": [[1, 71.5, "2024-07-02 09:20:00", True], [2, 64.25, "2024-07-03 10:05:00", False]],
    }
    if small:
        patients["rows"] = patients["rows"][:2]
        return {"tables": [patients]}
    return {"tables": [patients, visits, vitals]}


def damage(data, layout, fmt, kind):
    """The sample damaged in one way; see --help."""
    page = fmt.page
    patients = layout["Patients"]
    b = bytearray(data)
    if kind == "empty":
        return b""
    if kind == "truncated-header":
        return bytes(b[:100])
    if kind == "truncated-catalog":  # cut where the catalog's rows begin
        return bytes(b[:layout["MSysObjects"]["data"][0] * page])
    if kind == "truncated-table":  # cut inside the table's first data page
        return bytes(b[:patients["data"][0] * page + page // 2])
    if kind == "truncated-lval":  # cut before the chained memo's last page
        return bytes(b[:patients["chained"][-1] * page])
    if kind == "tdef":  # the TDEF: a column count past the descriptors, names garbage
        at = patients["tdef"][0] * page
        struct.pack_into("<HH", b, at + (43 if fmt.jet == 4 else 23), 0x7FFF, 0x7FFF)
        b[at + fmt.tdef_fixed:at + page] = bytes((i * 37) & 0xFF for i in range(page - fmt.tdef_fixed))
        return bytes(b)
    if kind == "row-offset":  # the last row's offset past the end of the page
        at = patients["data"][0] * page
        rows = struct.unpack_from("<H", b, at + fmt.row_count_at)[0]
        struct.pack_into("<H", b, at + fmt.row_count_at + 2 * rows, 0x1FFF)
        return bytes(b)
    if kind == "tdef-loop":  # the TDEF continues on itself
        at = patients["tdef"][0] * page
        struct.pack_into("<I", b, at + 4, patients["tdef"][0])
        return bytes(b)
    if kind == "lval-loop":  # the chained memo's last piece points back to its first
        first, last = patients["chained"][0], patients["chained"][-1]
        start = struct.unpack_from("<H", b, last * page + fmt.row_count_at + 2)[0]
        struct.pack_into("<I", b, last * page + start, first << 8)
        return bytes(b)
    raise ValueError("unknown damage " + kind)


DAMAGES = ["empty", "truncated-header", "truncated-catalog", "truncated-table",
           "truncated-lval", "tdef", "row-offset", "tdef-loop", "lval-loop"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--spec", help="a JSON spec (default: the built-in sample)")
    p.add_argument("--jet", type=int, choices=(3, 4), help="Jet version (default: the spec's, else 4)")
    p.add_argument("--small", action="store_true", help="the sample's first table, two rows")
    p.add_argument("--damage", choices=DAMAGES, help="write the sample damaged this way")
    a = p.parse_args()
    if a.spec:
        with open(a.spec, encoding="utf-8") as f:
            spec = json.load(f)
    else:
        spec = sample(a.small, a.jet or 4)
    if a.jet:
        spec["jet"] = a.jet
    data, layout, fmt = build(spec)
    if a.damage:
        data = damage(data, layout, fmt, a.damage)
    with open(a.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    sys.exit(main())
