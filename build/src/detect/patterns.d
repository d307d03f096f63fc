build/src/detect/patterns.o: src/detect/patterns.c src/detect/internal.h \
 src/base/buf.h src/base/status.h src/detect/context.h \
 src/detect/detector.h src/detect/element.h src/detect/refdata.h \
 src/extract/unit.h
src/detect/internal.h:
src/base/buf.h:
src/base/status.h:
src/detect/context.h:
src/detect/detector.h:
src/detect/element.h:
src/detect/refdata.h:
src/extract/unit.h:
