build/tests/test_detect.o: tests/test_detect.c src/detect/hints.h \
 src/detect/element.h tests/detect_util.h src/detect/engine.h \
 src/base/status.h src/detect/finding.h src/base/buf.h \
 src/detect/refdata.h src/extract/unit.h tests/test.h
src/detect/hints.h:
src/detect/element.h:
tests/detect_util.h:
src/detect/engine.h:
src/base/status.h:
src/detect/finding.h:
src/base/buf.h:
src/detect/refdata.h:
src/extract/unit.h:
tests/test.h:
