build/src/cli/main.o: src/cli/main.c src/cli/cli.h src/detect/validate.h
src/cli/cli.h:
src/detect/validate.h:
