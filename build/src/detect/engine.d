build/src/detect/engine.o: src/detect/engine.c src/detect/engine.h \
 src/base/status.h src/detect/finding.h src/base/buf.h \
 src/detect/refdata.h src/extract/unit.h src/detect/element.h \
 src/base/alloc.h src/detect/internal.h src/detect/context.h \
 src/detect/detector.h
src/detect/engine.h:
src/base/status.h:
src/detect/finding.h:
src/base/buf.h:
src/detect/refdata.h:
src/extract/unit.h:
src/detect/element.h:
src/base/alloc.h:
src/detect/internal.h:
src/detect/context.h:
src/detect/detector.h:
