build/src/cli/cmd_scan.o: src/cli/cmd_scan.c src/cli/cli.h \
 src/scan/scan.h src/base/status.h src/store/store.h
src/cli/cli.h:
src/scan/scan.h:
src/base/status.h:
src/store/store.h:
