/* PresentationML packages (see pptx_out.h), zipped by zipout.c. */
#include "synth/pptx_out.h"

#include <string.h>
#include <unistd.h>

#include "synth/ooxml_out.h"
#include "synth/zipout.h"

#define PACKAGE_TIME 1721044800 /* 2024-07-15, as the other OOXML packages */

#define NS_A      "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_R      "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_P      "http://schemas.openxmlformats.org/presentationml/2006/main"
#define XML_HEAD  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL(type) "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" type
#define CT(type)  "application/vnd.openxmlformats-officedocument.presentationml." type "+xml"

/* An empty shape tree: what every slide, layout and master starts with. */
#define TREE_START                                                                                 \
  "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/>"                   \
  "</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/>"            \
  "<a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>"

static const char master[] =
    XML_HEAD "<p:sldMaster xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P "\">"
             "<p:cSld>" TREE_START "</p:spTree></p:cSld>"
             "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" "
             "accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" "
             "accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
             "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>"
             "</p:sldMaster>";

static const char master_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL(
        "slideLayout") "\" "
                       "Target=\"../slideLayouts/slideLayout1.xml\"/>"
                       "<Relationship Id=\"rId2\" Type=\"" REL(
                           "theme") "\" Target=\"../theme/theme1.xml\"/>"
                                    "</Relationships>";

static const char layout[] = XML_HEAD
    "<p:sldLayout xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P "\" "
    "type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\">" TREE_START "</p:spTree></p:cSld>"
    "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>";

static const char layout_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL(
        "slideMaster") "\" "
                       "Target=\"../slideMasters/slideMaster1.xml\"/></Relationships>";

#define SOLID(c) "<a:solidFill><a:schemeClr val=\"" c "\"/></a:solidFill>"
#define LINE(w)  "<a:ln w=\"" w "\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>"

/* A theme (DrawingML 20.1.6): colours, fonts and the three-of-each format scheme. */
static const char theme[] = XML_HEAD
    "<a:theme xmlns:a=\"" NS_A "\" name=\"Office Theme\"><a:themeElements>"
    "<a:clrScheme name=\"Office\"><a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>"
    "<a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>"
    "<a:dk2><a:srgbClr val=\"44546A\"/></a:dk2><a:lt2><a:srgbClr val=\"E7E6E6\"/></a:lt2>"
    "<a:accent1><a:srgbClr val=\"4472C4\"/></a:accent1><a:accent2><a:srgbClr val=\"ED7D31\"/>"
    "</a:accent2><a:accent3><a:srgbClr val=\"A5A5A5\"/></a:accent3><a:accent4>"
    "<a:srgbClr val=\"FFC000\"/></a:accent4><a:accent5><a:srgbClr val=\"5B9BD5\"/></a:accent5>"
    "<a:accent6><a:srgbClr val=\"70AD47\"/></a:accent6><a:hlink><a:srgbClr val=\"0563C1\"/>"
    "</a:hlink><a:folHlink><a:srgbClr val=\"954F72\"/></a:folHlink></a:clrScheme>"
    "<a:fontScheme name=\"Office\"><a:majorFont><a:latin typeface=\"Calibri Light\"/>"
    "<a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont><a:minorFont>"
    "<a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont>"
    "</a:fontScheme><a:fmtScheme name=\"Office\"><a:fillStyleLst>" SOLID("phClr") SOLID("phClr")
        SOLID("phClr") "</a:fillStyleLst><a:lnStyleLst>" LINE("6350") LINE("12700")
            LINE("19050") "</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></"
                          "a:effectStyle>"
                          "<a:effectStyle><a:effectLst/></"
                          "a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>"
                          "</a:effectStyleLst><a:bgFillStyleLst>" SOLID("phClr") SOLID("phClr")
                              SOLID("phClr") "</a:bgFillStyleLst></a:fmtScheme></"
                                             "a:themeElements><a:objectDefaults/>"
                                             "<a:extraClrSchemeLst/></a:theme>";

static const char package_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL(
        "officeDocument") "\" "
                          "Target=\"ppt/presentation.xml\"/></Relationships>";

static const char slide_rels[] = XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL(
        "slideLayout") "\" "
                       "Target=\"../slideLayouts/slideLayout1.xml\"/></Relationships>";

static void fail(bs_pptx *p, bs_status status) {
  if (p->status == BS_OK) p->status = status;
}

bs_status bs_pptx_begin(bs_pptx *p, bs_truth *truth, const char *path, FILE *out) {
  memset(p, 0, sizeof *p);
  p->out = out;
  FILE *lines = tmpfile();
  bs_doc_open_stream(&p->doc, truth, path, lines, BS_DOC_TEXT);
  if (!lines) fail(p, BS_EIO);
  return p->status;
}

typedef struct slide_writer {
  FILE *xml;      /* the slide */
  int paragraphs; /* written so far */
} slide_writer;

/* A text box: shape id, name and where it stands (EMU). */
static void box_start(FILE *xml, int id, const char *name, long y, long height) {
  fprintf(xml,
          "<p:sp><p:nvSpPr><p:cNvPr id=\"%d\" name=\"%s\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/>"
          "</p:nvSpPr><p:spPr><a:xfrm><a:off x=\"609600\" y=\"%ld\"/><a:ext cx=\"10972800\" "
          "cy=\"%ld\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/>"
          "</p:spPr><p:txBody><a:bodyPr wrap=\"square\" rtlCol=\"0\"><a:spAutoFit/></a:bodyPr>"
          "<a:lstStyle/>",
          id, name, y, height);
}

static void run(FILE *xml, const char *text, size_t len, int bold, int size) {
  fprintf(xml, "<a:r><a:rPr lang=\"en-US\" sz=\"%d\"%s dirty=\"0\"/><a:t>", size,
          bold ? " b=\"1\"" : "");
  bs_xml_escape(xml, text, len);
  fputs("</a:t></a:r>", xml);
}

static void paragraph(const char *line, size_t len, void *ctx) {
  slide_writer *w = ctx;
  int title = w->paragraphs++ == 0;
  if (title) box_start(w->xml, 2, "Title 1", 457200, 1143000);
  if (w->paragraphs == 2) box_start(w->xml, 3, "TextBox 2", 1828800, 4572000);
  fputs("<a:p>", w->xml);
  const char *colon = memchr(line, ':', len);
  size_t label = colon && colon - line < 24 ? (size_t)(colon - line) + 1 : 0;
  if (len == 0)
    fputs("<a:endParaRPr lang=\"en-US\" dirty=\"0\"/>", w->xml);
  else if (!title && label)
    run(w->xml, line, label, 1, 1800), run(w->xml, line + label, len - label, 0, 1800);
  else
    run(w->xml, line, len, title, title ? 3200 : 1800);
  fputs("</a:p>", w->xml);
  if (title) fputs("</p:txBody></p:sp>", w->xml);
}

/* The current slide's lines as its XML. */
static void end_slide(bs_pptx *p) {
  if (p->count == 0 || p->status != BS_OK) return;
  FILE *xml = tmpfile();
  if (!xml) {
    fail(p, BS_EIO);
    return;
  }
  p->slides[p->count - 1] = xml;
  fputs(XML_HEAD "<p:sld xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P
                 "\"><p:cSld>" TREE_START,
        xml);
  slide_writer w = {xml, 0};
  if (bs_doc_each_line(p->doc.file, paragraph, &w) != 0) fail(p, BS_EIO);
  if (w.paragraphs > 1) fputs("</p:txBody></p:sp>", xml);
  fputs("</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>", xml);
  rewind(p->doc.file);
  if (ftruncate(fileno(p->doc.file), 0) != 0 || ferror(xml)) fail(p, BS_EIO);
}

int bs_pptx_slide(bs_pptx *p) {
  if (p->count == BS_PPTX_MAX_SLIDES || p->status != BS_OK) return 0;
  end_slide(p);
  char place[32];
  snprintf(place, sizeof place, "slide %d", ++p->count);
  bs_doc_set_place(&p->doc, place);
  return 1;
}

bs_status bs_pptx_finish(bs_pptx *p) {
  end_slide(p);
  char types[4096], presentation[2048], rels[2048], name[64];
  size_t n = (size_t)snprintf(
      types, sizeof types,
      XML_HEAD
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"" CT(
          "presentation.main") "\"/>"
                               "<Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" "
                               "ContentType=\"" CT(
                                   "slideMaster") "\"/>"
                                                  "<Override "
                                                  "PartName=\"/ppt/slideLayouts/slideLayout1.xml\" "
                                                  "ContentType=\"" CT(
                                                      "slideLayout") "\"/>"
                                                                     "<Override "
                                                                     "PartName=\"/ppt/theme/"
                                                                     "theme1.xml\" "
                                                                     "ContentType=\"application/"
                                                                     "vnd.openxmlformats-"
                                                                     "officedocument.theme+xml\"/"
                                                                     ">");
  size_t m = (size_t)snprintf(presentation, sizeof presentation,
                              XML_HEAD "<p:presentation xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R
                                       "\" xmlns:p=\"" NS_P "\" saveSubsetFonts=\"1\">"
                                       "<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" "
                                       "r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst>");
  size_t k = (size_t)snprintf(
      rels, sizeof rels,
      XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
               "relationships\"><Relationship Id=\"rId1\" Type=\"" REL(
                   "slideMaster") "\" Target=\"slideMasters/slideMaster1.xml\"/>"
                                  "<Relationship Id=\"rId2\" Type=\"" REL(
                                      "theme") "\" Target=\"theme/theme1.xml\"/>");
  for (int i = 1; i <= p->count; i++) {
    n += (size_t)snprintf(
        types + n, sizeof types - n,
        "<Override PartName=\"/ppt/slides/slide%d.xml\" ContentType=\"" CT("slide") "\"/>", i);
    m += (size_t)snprintf(presentation + m, sizeof presentation - m,
                          "<p:sldId id=\"%d\" r:id=\"rId%d\"/>", 255 + i, 2 + i);
    k += (size_t)snprintf(
        rels + k, sizeof rels - k,
        "<Relationship Id=\"rId%d\" Type=\"" REL("slide") "\" Target=\"slides/slide%d.xml\"/>",
        2 + i, i);
  }
  snprintf(types + n, sizeof types - n, "</Types>");
  snprintf(presentation + m, sizeof presentation - m,
           "</p:sldIdLst><p:sldSz cx=\"12192000\" cy=\"6858000\"/>"
           "<p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>");
  snprintf(rels + k, sizeof rels - k, "</Relationships>");
  bs_zipout *zip = NULL;
  if (p->status == BS_OK) fail(p, bs_zipout_create(&zip, p->out, PACKAGE_TIME));
  if (zip) {
    bs_zipout_add(zip, "[Content_Types].xml", types, strlen(types));
    bs_zipout_add(zip, "_rels/.rels", package_rels, sizeof package_rels - 1);
    bs_zipout_add(zip, "ppt/presentation.xml", presentation, strlen(presentation));
    bs_zipout_add(zip, "ppt/_rels/presentation.xml.rels", rels, strlen(rels));
    bs_zipout_add(zip, "ppt/slideMasters/slideMaster1.xml", master, sizeof master - 1);
    bs_zipout_add(zip, "ppt/slideMasters/_rels/slideMaster1.xml.rels", master_rels,
                  sizeof master_rels - 1);
    bs_zipout_add(zip, "ppt/slideLayouts/slideLayout1.xml", layout, sizeof layout - 1);
    bs_zipout_add(zip, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", layout_rels,
                  sizeof layout_rels - 1);
    bs_zipout_add(zip, "ppt/theme/theme1.xml", theme, sizeof theme - 1);
    for (int i = 1; i <= p->count; i++) {
      snprintf(name, sizeof name, "ppt/slides/slide%d.xml", i);
      bs_zipout_add_file(zip, name, p->slides[i - 1]);
      snprintf(name, sizeof name, "ppt/slides/_rels/slide%d.xml.rels", i);
      bs_zipout_add(zip, name, slide_rels, sizeof slide_rels - 1);
    }
    fail(p, bs_zipout_finish(zip));
  }
  for (int i = 0; i < p->count; i++)
    if (p->slides[i]) fclose(p->slides[i]);
  if (p->doc.file) fclose(p->doc.file);
  p->doc.file = NULL;
  return p->status;
}
