# breachscope: `make` builds build/breachscope; `make check` runs the tests;
# `make asan` runs them under AddressSanitizer and UndefinedBehaviorSanitizer;
# `make fuzz` builds the libFuzzer targets; `make bench` prints the scan benchmark.

BUILD   ?= build
ifeq ($(origin CC),default)
CC      := gcc
endif
PKGS    := libhs sqlite3 libsodium yajl libutf8proc
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wundef -Wvla -Wnull-dereference -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc -I$(BUILD) \
              $(shell pkg-config --cflags $(PKGS)) -MMD -MP
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm
LDFLAGS ?=

LIB_SRC  := $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/base/embedded.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
DATA     := $(wildcard data/*.txt data/*.tsv)

.PHONY: all check asan fuzz bench clean format-check

all: $(BUILD)/breachscope

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/src/base/embedded.o: src/base/embedded.S $(DATA)
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(BUILD)/libbreachscope.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/breachscope: $(CLI_OBJ) $(BUILD)/libbreachscope.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/unit-tests: $(TEST_OBJ) $(BUILD)/libbreachscope.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

check: $(BUILD)/breachscope $(BUILD)/unit-tests
	BUILD=$(BUILD) tests/run

# Sanitizer build in its own folder, same tests.
asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" check

FUZZ_TARGETS := $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/fuzz_*.c))
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	  build-fuzz/libbreachscope.a $(FUZZ_TARGETS)

build-fuzz/fuzz_%: fuzz/fuzz_%.c build-fuzz/libbreachscope.a
	clang -std=c17 -D_GNU_SOURCE -O1 -g -Isrc -fsanitize=fuzzer,address,undefined $< build-fuzz/libbreachscope.a $(LDLIBS) -o $@

bench: $(BUILD)/breachscope
	bench/scan

format-check:
	clang-format --dry-run --Werror src/*/*.c src/*/*.h tests/*.c tests/*.h fuzz/*.c

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
