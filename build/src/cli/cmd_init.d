build/src/cli/cmd_init.o: src/cli/cmd_init.c src/cli/cli.h \
 src/store/store.h src/base/status.h
src/cli/cli.h:
src/store/store.h:
src/base/status.h:
