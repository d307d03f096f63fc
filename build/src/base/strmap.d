build/src/base/strmap.o: src/base/strmap.c src/base/strmap.h \
 src/base/status.h src/base/alloc.h
src/base/strmap.h:
src/base/status.h:
src/base/alloc.h:
