build/src/detect/hints.o: src/detect/hints.c src/detect/hints.h \
 src/detect/element.h src/detect/internal.h src/base/buf.h \
 src/base/status.h src/detect/context.h src/detect/detector.h \
 src/detect/refdata.h src/extract/unit.h src/detect/validate.h
src/detect/hints.h:
src/detect/element.h:
src/detect/internal.h:
src/base/buf.h:
src/base/status.h:
src/detect/context.h:
src/detect/detector.h:
src/detect/refdata.h:
src/extract/unit.h:
src/detect/validate.h:
