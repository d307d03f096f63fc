build/src/detect/handlers_date.o: src/detect/handlers_date.c \
 src/detect/internal.h src/base/buf.h src/base/status.h \
 src/detect/context.h src/detect/detector.h src/detect/element.h \
 src/detect/refdata.h src/extract/unit.h src/detect/validate.h
src/detect/internal.h:
src/base/buf.h:
src/base/status.h:
src/detect/context.h:
src/detect/detector.h:
src/detect/element.h:
src/detect/refdata.h:
src/extract/unit.h:
src/detect/validate.h:
