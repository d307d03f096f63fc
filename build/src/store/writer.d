build/src/store/writer.o: src/store/writer.c src/store/writer.h \
 src/base/buf.h src/base/status.h src/base/strmap.h src/detect/finding.h \
 src/store/store.h src/base/alloc.h
src/store/writer.h:
src/base/buf.h:
src/base/status.h:
src/base/strmap.h:
src/detect/finding.h:
src/store/store.h:
src/base/alloc.h:
