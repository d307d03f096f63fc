build/src/extract/csv.o: src/extract/csv.c src/base/alloc.h \
 src/base/buf.h src/base/status.h src/detect/hints.h src/detect/element.h \
 src/extract/format.h src/extract/unit.h
src/base/alloc.h:
src/base/buf.h:
src/base/status.h:
src/detect/hints.h:
src/detect/element.h:
src/extract/format.h:
src/extract/unit.h:
