build/src/detect/context.o: src/detect/context.c src/detect/context.h
src/detect/context.h:
