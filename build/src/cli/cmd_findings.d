build/src/cli/cmd_findings.o: src/cli/cmd_findings.c src/cli/cli.h \
 src/store/export.h src/store/store.h src/base/status.h
src/cli/cli.h:
src/store/export.h:
src/store/store.h:
src/base/status.h:
