/* The node database layer of an Outlook store being written ([MS-PST] 2.2, Unicode):
 * blocks with their trailers, data trees (XBLOCK, XXBLOCK) and subnode blocks
 * (SLBLOCK), the nodes, then at the end the node and block B-trees, the allocation
 * maps and the header. The file is built in memory (a store of a few megabytes);
 * stores that would reach the first FMap page (about 32 MB) are refused. */
#ifndef BS_PST_NDB_H
#define BS_PST_NDB_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

#define BS_NDB_BLOCK_DATA_MAX 8176 /* a block's data before its trailer (2.2.2.8) */
#define BS_NDB_SUBNODES       340  /* SLENTRYs of one SLBLOCK: subnodes of a node */

/* [MS-PST] 2.2.2.1 NID: five bits of type, then the index. */
#define BS_NID(type, index) ((uint32_t)(index) << 5 | (uint32_t)(type))

typedef struct bs_ndb bs_ndb;

/* One piece of a node's data: a block's worth at most. */
typedef struct bs_ndb_piece {
  const uint8_t *data; /* its bytes */
  size_t len;          /* at most BS_NDB_BLOCK_DATA_MAX */
} bs_ndb_piece;

/* A subnode of a node (2.2.2.8.3.3.1 SLENTRY). */
typedef struct bs_ndb_subnode {
  uint32_t nid;  /* unique within the node */
  uint64_t data; /* BID of its data */
  uint64_t sub;  /* BID of its own subnodes, 0: none */
} bs_ndb_subnode;

bs_status bs_ndb_create(bs_ndb **out);
void bs_ndb_free(bs_ndb *ndb);

/* Writes `count` pieces (one at least) as the blocks of one data stream: a block, or an
 * XBLOCK or XXBLOCK over them (2.2.2.8.3.2). OUT: out, the BID a node names. */
bs_status bs_ndb_data(bs_ndb *ndb, uint64_t *out, const bs_ndb_piece *pieces, size_t count);
/* Writes the SLBLOCK of a node's subnodes (sorted here by NID). OUT: out, its BID, 0
 * when there are none. */
bs_status bs_ndb_subnodes(bs_ndb *ndb, uint64_t *out, bs_ndb_subnode *subs, size_t count);
/* Records a node of the node B-tree (2.2.2.7.7.4 NBTENTRY). */
bs_status bs_ndb_node(bs_ndb *ndb, uint32_t nid, uint64_t data, uint64_t sub, uint32_t parent);
/* Lays out the B-trees, the AMaps and PMaps and the header, and writes the file to out
 * (the caller's). */
bs_status bs_ndb_finish(bs_ndb *ndb, FILE *out);

/* [MS-PST] 5.3: the CRC of a header, page or block. */
uint32_t bs_ndb_crc(const uint8_t *data, size_t len);

/* A little-endian 64-bit integer into a byte array (bs_le16 and bs_le32 of
 * ole2_out.h for the smaller ones). */
void bs_ndb_put64(uint8_t *out, uint64_t value);

#endif
