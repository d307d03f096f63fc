/* XML documents read with expat, streaming: each element's text and each attribute
 * value is a unit hinted by its element path ("patients/patient/birthDate",
 * "patients/patient/@ssn"). No external entities; nesting and entity expansion
 * bounded. After a fatal syntax error the rest of the file is read as plain text. */
#ifndef BS_XML_H
#define BS_XML_H

#include "base/buf.h"
#include "extract/read.h"

/* scratch: for decoding what follows a syntax error. */
bs_status bs_read_xml(const bs_source *src, bs_buf *scratch, const bs_unit_sink *sink);

#endif
