build/src/detect/refdata.o: src/detect/refdata.c src/detect/refdata.h \
 src/base/status.h src/base/alloc.h src/base/embedded.h
src/detect/refdata.h:
src/base/status.h:
src/base/alloc.h:
src/base/embedded.h:
