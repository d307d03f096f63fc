#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_read (fuzz/corpus/read/): small archives and Office
documents made here with Python's standard library, each prefixed by the byte that
picks its file name in fuzz_read.c. Run from the repository root; deterministic."""
import gzip, io, tarfile, zipfile, os

OUT = "fuzz/corpus/read"
NAMES = {"zip": 0, "xlsx": 1, "docx": 2, "odt": 3, "gz": 4, "tar": 5}
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
CT = HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
SS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

def zipped(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, (2024, 7, 1, 0, 0, 0))
            z.writestr(info, text)
    return buf.getvalue()

def write(name, kind, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([NAMES[kind]]) + data)

write("seed-xlsx", "xlsx", zipped([
    ("[Content_Types].xml", CT),
    ("xl/workbook.xml", HEAD + f'<workbook {SS} xmlns:r="r"><workbookPr date1904="1"/><sheets>'
     '<sheet name="P" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", HEAD + '<Relationships><Relationship Id="rId1" '
     'Target="worksheets/sheet1.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", HEAD + f'<sst {SS}><si><t>SSN</t></si><si><t>DOB</t></si>'
     '<si><r><t>Mary</t></r><rPh><t>x</t></rPh></si></sst>'),
    ("xl/styles.xml", HEAD + f'<styleSheet {SS}><numFmts><numFmt numFmtId="164" '
     'formatCode="[&lt;=9999999]###-####;(###) ###-####"/></numFmts><cellXfs><xf numFmtId="0"/>'
     '<xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>'),
    ("xl/worksheets/sheet1.xml", HEAD + f'<worksheet {SS}><sheetData><row r="1"><c r="A1" t="s">'
     '<v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" s="1"><v>6175550199</v>'
     '</c><c r="B2" s="2"><v>22719.25</v></c><c t="inlineStr"><is><t>Ok</t></is></c>'
     '<c t="b"><v>0</v></c></row></sheetData></worksheet>'),
]))
W = 'xmlns:w="w"'
write("seed-docx", "docx", zipped([
    ("[Content_Types].xml", CT),
    ("word/document.xml", HEAD + f'<w:document {W}><w:body><w:p><w:pPr><w:tabs><w:tab/></w:tabs>'
     '</w:pPr><w:r><w:t>DOB 03/14/1962</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p>'
     '<w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc/></w:tr></w:tbl></w:tc>'
     '</w:tr><w:tr><w:tc><w:p><w:r><w:delText>Ann</w:delText></w:r></w:p></w:tc></w:tr></w:tbl>'
     '</w:body></w:document>'),
    ("word/footer1.xml", HEAD + f'<w:ftr {W}><w:p><w:r><w:t>MRN 0012</w:t></w:r></w:p></w:ftr>'),
    ("word/embeddings/oleObject1.bin", "SSN 219-38-4471"),
]))
write("seed-pptx", "zip", zipped([
    ("[Content_Types].xml", CT), ("ppt/presentation.xml", HEAD + "<p/>"),
    ("ppt/slides/slide1.xml", HEAD + '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>Jo</a:t>'
     '</a:r></a:p></p:sld>'),
    ("ppt/notesSlides/notesSlide1.xml", HEAD + '<a:p xmlns:a="a"><a:t>x</a:t></a:p>'),
]))
ODF = ('xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:draw="d"')
write("seed-ods", "odt", zipped([
    ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    ("content.xml", HEAD + f'<office:document-content {ODF}><table:table table:name="S">'
     '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
     '<text:p>DOB</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/>'
     '</table:table-row><table:table-row><table:table-cell office:value-type="date" '
     'office:date-value="1962-03-14"/><table:table-cell><text:p>a<text:s text:c="3"/>b</text:p>'
     '<text:p>c</text:p></table:table-cell></table:table-row></table:table>'
     '</office:document-content>'),
]))
write("seed-odt", "odt", zipped([
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml", HEAD + f'<office:document-content {ODF}><text:h>H</text:h><text:p>a<text:tab/>'
     'b<text:line-break/>c</text:p><table:table><table:table-row><table:table-cell><text:p>X'
     '</text:p></table:table-cell></table:table-row></table:table></office:document-content>'),
    ("styles.xml", HEAD + f'<office:document-styles {ODF}><text:p>Fax</text:p>'
     '</office:document-styles>'),
]))
write("seed-odp", "odt", zipped([
    ("mimetype", "application/vnd.oasis.opendocument.presentation"),
    ("content.xml", HEAD + f'<office:document-content {ODF}><draw:page><text:p>One</text:p>'
     '</draw:page><draw:page/></office:document-content>'),
]))
write("seed-odf-encrypted", "odt", zipped([
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("META-INF/manifest.xml", HEAD + "<manifest><encryption-data/></manifest>"),
]))
write("seed-zip", "zip", zipped([("a/b.csv", "ssn\n219-38-4471\n"), ("c.txt", "DOB 1/2/1950")]))
write("seed-gz", "gz", gzip.compress(b"MRN 00123456\n", mtime=0))
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    for name, text in [("x/y.txt", b"SSN 219-38-4471\n"), ("link", None)]:
        info = tarfile.TarInfo(name)
        info.mtime = 1720000000
        if text is None:
            info.type = tarfile.SYMTYPE
            info.linkname = "x/y.txt"
            t.addfile(info)
        else:
            info.size = len(text)
            t.addfile(info, io.BytesIO(text))
write("seed-tar", "tar", buf.getvalue())
write("seed-tgz", "gz", gzip.compress(buf.getvalue(), mtime=0))
