build/src/store/mask.o: src/store/mask.c src/detect/element.h \
 src/store/export.h src/store/store.h src/base/status.h
src/detect/element.h:
src/store/export.h:
src/store/store.h:
src/base/status.h:
