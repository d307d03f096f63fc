/* The lists, tables and properties layer of an Outlook store being written ([MS-PST]
 * 2.3): a node's heap-on-node (over as many blocks as it needs), the BTHs on it, and
 * the two things a node holds, a property context (PC, 2.3.3) or a table context (TC,
 * 2.3.4). Values too big for the heap (over 3580 bytes) and large row matrices go to
 * subnodes of the node. */
#ifndef BS_PST_LTP_H
#define BS_PST_LTP_H
#include <stddef.h>
#include <stdint.h>

#include "synth/pst_ndb.h"

/* [MS-OXCDATA] 2.11.1 property types. */
enum {
  BS_PT_I2 = 0x02,
  BS_PT_I4 = 0x03,
  BS_PT_BOOL = 0x0B,
  BS_PT_I8 = 0x14,
  BS_PT_STRING = 0x1F, /* PtypString: UTF-16LE in the store */
  BS_PT_TIME = 0x40,   /* FILETIME */
  BS_PT_BINARY = 0x102
};

#define BS_PROP_TAG(id, type) ((uint32_t)(id) << 16 | (uint32_t)(type))

/* A property: its tag and its value in the member its type uses. */
typedef struct bs_ltp_prop {
  uint32_t tag;      /* id << 16 | type */
  uint64_t number;   /* I2, I4, BOOL, I8, TIME */
  const char *text;  /* STRING: UTF-8, NUL-terminated */
  const void *bytes; /* BINARY */
  size_t len;        /* of bytes */
} bs_ltp_prop;

/* A row of a table: its properties (one of them PidTagLtpRowId). */
typedef struct bs_ltp_row {
  const bs_ltp_prop *props; /* in any order; columns missing from it are left empty */
  size_t count;             /* entries */
} bs_ltp_row;

struct ltp_heap_block;

/* A node being built: its heap and its subnodes. */
typedef struct bs_ltp_node {
  bs_ndb *ndb;                          /* where blocks go */
  struct ltp_heap_block *blocks;        /* the heap's blocks */
  size_t block_count;                   /* entries */
  uint8_t client_signature;             /* bClientSig: 0xBC (PC) or 0x7C (TC) */
  uint32_t root;                        /* hidUserRoot */
  bs_ndb_subnode subs[BS_NDB_SUBNODES]; /* subnodes */
  size_t sub_count;                     /* entries */
  uint32_t next_value;                  /* index of the next value subnode's NID */
  bs_status status;                     /* first error */
} bs_ltp_node;

/* Starts a node (nothing allocated yet). */
void bs_ltp_begin(bs_ltp_node *out, bs_ndb *ndb);
/* Adds a subnode written by the caller (a message's recipient table, an attachment). */
void bs_ltp_subnode(bs_ltp_node *n, uint32_t nid, uint64_t data, uint64_t sub);
/* Makes the node a PC of `count` properties. */
void bs_ltp_pc(bs_ltp_node *n, const bs_ltp_prop *props, size_t count);
/* Makes the node a TC of `columns` (PidTagLtpRowId and PidTagLtpRowVer are added;
 * a row without a version gets 1) holding `rows`. */
void bs_ltp_tc(bs_ltp_node *n, const uint32_t *columns, size_t column_count, const bs_ltp_row *rows,
               size_t row_count);
/* Writes the heap's blocks and the subnode block, and frees the node (also after an
 * error). OUT: the BIDs of its data and of its subnodes. Returns the first error. */
bs_status bs_ltp_end(bs_ltp_node *n, uint64_t *out_data, uint64_t *out_sub);

#endif
