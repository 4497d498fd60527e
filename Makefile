# Top-level entry points. The real build is CMake; this file only sequences it.
#   make demo   install deps, build, run the flagship example into demo-output/
#   make test   install deps, build (normal + ASan/UBSan), run every test via ctest
#   make bench  build, run the benchmarks and print a table
#   make memcheck  build, run valgrind memcheck on the examples and print a summary
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan

FUZZ_BUILD ?= build-fuzz

.PHONY: all deps build build-asan demo test test-asan bench clean fuzz

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCK_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCK_WERROR=ON -DCK_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	@mkdir -p demo-output
	./$(BUILD)/clusterkin simulate examples/ag25-au25-sim3.yaml \
	    -o demo-output/sim3-series.csv --tmax demo-output/sim3-tmax.csv
	./$(BUILD)/clusterkin plot contour demo-output/sim3-series.csv -o demo-output/sim3-contour.png
	@echo "demo: wrote demo-output/sim3-series.csv, sim3-tmax.csv and sim3-contour.png"

# The sanitizer build runs the fast tests (label "fast"); the normal build runs all.
test: build build-asan
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L fast

bench: build
	@./$(BUILD)/bench/ck_bench_simulate bench/sim3-bench.yaml
	@bash bench/process-time.sh $(BUILD)/clusterkin bench/sim3-bench.yaml
	@bash bench/fit-time.sh $(BUILD)/clusterkin bench/sim3-bench.yaml
	@bash bench/deconvolve-time.sh $(BUILD)/clusterkin examples/ag25-au25-sim3.yaml
	@bash bench/scale-time.sh $(BUILD)/clusterkin examples/ag25-au25-sim3.yaml

# valgrind memcheck of the examples (scripts/memcheck.sh; make test runs the
# same as cli_test_memcheck_slow): zero errors, zero leaks after the
# third-party suppressions in tests/reference/valgrind.supp.
.PHONY: memcheck
memcheck: build
	@bash scripts/memcheck.sh $(BUILD)/clusterkin

# Fuzzing (not part of `make test`, which replays the committed corpora):
# clang + libFuzzer, every target until 1e6 executions or MAX_TIME s each
# (scripts/fuzz.sh; FUZZ_TARGETS="model units" for a subset).
fuzz:
	@bash scripts/install-deps.sh --fuzz
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCK_WERROR=ON \
	    -DCK_FUZZ=ON -DCK_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target ck_fuzz_targets
	@bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) demo-output
