build/src/detect/validate.o: src/detect/validate.c src/detect/validate.h
src/detect/validate.h:
