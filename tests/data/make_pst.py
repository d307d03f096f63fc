#!/usr/bin/env python3
"""Writes Outlook personal folders files (Unicode PST) following Microsoft's open
specification [MS-PST], with the Python standard library only: the test and benchmark
samples of the PST reader (no tool on Debian writes PST). Every identity given to it
should be made up.

    python3 tests/data/make_pst.py SPEC.json OUT.pst [--map MAP.json]

SPEC is a description of the store:

    {"name": "Personal Folders",
     "folders": [{"name": "Inbox",
                  "messages": [{"subject": "...", "sender_name": "...",
                                "sender_address": "a@b.example", "date": "2024-07-02T10:00:00",
                                "body": "...", "body_file": "path (instead of body)",
                                "to": [{"name": "...", "address": "..."}], "cc": [...],
                                "attachments": [{"filename": "x.csv", "text": "...",
                                                 "file": "path", "base64": "..."}]}],
                  "folders": [...]}]}

File names ("file", "body_file") are relative to SPEC's folder. Folders are placed under
the IPM subtree ("Top of Personal Folders"). --map writes the
offsets of a few structures (the B-tree roots, the first message's body block) for tests
that damage the file on purpose. The output is the same, byte for byte, for the same
input.

What is written (section numbers of [MS-PST]):
- NDB layer: the HEADER with its ROOT (2.2.2.6, 2.2.2.5), allocation maps (AMap and the
  deprecated PMap, 2.2.2.7.2-3), the node and block B-trees (BTPAGE with NBTENTRY,
  BBTENTRY and BTENTRY, 2.2.2.7.7), data blocks, XBLOCK/XXBLOCK data trees and SLBLOCK
  subnode trees (2.2.2.8), every page and block with its trailer, CRC (5.3) and
  signature (5.5); data blocks stored plain (bCryptMethod NDB_CRYPT_NONE).
- LTP layer: heap-on-node over one or more blocks (2.3.1), BTH of any depth (2.3.2),
  property contexts (2.3.3) and table contexts (2.3.4) with the row matrix in the heap or
  in a subnode; values over 3580 bytes in subnodes.
- Messaging layer: the message store (2.4.3), the name-to-ID map with no named property
  (2.4.7), the root folder, the IPM subtree, Deleted Items and Search Root folders
  (2.7.3), each folder with its hierarchy, contents and FAI contents tables (2.4.4),
  messages with their recipient and attachment tables and attachment objects (2.4.5,
  2.4.6), and the table templates (2.4.4.4.1 and following).
Not written: the search-related internal nodes (2.4.8: queues, gatherer, search folders);
the specification lets a reader ignore them, and no message is searched here.
"""
import argparse
import base64
import datetime
import json
import os
import struct
import sys
import zlib

# ---- NDB constants -----------------------------------------------------------------------
PAGE = 512
PAGE_DATA = 496
BLOCK_MAX = 8192
BLOCK_DATA_MAX = BLOCK_MAX - 16           # 8176: a block's data before its trailer
HEAP_ALLOC_MAX = 3580                     # 2.3.1.1: larger values go to subnodes
AMAP_FIRST = 0x4400
AMAP_SPAN = PAGE_DATA * 8 * 64            # 253952 bytes mapped by one AMap page
PMAP_FIRST = 0x4600
PMAP_SPAN = AMAP_SPAN * 8                 # one PMap every eight AMaps
FMAP_FIRST = AMAP_FIRST + 128 * AMAP_SPAN  # files reaching it would need FMaps: refused
PTYPE_BBT, PTYPE_NBT, PTYPE_PMAP, PTYPE_AMAP = 0x80, 0x81, 0x83, 0x84
NID_TYPE_HID, NID_TYPE_INTERNAL, NID_TYPE_NORMAL_FOLDER = 0x00, 0x01, 0x02
NID_TYPE_NORMAL_MESSAGE, NID_TYPE_ATTACHMENT = 0x04, 0x05
NID_TYPE_HIERARCHY_TABLE, NID_TYPE_CONTENTS_TABLE, NID_TYPE_ASSOC_CONTENTS_TABLE = 0x0D, 0x0E, 0x0F
NID_TYPE_LTP = 0x1F
NID_MESSAGE_STORE, NID_NAME_TO_ID_MAP, NID_ROOT_FOLDER = 0x21, 0x61, 0x122
NID_HIERARCHY_TABLE_TEMPLATE, NID_CONTENTS_TABLE_TEMPLATE = 0x60D, 0x60E
NID_ASSOC_CONTENTS_TABLE_TEMPLATE, NID_SEARCH_CONTENTS_TABLE_TEMPLATE = 0x60F, 0x610
NID_ATTACHMENT_TABLE, NID_RECIPIENT_TABLE = 0x671, 0x692

# ---- property types and tags ([MS-OXCDATA] 2.11.1, [MS-OXPROPS]) ---------------------------
PT_I2, PT_I4, PT_BOOL, PT_I8, PT_STRING, PT_TIME, PT_BINARY = 0x02, 0x03, 0x0B, 0x14, 0x1F, 0x40, 0x102
FIXED_SIZE = {PT_I2: 2, PT_I4: 4, PT_BOOL: 1, PT_I8: 8, PT_TIME: 8}


def tag(prop_id, prop_type):
    return prop_id << 16 | prop_type


T_IMPORTANCE = tag(0x0017, PT_I4)
T_MESSAGE_CLASS = tag(0x001A, PT_STRING)
T_SENSITIVITY = tag(0x0036, PT_I4)
T_SUBJECT = tag(0x0037, PT_STRING)
T_CLIENT_SUBMIT_TIME = tag(0x0039, PT_TIME)
T_SENT_REPR_NAME = tag(0x0042, PT_STRING)
T_SENT_REPR_ADDRTYPE = tag(0x0064, PT_STRING)
T_SENT_REPR_ADDRESS = tag(0x0065, PT_STRING)
T_CONVERSATION_TOPIC = tag(0x0070, PT_STRING)
T_RECIPIENT_TYPE = tag(0x0C15, PT_I4)
T_SENDER_NAME = tag(0x0C1A, PT_STRING)
T_SENDER_ADDRTYPE = tag(0x0C1E, PT_STRING)
T_SENDER_ADDRESS = tag(0x0C1F, PT_STRING)
T_DISPLAY_CC = tag(0x0E03, PT_STRING)
T_DISPLAY_TO = tag(0x0E04, PT_STRING)
T_DELIVERY_TIME = tag(0x0E06, PT_TIME)
T_MESSAGE_FLAGS = tag(0x0E07, PT_I4)
T_MESSAGE_SIZE = tag(0x0E08, PT_I4)
T_MESSAGE_STATUS = tag(0x0E17, PT_I4)
T_HAS_ATTACHMENTS = tag(0x0E1B, PT_BOOL)
T_ATTACH_SIZE = tag(0x0E20, PT_I4)
T_REPL_ITEMID = tag(0x0E30, PT_I4)
T_REPL_CHANGENUM = tag(0x0E33, PT_I8)
T_REPL_VERSION_HISTORY = tag(0x0E34, PT_BINARY)
T_REPL_FLAGS = tag(0x0E38, PT_I4)
T_RESPONSIBILITY = tag(0x0E0F, PT_BOOL)
T_RECORD_KEY = tag(0x0FF9, PT_BINARY)
T_OBJECT_TYPE = tag(0x0FFE, PT_I4)
T_ENTRY_ID = tag(0x0FFF, PT_BINARY)
T_BODY = tag(0x1000, PT_STRING)
T_DISPLAY_NAME = tag(0x3001, PT_STRING)
T_ADDRTYPE = tag(0x3002, PT_STRING)
T_EMAIL_ADDRESS = tag(0x3003, PT_STRING)
T_CREATION_TIME = tag(0x3007, PT_TIME)
T_LAST_MODIFICATION_TIME = tag(0x3008, PT_TIME)
T_SEARCH_KEY = tag(0x300B, PT_BINARY)
T_IPM_SUBTREE_ENTRYID = tag(0x35E0, PT_BINARY)
T_IPM_WASTEBASKET_ENTRYID = tag(0x35E3, PT_BINARY)
T_FINDER_ENTRYID = tag(0x35E7, PT_BINARY)
T_CONTENT_COUNT = tag(0x3602, PT_I4)
T_CONTENT_UNREAD = tag(0x3603, PT_I4)
T_SUBFOLDERS = tag(0x360A, PT_BOOL)
T_CONTAINER_CLASS = tag(0x3613, PT_STRING)
T_ATTACH_DATA_BINARY = tag(0x3701, PT_BINARY)
T_ATTACH_EXTENSION = tag(0x3703, PT_STRING)
T_ATTACH_FILENAME = tag(0x3704, PT_STRING)
T_ATTACH_METHOD = tag(0x3705, PT_I4)
T_ATTACH_LONG_FILENAME = tag(0x3707, PT_STRING)
T_RENDERING_POSITION = tag(0x370B, PT_I4)
T_ATTACH_MIME_TAG = tag(0x370E, PT_STRING)
T_DISPLAY_TYPE = tag(0x3900, PT_I4)
T_SMTP_ADDRESS = tag(0x39FE, PT_STRING)
T_SEND_RICH_INFO = tag(0x3A40, PT_BOOL)
T_INTERNET_CPID = tag(0x3FDE, PT_I4)
T_PST_HIDDEN_COUNT = tag(0x6633, PT_I4)
T_PST_HIDDEN_UNREAD = tag(0x6634, PT_I4)
T_PST_PASSWORD = tag(0x67FF, PT_I4)
T_LTP_ROW_ID = tag(0x67F2, PT_I4)
T_LTP_ROW_VER = tag(0x67F3, PT_I4)
T_NAMEID_BUCKET_COUNT = tag(0x0001, PT_I4)
T_NAMEID_STREAM_GUID = tag(0x0002, PT_BINARY)
T_NAMEID_STREAM_ENTRY = tag(0x0003, PT_BINARY)
T_NAMEID_STREAM_STRING = tag(0x0004, PT_BINARY)

# Table columns: 2.4.4.4.1 (hierarchy), 2.4.4.5.1 (contents, the columns a reader shows),
# 2.4.4.6.1 (FAI contents), 2.4.5.2 (recipients), 2.4.6.1.1 (attachments).
HIERARCHY_COLUMNS = [T_REPL_ITEMID, T_REPL_CHANGENUM, T_REPL_VERSION_HISTORY, T_REPL_FLAGS,
                     T_DISPLAY_NAME, T_CONTENT_COUNT, T_CONTENT_UNREAD, T_SUBFOLDERS,
                     T_CONTAINER_CLASS, T_PST_HIDDEN_COUNT, T_PST_HIDDEN_UNREAD]
CONTENTS_COLUMNS = [T_IMPORTANCE, T_MESSAGE_CLASS, T_SENSITIVITY, T_SUBJECT, T_CLIENT_SUBMIT_TIME,
                    T_SENT_REPR_NAME, T_CONVERSATION_TOPIC, T_DISPLAY_CC, T_DISPLAY_TO,
                    T_DELIVERY_TIME, T_MESSAGE_FLAGS, T_MESSAGE_SIZE, T_MESSAGE_STATUS,
                    T_REPL_ITEMID, T_REPL_CHANGENUM, T_REPL_VERSION_HISTORY, T_REPL_FLAGS,
                    T_LAST_MODIFICATION_TIME]
ASSOC_COLUMNS = [T_MESSAGE_CLASS, T_MESSAGE_FLAGS, T_MESSAGE_STATUS, T_DISPLAY_NAME,
                 T_REPL_ITEMID, T_REPL_CHANGENUM, T_REPL_VERSION_HISTORY, T_REPL_FLAGS,
                 T_LAST_MODIFICATION_TIME]
RECIPIENT_COLUMNS = [T_RECIPIENT_TYPE, T_RESPONSIBILITY, T_RECORD_KEY, T_OBJECT_TYPE, T_ENTRY_ID,
                     T_DISPLAY_NAME, T_ADDRTYPE, T_EMAIL_ADDRESS, T_SEARCH_KEY, T_DISPLAY_TYPE,
                     T_SMTP_ADDRESS, T_SEND_RICH_INFO]
ATTACHMENT_COLUMNS = [T_ATTACH_SIZE, T_ATTACH_FILENAME, T_ATTACH_METHOD, T_RENDERING_POSITION]

# ---- checksums and signatures -----------------------------------------------------------

def crc(data):
    """5.3: the reflected CRC-32 of polynomial 0xEDB88320 from an initial value of 0 and
    with no final inversion; zlib's CRC-32 starts from ~0 and inverts at the end, so
    starting zlib at ~0 and inverting its result gives the same."""
    return zlib.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def signature(ib, bid):
    """5.5 ComputeSig: the two low 16-bit halves of ib XOR bid, XORed together."""
    v = (ib ^ bid) & 0xFFFFFFFF
    return ((v >> 16) ^ v) & 0xFFFF


def nid(nid_type, index):
    """2.2.2.1: five bits of type, then the index."""
    return index << 5 | nid_type


def filetime(text):
    """[MS-DTYP] 2.3.3 FILETIME of an ISO date (UTC)."""
    when = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    return (when - epoch) // datetime.timedelta(microseconds=1) * 10


def utf16(text):
    return text.encode("utf-16-le")


# ---- LTP: heap-on-node (2.3.1) ----------------------------------------------------------

class Node:
    """A node before it is written: its data as a list of blocks' contents (one block for
    data of up to 8176 bytes) and its subnodes {nid: Node}."""

    def __init__(self, chunks, subnodes=None):
        self.chunks = chunks
        self.subnodes = subnodes or {}


def split(data):
    """The blocks of a byte stream (2.2.2.8.3.2: every block of a data tree but the last
    holds 8176 bytes)."""
    return [data[i:i + BLOCK_DATA_MAX] for i in range(0, len(data), BLOCK_DATA_MAX)] or [b""]


def fill_level(free):
    """2.3.1.2 rgbFillLevel: 0 (3584 bytes or more free) to 15 (fewer than 8)."""
    for level, floor in enumerate((3584, 2560, 2048, 1792, 1536, 1280, 1024, 768, 512, 256, 128,
                                   64, 32, 16, 8)):
        if free >= floor:
            return level
    return 15


class Heap:
    """A heap-on-node: allocations of up to 3580 bytes spread over blocks; block 0 starts
    with the HNHDR, blocks 8, 136, 264... with an HNBITMAPHDR, the others with an
    HNPAGEHDR; each ends with its HNPAGEMAP."""

    def __init__(self, client_signature):
        self.client_signature = client_signature
        self.blocks = [[]]
        self.root = 0

    @staticmethod
    def header_size(index):
        if index == 0:
            return 12
        return 66 if index % 128 == 8 else 2

    def block_size(self, index, extra=None):
        allocs = self.blocks[index] + ([extra] if extra is not None else [])
        used = self.header_size(index) + sum(len(a) for a in allocs)
        return used + used % 2 + 4 + 2 * (len(allocs) + 1)

    def alloc(self, data):
        """Stores data; returns its HID (2.3.1.1: type 0, 1-based index, block index)."""
        assert len(data) <= HEAP_ALLOC_MAX, "an allocation over 3580 bytes belongs in a subnode"
        if self.block_size(len(self.blocks) - 1, data) > BLOCK_DATA_MAX or len(self.blocks[-1]) >= 2047:
            self.blocks.append([])
        block = self.blocks[-1]
        block.append(bytes(data))
        return (len(self.blocks) - 1) << 16 | len(block) << 5 | NID_TYPE_HID

    def chunks(self):
        sizes = [self.block_size(i) for i in range(len(self.blocks))]
        levels = [fill_level(BLOCK_DATA_MAX - s) for s in sizes]

        def packed(first, count):
            nibbles = (levels[first:first + count] + [0] * count)[:count]
            return bytes(nibbles[i] | nibbles[i + 1] << 4 for i in range(0, count, 2))

        out = []
        for i, allocs in enumerate(self.blocks):
            start = self.header_size(i)
            offsets = [start]
            for a in allocs:
                offsets.append(offsets[-1] + len(a))
            body = b"".join(allocs)
            map_at = offsets[-1] + offsets[-1] % 2
            if i == 0:
                head = struct.pack("<HBBI", map_at, 0xEC, self.client_signature, self.root) + packed(0, 8)
            elif i % 128 == 8:
                head = struct.pack("<H", map_at) + packed(i, 128)
            else:
                head = struct.pack("<H", map_at)
            page_map = struct.pack("<HH", len(allocs), 0) + struct.pack("<%dH" % len(offsets), *offsets)
            block = head + body + b"\0" * (map_at - offsets[-1]) + page_map
            assert len(block) == sizes[i] and len(block) <= BLOCK_DATA_MAX
            out.append(block)
        return out


def bth(heap, records, key_size, data_size):
    """2.3.2: a BTH of the (key, data) records (bytes each), sorted by key, on the heap;
    returns the HID of its BTHHEADER. Leaves and index levels each hold what fits in one
    allocation."""
    records = sorted(records, key=lambda r: int.from_bytes(r[0], "little"))
    levels, root = 0, 0
    if records:
        rows = [k + d for k, d in records]
        keys = [k for k, _ in records]
        while True:
            per = HEAP_ALLOC_MAX // len(rows[0])
            groups = [(keys[i], b"".join(rows[i:i + per])) for i in range(0, len(rows), per)]
            hids = [(k, heap.alloc(g)) for k, g in groups]
            if len(hids) == 1:
                root = hids[0][1]
                break
            levels += 1
            rows = [k + struct.pack("<I", h) for k, h in hids]
            keys = [k for k, _ in hids]
    return heap.alloc(struct.pack("<BBBBI", 0xB5, key_size, data_size, levels, root))


class SubnodeIds:
    """NIDs of a node's value subnodes (type NID_TYPE_LTP), unique within the node."""

    def __init__(self):
        self.next = 0x401

    def take(self):
        self.next += 1
        return nid(NID_TYPE_LTP, self.next - 1)


def variable_value(heap, subnodes, ids, data):
    """HNID of a variable-size value: a heap allocation, or a subnode when too big."""
    if len(data) <= HEAP_ALLOC_MAX:
        return heap.alloc(data)
    sub = ids.take()
    subnodes[sub] = Node(split(data))
    return sub


def encode(prop_tag, value):
    prop_type = prop_tag & 0xFFFF
    if prop_type == PT_STRING:
        return utf16(value)
    if prop_type == PT_BINARY:
        return bytes(value)
    return struct.pack({PT_I2: "<h", PT_I4: "<I", PT_BOOL: "<B", PT_I8: "<q", PT_TIME: "<Q"}[prop_type],
                       value)


def property_context(props, subnodes=None):
    """2.3.3: a PC node of {tag: value}; subnodes (of attachments) may be given."""
    heap, subnodes, ids = Heap(0xBC), dict(subnodes or {}), SubnodeIds()
    records = []
    for prop_tag, value in props.items():
        data = encode(prop_tag, value)
        prop_type = prop_tag & 0xFFFF
        if prop_type in FIXED_SIZE and FIXED_SIZE[prop_type] <= 4:
            hnid = int.from_bytes(data.ljust(4, b"\0"), "little")
        else:
            hnid = variable_value(heap, subnodes, ids, data)
        records.append((struct.pack("<H", prop_tag >> 16), struct.pack("<HI", prop_type, hnid)))
    heap.root = bth(heap, records, 2, 6)
    return Node(heap.chunks(), subnodes)


def table_context(columns, rows):
    """2.3.4: a TC node of the columns (tags; LtpRowId and LtpRowVer are added) and rows
    (dicts of tag: value, each with T_LTP_ROW_ID)."""
    heap, subnodes, ids = Heap(0x7C), {}, SubnodeIds()
    columns = [T_LTP_ROW_ID, T_LTP_ROW_VER] + [c for c in columns if c not in (T_LTP_ROW_ID, T_LTP_ROW_VER)]

    def width(c):
        return FIXED_SIZE.get(c & 0xFFFF, 4)

    # 2.3.4.4.1: 8- and 4-byte cells first (the row ID and version leading), then 2-byte
    # and 1-byte cells, then the cell existence bitmap (CEB).
    order = columns[:2] + sorted(columns[2:], key=lambda c: -width(c))
    ib, place = 0, {}
    for bit, c in enumerate(order):
        place[c] = (ib, width(c), bit)
        ib += width(c)
    end_4b = sum(width(c) for c in order if width(c) >= 4)
    end_2b = end_4b + sum(width(c) for c in order if width(c) == 2)
    end_1b = end_2b + sum(width(c) for c in order if width(c) == 1)
    row_size = end_1b + (len(order) + 7) // 8
    matrix = []
    for r in rows:
        row = bytearray(row_size)
        values = dict(r)
        values.setdefault(T_LTP_ROW_VER, 1)
        for c in order:
            if c not in values:
                continue
            at, size, bit = place[c]
            data = encode(c, values[c])
            if (c & 0xFFFF) not in FIXED_SIZE:
                data = struct.pack("<I", variable_value(heap, subnodes, ids, data))
            row[at:at + size] = data.ljust(size, b"\0")
            row[end_1b + bit // 8] |= 0x80 >> (bit % 8)
        matrix.append(bytes(row))
    index = bth(heap, [(struct.pack("<I", r[T_LTP_ROW_ID]), struct.pack("<I", i)) for i, r in enumerate(rows)], 4, 4)
    rows_hnid = 0
    if matrix and len(matrix) * row_size <= HEAP_ALLOC_MAX:
        rows_hnid = heap.alloc(b"".join(matrix))
    elif matrix:
        # 2.3.4.4: in a subnode, rows never straddle blocks: each block holds whole rows.
        per = BLOCK_DATA_MAX // row_size
        rows_hnid = ids.take()
        subnodes[rows_hnid] = Node([b"".join(matrix[i:i + per]) for i in range(0, len(matrix), per)])
    descriptors = b"".join(struct.pack("<IHBB", c, *place[c]) for c in sorted(columns))
    info = struct.pack("<BBHHHHIII", 0x7C, len(columns), end_4b, end_2b, end_1b, row_size, index,
                       rows_hnid, 0) + descriptors
    heap.root = heap.alloc(info)
    return Node(heap.chunks(), subnodes)


# ---- NDB: blocks, B-trees, maps, header ---------------------------------------------------

class Writer:
    """Collects blocks and nodes, then lays out and writes the file."""

    def __init__(self):
        self.blocks = []          # [bid, bytes]
        self.nodes = []           # (nid, bid data, bid sub, nid parent)
        self.block_count = 0
        self.places = {}

    def block(self, data, internal=False):
        """2.2.2.2 BID: index in the high bits, bit 1 set for internal blocks."""
        assert len(data) <= BLOCK_DATA_MAX
        self.block_count += 1
        bid = self.block_count << 2 | (2 if internal else 0)
        self.blocks.append([bid, bytes(data)])
        return bid

    def data_tree(self, chunks):
        """2.2.2.8.3.2: one block, an XBLOCK over up to 1021 blocks, or an XXBLOCK."""
        bids = [self.block(c) for c in chunks]
        if len(bids) == 1:
            return bids[0]
        total = sum(len(c) for c in chunks)
        per = (BLOCK_DATA_MAX - 8) // 8
        if len(bids) <= per:
            return self.block(struct.pack("<BBHI", 1, 1, len(bids), total) + struct.pack("<%dQ" % len(bids), *bids), True)
        assert len(bids) <= per * per, "data over the XXBLOCK limit"
        xblocks = []
        for i in range(0, len(bids), per):
            part = bids[i:i + per]
            size = sum(len(c) for c in chunks[i:i + per])
            xblocks.append(self.block(struct.pack("<BBHI", 1, 1, len(part), size) + struct.pack("<%dQ" % len(part), *part), True))
        return self.block(struct.pack("<BBHI", 1, 2, len(xblocks), total) + struct.pack("<%dQ" % len(xblocks), *xblocks), True)

    def write_node(self, node):
        """(bidData, bidSub) of a node and its subnodes (2.2.2.8.3.3 SLBLOCK)."""
        data = self.data_tree(node.chunks)
        sub = 0
        if node.subnodes:
            entries = []
            for sub_nid in sorted(node.subnodes):
                d, s = self.write_node(node.subnodes[sub_nid])
                entries.append(struct.pack("<QQQ", sub_nid, d, s))
            assert len(entries) <= (BLOCK_DATA_MAX - 8) // 24, "too many subnodes for one SLBLOCK"
            sub = self.block(struct.pack("<BBHI", 2, 0, len(entries), 0) + b"".join(entries), True)
        return data, sub

    def add(self, node_id, node, parent=0):
        data, sub = self.write_node(node)
        self.nodes.append((node_id, data, sub, parent))
        return data

    # -- layout

    def layout(self):
        self.next_free = PMAP_FIRST + PAGE
        self.used = []  # (ib, size)

        def is_map(ib):
            return ib >= AMAP_FIRST and ((ib - AMAP_FIRST) % AMAP_SPAN == 0 or (ib - PMAP_FIRST) % PMAP_SPAN == 0)

        def place(size, align):
            ib = -(-self.next_free // align) * align
            # No allocation may cover an AMap or PMap page (both at 512-byte boundaries).
            while True:
                first = -(-ib // PAGE) * PAGE
                clash = [p for p in range(first, ib + size, PAGE) if is_map(p)]
                if not clash:
                    break
                ib = -(-(clash[-1] + PAGE) // align) * align
            self.next_free = ib + size
            self.used.append((ib, size))
            assert ib + size < FMAP_FIRST, "a file this big would need FMap pages: not written"
            return ib

        self.block_at = {}
        for bid, data in self.blocks:
            self.block_at[bid] = place(-(-(len(data) + 16) // 64) * 64, 64)
        self.page_count = 0
        self.pages = []  # (ib, bytes)
        nbt = [(n, struct.pack("<QQQII", n, d, s, p, 0)) for n, d, s, p in sorted(self.nodes)]
        bbt = [(bid, struct.pack("<QQHHI", bid, self.block_at[bid], len(data), 2, 0))
               for bid, data in sorted(self.blocks)]
        self.nbt_root = self.btree(nbt, PTYPE_NBT, 32, place)
        self.bbt_root = self.btree(bbt, PTYPE_BBT, 24, place)

    def btree(self, entries, ptype, leaf_size, place):
        """2.2.2.7.7: leaves of entries, index pages of BTENTRY above; returns the root
        BREF (bid, ib)."""
        level = 0
        while True:
            size = leaf_size if level == 0 else 24
            per = 488 // size
            parents = []
            for i in range(0, max(len(entries), 1), per):
                part = entries[i:i + per]
                self.page_count += 1
                bid = self.page_count << 2  # page BIDs from bidNextP (2.2.2.6)
                ib = place(PAGE, PAGE)
                body = b"".join(e for _, e in part).ljust(488, b"\0")
                body += struct.pack("<BBBBI", len(part), per, size, level, 0)
                self.pages.append((ib, self.page(body, ptype, bid, ib)))
                parents.append((part[0][0] if part else 0, bid, ib))
            if len(parents) == 1:
                return parents[0][1], parents[0][2]
            entries = [(key, struct.pack("<QQQ", key, bid, ib)) for key, bid, ib in parents]
            level += 1

    @staticmethod
    def page(body, ptype, bid, ib):
        """2.2.2.7.1 PAGETRAILER; map pages have no signature and their ib as bid."""
        assert len(body) == PAGE_DATA
        sig = 0 if ptype in (PTYPE_AMAP, PTYPE_PMAP) else signature(ib, bid)
        return body + struct.pack("<BBHIQ", ptype, ptype, sig, crc(body), bid)

    def write(self, path, unique=0x1B5A0001):
        self.layout()
        eof = max(ib + size for ib, size in self.used)
        out = bytearray(eof)
        for bid, data in self.blocks:
            ib = self.block_at[bid]
            size = -(-(len(data) + 16) // 64) * 64
            out[ib:ib + len(data)] = data
            out[ib + size - 16:ib + size] = struct.pack("<HHIQ", len(data), signature(ib, bid), crc(data), bid)
            self.places.setdefault("first_block", ib)
        for ib, data in self.pages:
            out[ib:ib + PAGE] = data
        # 2.2.2.7.2: AMaps, one bit a 64-byte unit, most significant bit first; the maps'
        # own pages are allocated too.
        amaps = list(range(AMAP_FIRST, eof, AMAP_SPAN))
        used = self.used + [(a, PAGE) for a in amaps] + [(p, PAGE) for p in range(PMAP_FIRST, eof, PMAP_SPAN)]
        free = 0
        for a in amaps:
            bits = bytearray(PAGE_DATA)
            for ib, size in used:
                for unit in range(max(ib, a), min(ib + size, a + AMAP_SPAN), 64):
                    k = (unit - a) // 64
                    bits[k // 8] |= 0x80 >> (k % 8)
            free += sum(8 - bin(b).count("1") for b in bits) * 64
            out[a:a + PAGE] = self.page(bytes(bits), PTYPE_AMAP, a, a)
        # 2.2.2.7.3: PMaps are deprecated; every page is marked allocated.
        for p in range(PMAP_FIRST, eof, PMAP_SPAN):
            out[p:p + PAGE] = self.page(b"\xff" * PAGE_DATA, PTYPE_PMAP, p, p)
        out[:564] = self.header(eof, amaps[-1], free, unique)
        with open(path, "wb") as f:
            f.write(out)

    def header(self, eof, amap_last, amap_free, unique):
        """2.2.2.6 HEADER (Unicode) with 2.2.2.5 ROOT."""
        rgnid = [0x400] * 32
        for n, _, _, _ in self.nodes:
            rgnid[n & 0x1F] = max(rgnid[n & 0x1F], (n >> 5) + 1)
        rgnid[NID_TYPE_NORMAL_FOLDER] = max(rgnid[NID_TYPE_NORMAL_FOLDER], 0x400)
        rgnid[0x03] = max(rgnid[0x03], 0x4000)
        rgnid[0x08] = max(rgnid[0x08], 0x8000)
        rgnid[NID_TYPE_NORMAL_MESSAGE] = max(rgnid[NID_TYPE_NORMAL_MESSAGE], 0x10000)
        root = struct.pack("<IQQQQQQQQBBH", 0, eof, amap_last, amap_free, 0,
                           self.nbt_root[0], self.nbt_root[1], self.bbt_root[0], self.bbt_root[1],
                           0x02, 0, 0)
        assert len(root) == 72
        h = bytearray(564)
        struct.pack_into("<4sIHHHBB", h, 0, b"!BDN", 0, 0x4D53, 23, 19, 1, 1)
        struct.pack_into("<IIQQI", h, 16, 0, 0, 0, (self.page_count + 1) << 2, unique)
        struct.pack_into("<32I", h, 44, *rgnid)
        h[180:252] = root
        h[256:512] = b"\xff" * 256          # rgbFM and rgbFP: deprecated, all 0xFF
        h[512] = 0x80
        h[513] = 0                          # bCryptMethod: NDB_CRYPT_NONE
        struct.pack_into("<Q", h, 516, (self.block_count + 1) << 2)
        struct.pack_into("<I", h, 4, crc(bytes(h[8:8 + 471])))
        struct.pack_into("<I", h, 524, crc(bytes(h[8:8 + 516])))
        self.places.update(nbt_root=self.nbt_root[1], bbt_root=self.bbt_root[1], eof=eof)
        return bytes(h)


# ---- Messaging layer ---------------------------------------------------------------------

STORE_UID = bytes(range(0x51, 0x61))   # PidTagRecordKey of the store: any 16 bytes


def entry_id(node_id):
    """2.4.3.2 EntryID: four flag bytes, the store's UID, the NID."""
    return b"\0" * 4 + STORE_UID + struct.pack("<I", node_id)


def body_text(m, base):
    """A described message's body: "body", or the text of the file "body_file"."""
    if "body_file" in m:
        with open(os.path.join(base, m["body_file"]), encoding="utf-8") as f:
            return f.read()
    return m.get("body", "")


def attachment_bytes(a, base):
    """A described attachment's bytes: "text" (UTF-8), "base64" or the file "file"."""
    if "text" in a:
        return a["text"].encode("utf-8")
    if "base64" in a:
        return base64.b64decode(a["base64"])
    with open(os.path.join(base, a["file"]), "rb") as f:
        return f.read()


PSETID_COMMON = bytes.fromhex("0820060000000000c000000000000046")  # {00062008-...-000000000046}


def name_to_id_map(numbered, named, buckets=251):
    """2.4.7: the named property map. numbered: LIDs of PSETID_Common (the GUID stream's
    first GUID, wGuid 3); named: string names of PS_PUBLIC_STRINGS (wGuid 2); they map
    to 0x8000, 0x8001... in that order. Streams: GUIDs; NAMEID records (dwPropertyID, N
    bit and wGuid, wPropIdx); strings (length, UTF-16LE name, padding to 4 bytes). Hash
    buckets (2.4.7.5): dwPropertyID is the LID, or the CRC of a string name; the bucket
    is that value XOR (wGuid << 1 | N), modulo the bucket count."""
    entries, strings, bucket = b"", b"", {}
    keys = [(lid, 3 << 1, None) for lid in numbered] + [(None, 2 << 1 | 1, n) for n in named]
    for index, (lid, guid_and_kind, name) in enumerate(keys):
        if name is None:
            hashed = lid
            entries += struct.pack("<IHH", lid, guid_and_kind, index)
        else:
            encoded = utf16(name)
            hashed = crc(encoded)
            entries += struct.pack("<IHH", len(strings), guid_and_kind, index)
            strings += struct.pack("<I", len(encoded)) + encoded
            strings += b"\0" * (-len(strings) % 4)
        key = 0x1000 + (hashed ^ guid_and_kind) % buckets
        bucket[key] = bucket.get(key, b"") + struct.pack("<IHH", hashed, guid_and_kind, index)
    props = {T_NAMEID_BUCKET_COUNT: buckets, T_NAMEID_STREAM_GUID: PSETID_COMMON,
             T_NAMEID_STREAM_ENTRY: entries, T_NAMEID_STREAM_STRING: strings}
    props.update({tag(k, PT_BINARY): v for k, v in bucket.items()})
    return props


class Store:
    """Builds the folders and messages of a description into a Writer."""

    def __init__(self, spec, base):
        self.w = Writer()
        self.spec = spec
        self.base = base
        self.next_folder = 0x401
        self.next_message = 0x10001
        self.first_message = None

    def folder_nid(self):
        self.next_folder += 1
        return nid(NID_TYPE_NORMAL_FOLDER, self.next_folder - 1)

    def folder(self, node_id, parent, name, subfolders, messages, container="IPF.Note"):
        """2.4.4: the folder's PC and its three tables; subfolders are (nid, name,
        message count, has subfolders) of folders written by the caller."""
        props = {T_DISPLAY_NAME: name, T_CONTENT_COUNT: len(messages), T_CONTENT_UNREAD: 0,
                 T_SUBFOLDERS: 1 if subfolders else 0}
        if container:
            props[T_CONTAINER_CLASS] = container
        self.w.add(node_id, property_context(props), parent)
        hierarchy = [{T_LTP_ROW_ID: n, T_DISPLAY_NAME: sub_name, T_CONTENT_COUNT: count,
                      T_CONTENT_UNREAD: 0, T_SUBFOLDERS: 1 if has_sub else 0, T_CONTAINER_CLASS: "IPF.Note"}
                     for n, sub_name, count, has_sub in subfolders]
        index = node_id >> 5
        self.w.add(nid(NID_TYPE_HIERARCHY_TABLE, index), table_context(HIERARCHY_COLUMNS, hierarchy))
        self.w.add(nid(NID_TYPE_CONTENTS_TABLE, index), table_context(CONTENTS_COLUMNS, messages))
        self.w.add(nid(NID_TYPE_ASSOC_CONTENTS_TABLE, index), table_context(ASSOC_COLUMNS, []))

    def user_folder(self, parent, f):
        """A described folder and, first, its subfolders; returns its hierarchy row."""
        node_id = self.folder_nid()
        subs = [self.user_folder(node_id, sub) for sub in f.get("folders", [])]
        rows = [self.message(node_id, m) for m in f.get("messages", [])]
        self.folder(node_id, parent, f["name"], subs, rows)
        return node_id, f["name"], len(rows), bool(subs)

    def message(self, folder, m):
        """2.4.5: a message PC with its recipient and attachment tables as subnodes;
        returns its contents table row."""
        self.next_message += 1
        node_id = nid(NID_TYPE_NORMAL_MESSAGE, self.next_message - 1)
        when = filetime(m.get("date", "2024-07-02T10:00:00"))
        body = body_text(m, self.base)
        to = m.get("to", [])
        cc = m.get("cc", [])
        attachments = m.get("attachments", [])
        subject = m.get("subject", "")
        display_to = "; ".join(r["name"] for r in to)
        display_cc = "; ".join(r["name"] for r in cc)
        flags = 0x01 | (0x10 if attachments else 0)   # MSGFLAG_READ, MSGFLAG_HASATTACH
        props = {T_MESSAGE_CLASS: "IPM.Note", T_SUBJECT: subject, T_CONVERSATION_TOPIC: subject,
                 T_IMPORTANCE: 1, T_SENSITIVITY: 0, T_MESSAGE_FLAGS: flags, T_MESSAGE_STATUS: 0,
                 T_CLIENT_SUBMIT_TIME: when, T_DELIVERY_TIME: when, T_CREATION_TIME: when,
                 T_LAST_MODIFICATION_TIME: when, T_HAS_ATTACHMENTS: 1 if attachments else 0,
                 T_SEARCH_KEY: struct.pack("<I", node_id) * 4, T_INTERNET_CPID: 65001,
                 T_DISPLAY_TO: display_to, T_DISPLAY_CC: display_cc}
        if body:
            props[T_BODY] = body
        if m.get("sender_name"):
            props[T_SENDER_NAME] = props[T_SENT_REPR_NAME] = m["sender_name"]
        if m.get("sender_address"):
            props[T_SENDER_ADDRESS] = props[T_SENT_REPR_ADDRESS] = m["sender_address"]
            props[T_SENDER_ADDRTYPE] = props[T_SENT_REPR_ADDRTYPE] = "SMTP"
        size = len(utf16(body)) + sum(len(attachment_bytes(a, self.base)) for a in attachments) + 512
        props[T_MESSAGE_SIZE] = size
        recipients = []
        for kind, people in ((1, to), (2, cc)):     # MAPI_TO, MAPI_CC
            for r in people:
                recipients.append({T_LTP_ROW_ID: len(recipients), T_RECIPIENT_TYPE: kind,
                                   T_RESPONSIBILITY: 0, T_OBJECT_TYPE: 6, T_DISPLAY_TYPE: 0,
                                   T_DISPLAY_NAME: r["name"], T_ADDRTYPE: "SMTP",
                                   T_EMAIL_ADDRESS: r["address"], T_SMTP_ADDRESS: r["address"],
                                   T_SEARCH_KEY: ("SMTP:" + r["address"].upper()).encode() + b"\0",
                                   T_SEND_RICH_INFO: 0})
        subnodes = {NID_RECIPIENT_TABLE: table_context(RECIPIENT_COLUMNS, recipients)}
        rows = []
        for i, a in enumerate(attachments):
            data = attachment_bytes(a, self.base)
            attach_nid = nid(NID_TYPE_ATTACHMENT, 0x401 + i)
            name = a["filename"]
            ext = name[name.rfind("."):] if "." in name else ""
            short = (name[:name.rfind(".")] if ext else name)[:8] + ext[:4]
            attach_props = {T_ATTACH_SIZE: len(data) + 200, T_ATTACH_FILENAME: short,
                            T_ATTACH_LONG_FILENAME: name, T_DISPLAY_NAME: name, T_ATTACH_EXTENSION: ext,
                            T_ATTACH_METHOD: 1, T_RENDERING_POSITION: 0xFFFFFFFF,
                            T_ATTACH_MIME_TAG: a.get("mime", "application/octet-stream"),
                            T_ATTACH_DATA_BINARY: data}
            subnodes[attach_nid] = property_context(attach_props)
            rows.append({T_LTP_ROW_ID: attach_nid, T_ATTACH_SIZE: len(data) + 200, T_ATTACH_FILENAME: short,
                         T_ATTACH_METHOD: 1, T_RENDERING_POSITION: 0xFFFFFFFF})
        if attachments:
            subnodes[NID_ATTACHMENT_TABLE] = table_context(ATTACHMENT_COLUMNS, rows)
        pc = property_context(props)
        pc.subnodes.update(subnodes)
        data_bid = self.w.add(node_id, pc, folder)
        if self.first_message is None:
            self.first_message = data_bid
        return {T_LTP_ROW_ID: node_id, T_IMPORTANCE: 1, T_MESSAGE_CLASS: "IPM.Note", T_SENSITIVITY: 0,
                T_SUBJECT: subject, T_CLIENT_SUBMIT_TIME: when, T_SENT_REPR_NAME: m.get("sender_name", ""),
                T_CONVERSATION_TOPIC: subject, T_DISPLAY_TO: display_to, T_DISPLAY_CC: display_cc,
                T_DELIVERY_TIME: when, T_MESSAGE_FLAGS: flags, T_MESSAGE_SIZE: size, T_MESSAGE_STATUS: 0,
                T_LAST_MODIFICATION_TIME: when}

    def build(self):
        w = self.w
        ipm = self.folder_nid()             # 0x8022: Top of Personal Folders
        search_root = self.folder_nid()     # 0x8042
        deleted = self.folder_nid()         # 0x8062
        w.add(NID_MESSAGE_STORE, property_context({
            T_RECORD_KEY: STORE_UID, T_DISPLAY_NAME: self.spec.get("name", "Personal Folders"),
            T_IPM_SUBTREE_ENTRYID: entry_id(ipm), T_IPM_WASTEBASKET_ENTRYID: entry_id(deleted),
            T_FINDER_ENTRYID: entry_id(search_root), T_PST_PASSWORD: 0}))
        w.add(NID_NAME_TO_ID_MAP, property_context(name_to_id_map([0x8503], ["Keywords"])))
        for template, columns in ((NID_HIERARCHY_TABLE_TEMPLATE, HIERARCHY_COLUMNS),
                                  (NID_CONTENTS_TABLE_TEMPLATE, CONTENTS_COLUMNS),
                                  (NID_ASSOC_CONTENTS_TABLE_TEMPLATE, ASSOC_COLUMNS),
                                  (NID_SEARCH_CONTENTS_TABLE_TEMPLATE, CONTENTS_COLUMNS),
                                  (NID_ATTACHMENT_TABLE, ATTACHMENT_COLUMNS),
                                  (NID_RECIPIENT_TABLE, RECIPIENT_COLUMNS)):
            w.add(template, table_context(columns, []))
        tops = [self.user_folder(ipm, f) for f in self.spec.get("folders", [])]
        self.folder(deleted, ipm, "Deleted Items", [], [])
        tops.append((deleted, "Deleted Items", 0, False))
        self.folder(ipm, NID_ROOT_FOLDER, "Top of Personal Folders", tops, [])
        self.folder(search_root, NID_ROOT_FOLDER, "Search Root", [], [], container=None)
        self.folder(NID_ROOT_FOLDER, NID_ROOT_FOLDER, "", [(ipm, "Top of Personal Folders", 0, True),
                                                           (search_root, "Search Root", 0, False)], [],
                    container=None)

    def write(self, path):
        self.build()
        self.w.write(path)
        places = dict(self.w.places)
        if self.first_message is not None:
            places["first_message_block"] = self.w.block_at[self.first_message]
        return places


def write(spec, path, base="."):
    """Writes the store described by spec (a dict as above; its file names relative to
    base) to path; returns the offsets of its B-tree roots and first message block."""
    return Store(spec, base).write(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", help="JSON description of the store ('-' for stdin)")
    parser.add_argument("out", help="the .pst file to write")
    parser.add_argument("--map", help="write the offsets of the B-tree roots and the first message here")
    args = parser.parse_args()
    if args.spec == "-":
        spec, base = json.load(sys.stdin), "."
    else:
        with open(args.spec, encoding="utf-8") as f:
            spec, base = json.load(f), os.path.dirname(args.spec)
    places = write(spec, args.out, base)
    if args.map:
        with open(args.map, "w", encoding="utf-8") as f:
            json.dump(places, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
