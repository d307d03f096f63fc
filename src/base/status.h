/* Status codes shared by every module: numbered once, never renumbered. */
#ifndef BS_STATUS_H
#define BS_STATUS_H

typedef enum bs_status {
  BS_OK = 0,           /* success */
  BS_ENOMEM = 1,       /* an allocation failed or would pass its cap */
  BS_EIO = 2,          /* reading or writing a file failed */
  BS_ESTORE = 3,       /* the case store refused an operation */
  BS_EINVAL = 4,       /* a bad argument or setting */
  BS_EFORMAT = 5,      /* input does not follow its format */
  BS_ELIMIT = 6,       /* a configured limit was reached */
  BS_EENGINE = 7,      /* the pattern engine failed */
  BS_ENOTFOUND = 8,    /* the thing asked for does not exist */
  BS_EINTERRUPTED = 9, /* stopped by a signal */
  BS_EEXIST = 10,      /* the thing to create exists already */
  BS_ECASE = 11,       /* the folder is not a breachscope case */
} bs_status;

/* A short English description of a status, never NULL. */
const char *bs_status_str(bs_status status);

#endif
