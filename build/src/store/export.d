build/src/store/export.o: src/store/export.c src/store/export.h \
 src/store/store.h src/base/status.h /usr/include/yajl/yajl_gen.h \
 src/detect/detector.h src/detect/element.h
src/store/export.h:
src/store/store.h:
src/base/status.h:
/usr/include/yajl/yajl_gen.h:
src/detect/detector.h:
src/detect/element.h:
