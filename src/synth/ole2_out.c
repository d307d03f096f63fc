/* Compound files (see ole2_out.h). libgsf lays out the sectors, FAT, mini stream and
 * directory; the streams are ours. */
#include "synth/ole2_out.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-output.h>

void bs_le16(uint8_t *out, uint32_t value) {
  out[0] = (uint8_t)(value & 0xFF);
  out[1] = (uint8_t)(value >> 8 & 0xFF);
}

void bs_le32(uint8_t *out, uint32_t value) {
  bs_le16(out, value & 0xFFFF);
  bs_le16(out + 2, value >> 16);
}

static int copy_stream(GsfOutput *child, const bs_ole2_stream *s) {
  if (!s->file) return s->len == 0 || gsf_output_write(child, s->len, s->data);
  char buffer[1 << 16];
  size_t n;
  int ok = fflush(s->file) == 0 && fseeko(s->file, 0, SEEK_SET) == 0;
  while (ok && (n = fread(buffer, 1, sizeof buffer, s->file)) > 0)
    ok = gsf_output_write(child, n, (const guint8 *)buffer);
  return ok && !ferror(s->file);
}

bs_status bs_ole2_write(FILE *out, const uint8_t *clsid, const bs_ole2_stream *streams,
                        size_t count) {
  GsfOutput *sink = gsf_output_stdio_new_FILE("compound file", out, TRUE);
  GsfOutfile *ole = sink ? gsf_outfile_msole_new(sink) : NULL;
  int ok = ole != NULL;
  if (ok && clsid) ok = gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(ole), clsid);
  for (size_t i = 0; ok && i < count; i++) {
    GsfOutput *child = gsf_outfile_new_child(ole, streams[i].name, FALSE);
    ok = child && copy_stream(child, &streams[i]);
    if (child) ok = gsf_output_close(child) && ok;
    if (child) g_object_unref(child);
  }
  if (ole) ok = gsf_output_close(GSF_OUTPUT(ole)) && ok;
  if (ole) g_object_unref(ole);
  if (sink) g_object_unref(sink);
  return ok ? BS_OK : BS_EIO;
}
