# Front door. `make run` and `make test` are the README's quick start.
JOBS ?= $(shell nproc)
DEPS_STAMP := build/.deps-installed

.PHONY: all deps build debug release asan run test test-asan bench fuzz format clean

all: build

$(DEPS_STAMP): scripts/install-deps.sh
	./scripts/install-deps.sh
	@mkdir -p build && touch $@

deps:
	./scripts/install-deps.sh
	@mkdir -p build && touch $(DEPS_STAMP)

build/%/CMakeCache.txt: $(DEPS_STAMP) CMakeLists.txt CMakePresets.json
	cmake --preset $* >/dev/null

release debug asan: %: build/%/CMakeCache.txt
	cmake --build build/$@ -j$(JOBS)

build: release

# The main job on the embedded default: a fresh SQLite registry, the bundled
# example cohort imported, and a summary of what the registry holds.
run: release
	./scripts/run-example.sh build/release/thaplan

# Every test: unit tests, end-to-end cases and the crash test (ctest), then
# each libFuzzer target for a short, bounded time (clang build).
test: release fuzz
	ctest --test-dir build/release --output-on-failure -j$(JOBS)
	./scripts/fuzz-smoke.sh build/fuzz

test-asan: asan
	ctest --test-dir build/asan --output-on-failure -j$(JOBS) -E _slow

bench: release
	./bench/run_all.sh build/release

FUZZ_TARGETS := $(notdir $(basename $(shell find src -name '*_fuzz.cc')))
fuzz: build/fuzz/CMakeCache.txt
	cmake --build build/fuzz -j$(JOBS) --target $(FUZZ_TARGETS)

format:
	find include src apps bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
