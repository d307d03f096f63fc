build/tests/test_alloc.o: tests/test_alloc.c src/base/alloc.h \
 src/base/buf.h src/base/status.h tests/test.h
src/base/alloc.h:
src/base/buf.h:
src/base/status.h:
tests/test.h:
