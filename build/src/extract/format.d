build/src/extract/format.o: src/extract/format.c src/extract/format.h \
 src/base/status.h src/extract/unit.h src/detect/element.h
src/extract/format.h:
src/base/status.h:
src/extract/unit.h:
src/detect/element.h:
