/* Checks of an Access database's structure on its bytes, for damage libmdb passes over
 * in silence: a file cut short, a table definition whose pages loop or lead nowhere, a
 * memo whose long-value pages are missing, loop or disagree with its length (libmdb
 * then gives an empty or cut text, or none at all). The reader reports what these find
 * and reads on with libmdb; and keeps from libmdb what would crash it. The page layout
 * is mdbtools' HACKING.md's; pages are decrypted as libmdb does when the database has
 * a key. */
#ifndef BS_MDB_CHECK_H
#define BS_MDB_CHECK_H

#include <stddef.h>
#include <stdint.h>

typedef struct bs_jet {
  const unsigned char *data; /* the whole file */
  size_t len;                /* its length in bytes */
  size_t page;               /* page size: 2048 (Jet 3) or 4096 (Jet 4, ACE) */
  size_t rows_at;            /* offset of a data page's row count: 8 (Jet 3) or 12 */
  uint64_t pages;            /* pages wholly in the file */
  uint32_t key;              /* the key pages after the first are RC4-encrypted with, or 0 */
} bs_jet;

/* OUT: *out, the file's page geometry. NULL when data begins with a whole Jet or ACE
 * header page; else what is wrong (a static message). */
const char *bs_jet_open(bs_jet *out, const char *data, size_t len);

/* NULL when libmdb can be given the table whose definition is on page; else why not
 * (a static message). libmdb 1.0.0 reads an empty usage map through a null pointer. */
const char *bs_jet_check_usage_map(const bs_jet *jet, uint32_t page);

/* NULL when the table definition starting at page is a chain of definition pages
 * (type 2) inside the file that ends; else what is wrong, written to msg. OUT:
 * *readable, 1 when at least its first page is a definition page in the file. */
const char *bs_jet_check_definition(int *readable, const bs_jet *jet, uint32_t page, char *msg,
                                    size_t size);

/* NULL when the memo field (len bytes of a row: a 12-byte header, then the text when it
 * is inline) has all its text: inline, or on long-value pages of the file whose pieces
 * add up to its length; else what is wrong, written to msg. */
const char *bs_jet_check_long_value(const bs_jet *jet, const unsigned char *field, size_t len,
                                    char *msg, size_t size);

/* RC4 ([MS-OFFCRYPTO] 2.3.6.2 names it for Office; Jet masks its header with it under
 * a fixed key and, with a database key, encrypts its pages), in place: reading and
 * writing are the same. */
void bs_jet_rc4(const unsigned char *key, size_t key_len, unsigned char *buf, size_t len);

#endif
