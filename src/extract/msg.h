/* Outlook messages (.msg) inside an OLE2 compound file already opened by ole2.c. */
#ifndef BS_MSG_H
#define BS_MSG_H

#include <gsf/gsf-infile.h>

#include "extract/read.h"

/* Renders the message kept in root as RFC 822 and reads it as an email (mail.h). */
bs_status bs_read_msg(GsfInfile *root, const bs_source *src, const bs_unit_sink *sink);

#endif
