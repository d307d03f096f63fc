build/src/extract/text.o: src/extract/text.c src/extract/format.h \
 src/base/status.h src/extract/unit.h src/detect/element.h
src/extract/format.h:
src/base/status.h:
src/extract/unit.h:
src/detect/element.h:
