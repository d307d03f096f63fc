/* Decodes input bytes to UTF-8: utf8proc validates UTF-8, iconv converts UTF-16 and
 * Windows-1252. */
#include "extract/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* How much of the start of a file decides between text, UTF-16 and binary. */
#define SNIFF_BYTES 8192

const char *bs_encoding_name(bs_encoding encoding) {
  switch (encoding) {
  case BS_ENC_UTF8: return "utf-8";
  case BS_ENC_UTF16LE: return "utf-16le";
  case BS_ENC_UTF16BE: return "utf-16be";
  case BS_ENC_MIXED_1252: return "utf-8+windows-1252";
  case BS_ENC_BINARY: return "binary";
  }
  return "?";
}

static void diagnose(const bs_unit_sink *sink, size_t offset, const char *message) {
  if (!sink || !sink->diagnostic) return;
  char place[48];
  snprintf(place, sizeof place, "byte %zu", offset);
  sink->diagnostic(place, message, sink->ctx);
}

/* UTF-16 without a BOM: ASCII-range text has a zero in every other byte. */
static bs_encoding sniff_utf16(const unsigned char *b, size_t size) {
  size_t n = size < SNIFF_BYTES ? size : SNIFF_BYTES;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i + 1 < n; i += 2) {
    even += b[i] == 0;
    odd += b[i + 1] == 0;
  }
  size_t pairs = n / 2;
  if (pairs >= 2 && odd * 10 >= pairs * 6 && even * 10 <= pairs) return BS_ENC_UTF16LE;
  if (pairs >= 2 && even * 10 >= pairs * 6 && odd * 10 <= pairs) return BS_ENC_UTF16BE;
  return BS_ENC_UTF8;
}

static int looks_binary(const unsigned char *b, size_t size) {
  size_t n = size < SNIFF_BYTES ? size : SNIFF_BYTES, controls = 0;
  for (size_t i = 0; i < n; i++) {
    if (b[i] == 0) return 1;
    controls += b[i] < 0x20 && b[i] != '\n' && b[i] != '\r' && b[i] != '\t' && b[i] != '\f';
  }
  return controls * 10 > n;
}

/* Converts with iconv, skipping (and reporting) undecodable units of `step` bytes. */
static bs_status convert(const char *from_charset, const char *bytes, size_t size, size_t step,
                         size_t base, bs_buf *out, const bs_unit_sink *sink, size_t *bad) {
  iconv_t cd = iconv_open("UTF-8", from_charset);
  if (cd == (iconv_t)-1) return BS_EINVAL; // NOLINT(performance-no-int-to-ptr): iconv's API
  bs_status status = BS_OK;
  char *in = (char *)bytes;
  size_t in_left = size;
  char chunk[16384];
  while (in_left > 0 && status == BS_OK) {
    char *o = chunk;
    size_t o_left = sizeof chunk;
    size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    status = bs_buf_append(out, chunk, sizeof chunk - o_left);
    if (rc == (size_t)-1 && errno != E2BIG && status == BS_OK) {
      if (*bad == 0) diagnose(sink, base + (size_t)(in - bytes), "undecodable character skipped");
      (*bad)++;
      size_t skip = in_left < step ? in_left : step;
      in += skip;
      in_left -= skip;
    }
  }
  iconv_close(cd);
  return status;
}

/* Copies UTF-8, replacing each invalid byte by its Windows-1252 reading (a byte
 * Windows-1252 leaves undefined, 0x81 0x8D 0x8F 0x90 0x9D, becomes '?'). */
static bs_status repair_utf8(const char *bytes, size_t size, size_t first_bad, size_t base,
                             bs_buf *out, const bs_unit_sink *sink) {
  iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
  if (cd == (iconv_t)-1) return BS_EINVAL; // NOLINT(performance-no-int-to-ptr): iconv's API
  bs_status status = bs_buf_append(out, bytes, first_bad);
  size_t bad = 0;
  for (size_t i = first_bad; i < size && status == BS_OK;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)bytes + i, (utf8proc_ssize_t)(size - i), &cp);
    if (n > 0) {
      status = bs_buf_append(out, bytes + i, (size_t)n);
      i += (size_t)n;
      continue;
    }
    if (bad++ == 0) diagnose(sink, base + i, "invalid UTF-8; such bytes read as Windows-1252");
    char one[4], *in = (char *)bytes + i, *o = one;
    size_t in_left = 1, o_left = sizeof one;
    if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1)
      status = bs_buf_append(out, "?", 1);
    else
      status = bs_buf_append(out, one, sizeof one - o_left);
    i++;
  }
  iconv_close(cd);
  return status;
}

bs_status bs_decode(const char **text, size_t *len, bs_encoding *encoding, const char *bytes,
                    size_t size, bs_buf *scratch, const bs_unit_sink *sink) {
  const unsigned char *b = (const unsigned char *)bytes;
  bs_buf_reset(scratch);
  *text = bytes;
  *len = size;
  *encoding = BS_ENC_UTF8;
  bs_encoding utf16 = BS_ENC_UTF8;
  size_t skip = 0;
  if (size >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    utf16 = BS_ENC_UTF16LE, skip = 2;
  else if (size >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    utf16 = BS_ENC_UTF16BE, skip = 2;
  else if (size >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    skip = 3;
  else
    utf16 = sniff_utf16(b, size);
  if (utf16 != BS_ENC_UTF8) {
    size_t bad = 0;
    bs_status status = convert(utf16 == BS_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE", bytes + skip,
                               size - skip, 2, skip, scratch, sink, &bad);
    if (status != BS_OK) return status;
    *encoding = utf16;
    *text = scratch->data ? scratch->data : "";
    *len = scratch->len;
    return BS_OK;
  }
  bytes += skip;
  size -= skip;
  if (looks_binary((const unsigned char *)bytes, size)) {
    *encoding = BS_ENC_BINARY;
    return BS_EFORMAT;
  }
  /* Fast path: clean UTF-8 is used in place. */
  size_t i = 0;
  while (i < size) {
    if ((unsigned char)bytes[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)bytes + i, (utf8proc_ssize_t)(size - i), &cp);
    if (n <= 0) break;
    i += (size_t)n;
  }
  if (i == size) {
    *text = bytes;
    *len = size;
    return BS_OK;
  }
  bs_status status = repair_utf8(bytes, size, i, skip, scratch, sink);
  if (status != BS_OK) return status;
  *encoding = BS_ENC_MIXED_1252;
  *text = scratch->data;
  *len = scratch->len;
  return BS_OK;
}
