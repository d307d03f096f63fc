#!/usr/bin/env python3
"""Writes the PDF fixtures of tests/test_docs.c: minimal PDFs written by hand (no
library), each object at a computed offset, with synthetic identities only.
Run from this folder: python3 make-fixtures.py"""


def pdf(objects, trailer_extra=b""):
    """objects: list of bytes, object i+1 each. Returns the file with its xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(lines):
    ops = b"BT /F1 12 Tf 72 720 Td 14 TL\n"
    for line in lines:
        ops += b"(" + line + b") Tj T*\n"
    return ops + b"ET"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
IMAGE = stream(b"\x00\xff\xff\x00",
               b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 ")


def pages(contents, images=False, catalog_extra=b""):
    """A document of one page per content stream; objects 1 catalog, 2 pages, 3 font,
    4 image, then page and content pairs."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, FONT, IMAGE]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> "
                       b"/Contents %d 0 R >>" % (6 + 2 * i))
        objects.append(stream(content))
    return objects


def main():
    page1 = text_content([b"Discharge summary", b"Patient: Mary Okafor",
                          b"DOB: 03/14/1962   SSN: 123-45-6789"])
    page2 = text_content([b"Follow-up", b"Phone: (312) 555-0142", b"MRN: 00123456"])
    image = b"q 200 0 0 200 100 400 cm /Im1 Do Q"
    with open("two-pages.pdf", "wb") as f:
        f.write(pdf(pages([page1, page2])))
    with open("image-only.pdf", "wb") as f:
        f.write(pdf(pages([page1, image])))
    # Page 2 drawn without text or images (text turned into outlines looks like this),
    # page 3 blank.
    drawing = b"0 0 0 rg 72 700 m 200 700 l 200 690 l 72 690 l f 72 650 128 20 re f"
    with open("drawn.pdf", "wb") as f:
        f.write(pdf(pages([page1, drawing, b""])))
    # An embedded file: the catalog's name tree points to a file specification.
    objects = pages([page1], catalog_extra=b"/Names << /EmbeddedFiles 7 0 R >> ")
    note = b"Referral: SSN 287-65-4320, born 14 Mar 1975\n"
    objects += [b"<< /Names [(referral.txt) 8 0 R] >>",
                b"<< /Type /Filespec /F (referral.txt) /UF (referral.txt) /EF << /F 9 0 R >> >>",
                stream(note, b"/Type /EmbeddedFile /Params << /Size %d >> " % len(note))]
    with open("attachment.pdf", "wb") as f:
        f.write(pdf(objects))
    # Standard security handler, revision 2, with O and U values no password opens:
    # poppler asks for a password (it cannot open it with the empty one).
    objects = pages([page1]) + [
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"]
    with open("encrypted.pdf", "wb") as f:
        f.write(pdf(objects, b"/Encrypt 7 0 R /ID [<00112233445566778899aabbccddeeff> "
                            b"<00112233445566778899aabbccddeeff>] "))
    # A filled form (AcroForm text fields whose values are not in the page's text), a
    # sticky note, and a file attached to the page by an annotation.
    objects = pages([text_content([b"Intake form"])],
                    catalog_extra=b"/AcroForm << /Fields [7 0 R 8 0 R] >> ")
    objects[4] = objects[4].replace(b"/Contents 6 0 R", b"/Contents 6 0 R /Annots [7 0 R 8 0 R 9 0 R 10 0 R]")
    card = b"MBI 1EG4-TE5-MK73\n"
    objects += [
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (patient_ssn) /V (123-45-6789) "
        b"/Rect [72 600 300 620] /P 5 0 R /F 4 >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (dob) /V (03/14/1962) "
        b"/Rect [72 570 300 590] /P 5 0 R /F 4 >>",
        b"<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Called back, MRN 00123456) /P 5 0 R >>",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [400 650 420 670] /P 5 0 R "
        b"/FS << /Type /Filespec /F (card.txt) /UF (card.txt) /EF << /F 11 0 R >> >> >>",
        stream(card, b"/Type /EmbeddedFile /Params << /Size %d >> " % len(card))]
    with open("form.pdf", "wb") as f:
        f.write(pdf(objects))
    with open("damaged.pdf", "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + b"\x00\x93garbage" * 8)


main()
