/* A bounded blocking queue of pointers between pipeline threads. */
#ifndef BS_QUEUE_H
#define BS_QUEUE_H
#include <stddef.h>

#include "base/status.h"

typedef struct bs_queue bs_queue;

bs_status bs_queue_create(bs_queue **out, size_t capacity);
void bs_queue_free(bs_queue *queue);
/* Blocks while full. Returns BS_EINTERRUPTED if the queue was closed. */
bs_status bs_queue_push(bs_queue *queue, void *item);
/* Blocks while empty; returns NULL once closed and drained. */
void *bs_queue_pop(bs_queue *queue);
/* No more pushes; poppers drain what is left, then get NULL. */
void bs_queue_close(bs_queue *queue);

#endif
