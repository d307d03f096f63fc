build/src/walk/walk.o: src/walk/walk.c src/walk/walk.h src/base/status.h \
 src/base/alloc.h
src/walk/walk.h:
src/base/status.h:
src/base/alloc.h:
