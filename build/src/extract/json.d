build/src/extract/json.o: src/extract/json.c \
 /usr/include/yajl/yajl_parse.h src/base/alloc.h src/base/buf.h \
 src/base/status.h src/base/strmap.h src/detect/hints.h \
 src/detect/element.h src/extract/format.h src/extract/unit.h
/usr/include/yajl/yajl_parse.h:
src/base/alloc.h:
src/base/buf.h:
src/base/status.h:
src/base/strmap.h:
src/detect/hints.h:
src/detect/element.h:
src/extract/format.h:
src/extract/unit.h:
