build/src/detect/detector.o: src/detect/detector.c src/detect/detector.h
src/detect/detector.h:
