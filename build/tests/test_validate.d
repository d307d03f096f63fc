build/tests/test_validate.o: tests/test_validate.c src/detect/validate.h \
 tests/test.h
src/detect/validate.h:
tests/test.h:
