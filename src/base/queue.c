/* Bounded blocking queue (mutex and two condition variables). */
#include "base/queue.h"

#include <pthread.h>

#include "base/alloc.h"

struct bs_queue {
  pthread_mutex_t lock;     /* guards every member below */
  pthread_cond_t not_empty; /* signalled on push and close */
  pthread_cond_t not_full;  /* signalled on pop and close */
  void **items;             /* ring of capacity slots */
  size_t capacity;          /* slots in the ring */
  size_t head;              /* index of the oldest item */
  size_t count;             /* items in the ring */
  int closed;               /* no more pushes accepted */
};

bs_status bs_queue_create(bs_queue **out, size_t capacity) {
  *out = NULL;
  bs_queue *queue = bs_calloc(1, sizeof *queue);
  if (!queue) return BS_ENOMEM;
  queue->items = bs_calloc(capacity ? capacity : 1, sizeof *queue->items);
  if (!queue->items) {
    bs_free(queue);
    return BS_ENOMEM;
  }
  queue->capacity = capacity ? capacity : 1;
  pthread_mutex_init(&queue->lock, NULL);
  pthread_cond_init(&queue->not_empty, NULL);
  pthread_cond_init(&queue->not_full, NULL);
  *out = queue;
  return BS_OK;
}

void bs_queue_free(bs_queue *queue) {
  if (!queue) return;
  pthread_mutex_destroy(&queue->lock);
  pthread_cond_destroy(&queue->not_empty);
  pthread_cond_destroy(&queue->not_full);
  bs_free(queue->items);
  bs_free(queue);
}

bs_status bs_queue_push(bs_queue *queue, void *item) {
  pthread_mutex_lock(&queue->lock);
  while (queue->count == queue->capacity && !queue->closed)
    pthread_cond_wait(&queue->not_full, &queue->lock);
  if (queue->closed) {
    pthread_mutex_unlock(&queue->lock);
    return BS_EINTERRUPTED;
  }
  queue->items[(queue->head + queue->count) % queue->capacity] = item;
  queue->count++;
  pthread_cond_signal(&queue->not_empty);
  pthread_mutex_unlock(&queue->lock);
  return BS_OK;
}

void *bs_queue_pop(bs_queue *queue) {
  pthread_mutex_lock(&queue->lock);
  while (queue->count == 0 && !queue->closed) pthread_cond_wait(&queue->not_empty, &queue->lock);
  void *item = NULL;
  if (queue->count > 0) {
    item = queue->items[queue->head];
    queue->head = (queue->head + 1) % queue->capacity;
    queue->count--;
    pthread_cond_signal(&queue->not_full);
  }
  pthread_mutex_unlock(&queue->lock);
  return item;
}

void bs_queue_close(bs_queue *queue) {
  pthread_mutex_lock(&queue->lock);
  queue->closed = 1;
  pthread_cond_broadcast(&queue->not_empty);
  pthread_cond_broadcast(&queue->not_full);
  pthread_mutex_unlock(&queue->lock);
}
