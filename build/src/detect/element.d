build/src/detect/element.o: src/detect/element.c src/detect/element.h
src/detect/element.h:
