build/src/detect/finding.o: src/detect/finding.c src/detect/finding.h \
 src/base/buf.h src/base/status.h src/base/alloc.h
src/detect/finding.h:
src/base/buf.h:
src/base/status.h:
src/base/alloc.h:
