# breachscope: `make` builds build/breachscope; `make check` runs the tests;
# `make asan` runs them under AddressSanitizer and UndefinedBehaviorSanitizer;
# `make fuzz` builds the libFuzzer targets; `make bench` prints the scan benchmark;
# `make format-check` and `make tidy` are the source checks CI runs.

BUILD   ?= build
ifeq ($(origin CC),default)
CC      := gcc
endif
PKGS    := libhs sqlite3 libsodium yajl libutf8proc libcrypto libarchive expat \
           gmime-3.0 libgsf-1 libpst freexl libmdb poppler-glib libxml-2.0 \
           libmicrohttpd cairo pangocairo zlib
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wundef -Wvla -Wnull-dereference -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc -I$(BUILD) \
              $(shell pkg-config --cflags $(PKGS)) -MMD -MP
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lcsv -lzint -lpthread -lm
LDFLAGS ?=

LIB_SRC  := $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/base/embedded.o
LIB_OBJ  += $(BUILD)/src/serve/assets_data.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
FUZZ_SRC := $(wildcard fuzz/*.c)
FUZZ_OBJ := $(FUZZ_SRC:%.c=$(BUILD)/%.o)
DATA     := $(wildcard data/*.txt data/*.tsv)
DATA     += $(wildcard data/templates/*.tmpl)
DATA     += $(wildcard data/rules/*.tsv data/report/*.html)

.PHONY: all check asan fuzz bench clean format-check tidy

all: $(BUILD)/breachscope

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/src/base/embedded.o: src/base/embedded.S $(DATA)
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

# The call center's agent page (src/serve/assets/), embedded like the reference data.
$(BUILD)/src/serve/assets_data.o: src/serve/assets_data.S $(wildcard src/serve/assets/*)
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(BUILD)/libbreachscope.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/breachscope: $(CLI_OBJ) $(BUILD)/libbreachscope.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# The fuzz targets are linked in too: tests/test_fuzz_replay.c replays fuzz/corpus/.
$(BUILD)/unit-tests: $(TEST_OBJ) $(FUZZ_OBJ) $(BUILD)/libbreachscope.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

check: $(BUILD)/breachscope $(BUILD)/unit-tests
	BUILD=$(BUILD) tests/run

# Sanitizer build in its own folder, same tests. tests/lsan.supp: leaks inside system
# libraries, each explained there.
asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" check

# libFuzzer: the library again with clang, coverage and sanitizers in build-fuzz/, then
# build-fuzz/fuzz_<name> for each fuzz/fuzz_<name>.c with the shared fuzz/*.c helpers.
# How to run them: fuzz/README.md.
FUZZ_TARGETS := $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_HELPERS := $(filter-out fuzz/fuzz_%.c,$(FUZZ_SRC))
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  $(FUZZ_TARGETS)

build-fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HELPERS) $(wildcard fuzz/*.h) build-fuzz/libbreachscope.a
	clang -std=c17 -D_GNU_SOURCE -DBS_LIBFUZZER $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	  -Isrc $(shell pkg-config --cflags $(PKGS)) $< $(FUZZ_HELPERS) build-fuzz/libbreachscope.a \
	  $(LDLIBS) -o $@

bench: $(BUILD)/breachscope
	bench/scan

# Benchmark helpers built on the library: gen-persons makes a large persons-only case,
# gen-legacy the Excel 97 and Word 97 corpora of bench/formats.
$(BUILD)/bench/gen-persons $(BUILD)/bench/gen-legacy: $(BUILD)/bench/%: bench/%.c $(BUILD)/libbreachscope.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $< $(BUILD)/libbreachscope.a $(LDLIBS) -o $@

format-check:
	clang-format --dry-run --Werror src/*/*.c src/*/*.h tests/*.c tests/*.h fuzz/*.c fuzz/*.h \
	  bench/*.c

# Static analysis of the program's sources (.clang-tidy: bug-finding checks, as errors).
tidy:
	clang-tidy --quiet src/*/*.c -- -std=c17 -D_GNU_SOURCE -Isrc $(shell pkg-config --cflags $(PKGS))

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# bench/people's generator and runner (links the people step's linker in memory).
$(BUILD)/bench/people: bench/people.c $(BUILD)/libbreachscope.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/libbreachscope.a $(LDLIBS) -o $@
