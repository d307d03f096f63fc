build/src/extract/decode.o: src/extract/decode.c src/extract/decode.h \
 src/base/buf.h src/base/status.h src/extract/unit.h src/detect/element.h
src/extract/decode.h:
src/base/buf.h:
src/base/status.h:
src/extract/unit.h:
src/detect/element.h:
