#!/usr/bin/env bash
# Import benchmark (issue: registry). Makes a 100,000-patient CSV set
# (patients, surgeries, assessments) with the cohort simulator, imports it with `thaplan import` and,
# as a same-script baseline, bulk-loads the same files with the sqlite3
# shell's .import (no validation, no de-identification, no key checks).
# Reports rows/s, patients/s, the ratio to the baseline, and peak memory;
# then repeats with 3x the patients to show that memory does not grow with
# the file (the files are streamed).
#
# Usage: bench/import_bench.sh [path/to/thaplan] [patients]
set -euo pipefail
bin=$(realpath "${1:-build/release/thaplan}")
patients=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/thaplan-import-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

run_one() {
  local n=$1 dir="$work/set-$1"
  "$bin" simulate cohort --patients "$n" --sites 5 --seed 11 --trials 0 --out "$dir" 2>/dev/null
  local files=("$dir/patients.csv" "$dir/surgeries.csv" "$dir/assessments.csv")
  local rows
  rows=$(( $(cat "${files[@]}" | wc -l) - 3 ))
  local mb
  mb=$(du -cm "${files[@]}" | tail -1 | cut -f1)

  # thaplan: full validation, pseudonyms, one transaction, fsync at commit.
  /usr/bin/time -f "%e %M" -o "$work/time" \
    "$bin" --db "$work/t-$n.db" import --key-dir "$work/keys" "${files[@]}" >/dev/null
  read -r secs kb < "$work/time"

  # Baseline: the sqlite3 shell's own CSV loader into plain tables.
  /usr/bin/time -f "%e %M" -o "$work/time-base" sqlite3 "$work/b-$n.db" \
    ".import --csv ${files[0]} patients" \
    ".import --csv ${files[1]} surgeries" \
    ".import --csv ${files[2]} assessments"
  read -r base_secs base_kb < "$work/time-base"

  awk -v n="$n" -v rows="$rows" -v mb="$mb" -v s="$secs" -v kb="$kb" \
      -v bs="$base_secs" -v bkb="$base_kb" 'BEGIN {
    printf "%d patients, %d rows, %d MB of CSV\n", n, rows, mb
    printf "  thaplan import : %6.2f s  %9.0f rows/s  %9.0f patients/s  peak %5.1f MB\n",
           s, rows / s, n / s, kb / 1024
    printf "  sqlite3 .import: %6.2f s  %9.0f rows/s  (baseline, no validation)  peak %5.1f MB\n",
           bs, rows / bs, bkb / 1024
    printf "  thaplan / baseline speed: %.2f\n", (rows / s) / (rows / bs)
  }'
}

echo "thaplan import benchmark ($(nproc) cores; the import uses one)"
run_one "$patients"
run_one $((patients * 3))
