#!/usr/bin/env bash
# Runs every benchmark: the Google Benchmark programs built from bench/*_bench.cc
# (each reports its own same-process baseline) and the import benchmark script.
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
for prog in "$build"/*_bench; do
  [[ -x "$prog" ]] || continue
  echo "== $(basename "$prog")"
  /usr/bin/time -f "peak memory: %M KB" "$prog" --benchmark_counters_tabular=true
  echo
done
echo "== import_bench.sh"
"$root/bench/import_bench.sh" "$build/thaplan"
