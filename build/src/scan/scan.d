build/src/scan/scan.o: src/scan/scan.c src/scan/scan.h src/base/status.h \
 src/store/store.h src/base/alloc.h src/base/queue.h src/base/strmap.h \
 src/detect/engine.h src/detect/finding.h src/base/buf.h \
 src/detect/refdata.h src/extract/unit.h src/detect/element.h \
 src/extract/decode.h src/extract/format.h src/store/writer.h \
 src/walk/walk.h
src/scan/scan.h:
src/base/status.h:
src/store/store.h:
src/base/alloc.h:
src/base/queue.h:
src/base/strmap.h:
src/detect/engine.h:
src/detect/finding.h:
src/base/buf.h:
src/detect/refdata.h:
src/extract/unit.h:
src/detect/element.h:
src/extract/decode.h:
src/extract/format.h:
src/store/writer.h:
src/walk/walk.h:
