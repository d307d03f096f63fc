#!/usr/bin/env python3
"""Writes Office documents for the end-to-end tests into DIR: a workbook (XLSX), a
letter (DOCX), a spreadsheet and a letter in OpenDocument (ODS, ODT), each holding
known personal data. The XML follows ECMA-376 and OASIS ODF 1.2; zip entries carry a
fixed time so the bytes are the same on every run. Usage: office-samples.py DIR"""
import os, sys, zipfile

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def save(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            z.writestr(zipfile.ZipInfo(name, (2024, 7, 2, 9, 30, 0)), text)


def main(out):
    os.makedirs(out, exist_ok=True)
    save(os.path.join(out, "registry.xlsx"), [
        ("[Content_Types].xml", CT),
        ("xl/workbook.xml", HEAD + f'<workbook {SS} {REL}><sheets><sheet name="Registry" '
         'sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", HEAD + '<Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
         'Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/sharedStrings.xml", HEAD + f'<sst {SS}><si><t>Patient</t></si><si><t>SSN</t></si>'
         '<si><t>Date of Birth</t></si><si><t>ZIP</t></si><si><t>Ana Diaz</t></si></sst>'),
        ("xl/styles.xml", HEAD + f'<styleSheet {SS}><numFmts><numFmt numFmtId="164" '
         'formatCode="000-00-0000"/><numFmt numFmtId="165" formatCode="00000"/></numFmts>'
         '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
         '<xf numFmtId="165"/></cellXfs></styleSheet>'),
        ("xl/worksheets/sheet1.xml", HEAD + f'<worksheet {SS}><sheetData><row r="1">'
         '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
         '<c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c>'
         '<c r="B2" s="1"><v>31954321</v></c><c r="C2" s="2"><v>18265</v></c>'
         '<c r="D2" s="3"><v>2139</v></c></row></sheetData></worksheet>'),
    ])
    save(os.path.join(out, "letter.docx"), [
        ("[Content_Types].xml", CT),
        ("word/document.xml", HEAD + f'<w:document {W}><w:body><w:p><w:r><w:t>Re: Ana Diaz, '
         'DOB 01/02/1950</w:t></w:r></w:p><w:p><w:r><w:t>SSN: 031-95-4321</w:t></w:r></w:p>'
         '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Member ID</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
         '<w:t>Phone</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>XGH998877665'
         '</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>(617) 555-0123</w:t></w:r></w:p></w:tc>'
         '</w:tr></w:tbl></w:body></w:document>'),
        ("word/footer1.xml", HEAD + f'<w:ftr {W}><w:p><w:r><w:t>MRN: 00456789</w:t></w:r>'
         '</w:p></w:ftr>'),
    ])
    save(os.path.join(out, "intake.ods"), [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", HEAD + f'<office:document-content {ODF}><office:body><office:spreadsheet>'
         '<table:table table:name="Intake"><table:table-row><table:table-cell office:value-type='
         '"string"><text:p>Name</text:p></table:table-cell><table:table-cell office:value-type='
         '"string"><text:p>DOB</text:p></table:table-cell></table:table-row><table:table-row>'
         '<table:table-cell office:value-type="string"><text:p>Ana Diaz</text:p></table:table-cell>'
         '<table:table-cell office:value-type="date" office:date-value="1950-01-02"><text:p>'
         '01/02/1950</text:p></table:table-cell></table:table-row></table:table>'
         '</office:spreadsheet></office:body></office:document-content>'),
    ])
    save(os.path.join(out, "note.odt"), [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", HEAD + f'<office:document-content {ODF}><office:body><office:text>'
         '<text:p>Patient SSN 031-95-4321, seen 07/02/2024.</text:p></office:text></office:body>'
         '</office:document-content>'),
    ])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: office-samples.py DIR")
    main(sys.argv[1])
