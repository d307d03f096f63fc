build/src/store/store.o: src/store/store.c src/store/store.h \
 src/base/status.h src/base/alloc.h src/detect/detector.h \
 src/detect/element.h
src/store/store.h:
src/base/status.h:
src/base/alloc.h:
src/detect/detector.h:
src/detect/element.h:
