#!/usr/bin/env bash
# Runs every libFuzzer target (built by `make fuzz`, clang) for a short,
# bounded time from an empty corpus plus the public recordings as seeds.
# A crash, leak or sanitizer report fails the run.
set -euo pipefail
build=${1:-build/fuzz}
seconds=${FUZZ_SECONDS:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared/data"
work=$(mktemp -d /tmp/thaplan-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for fuzzer in "$build"/*_fuzz; do
  [[ -x "$fuzzer" ]] || continue
  name=$(basename "$fuzzer")
  corpus="$work/$name"
  mkdir -p "$corpus"
  case "$name" in
    c3d_fuzz) cp "$shared"/c3d_vicon_pig/*.c3d "$corpus"/ 2>/dev/null || true ;;
    trc_fuzz) head -c 20000 "$shared"/opensim_subject01/subject01_walk1.trc > "$corpus/seed.trc" || true ;;
  esac
  echo "== $name for ${seconds}s"
  if ! "$fuzzer" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 \
       -artifact_prefix="$work/$name-" -print_final_stats=1 2> "$work/$name.log"; then
    echo "FAIL $name:"; tail -40 "$work/$name.log"; status=1
  else
    grep -E "stat::number_of_executed_units" "$work/$name.log" || true
  fi
done
if [[ $status -eq 0 ]]; then echo "fuzz smoke: 1 passed, 0 failed"; else echo "fuzz smoke: 0 passed, 1 failed"; fi
exit $status
