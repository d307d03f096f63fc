build/src/base/queue.o: src/base/queue.c src/base/queue.h \
 src/base/status.h src/base/alloc.h
src/base/queue.h:
src/base/status.h:
src/base/alloc.h:
