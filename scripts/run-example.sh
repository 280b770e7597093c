#!/usr/bin/env bash
# The main job on the embedded default: a fresh SQLite registry in
# build/example/, the bundled example cohort imported (de-identified), and a
# summary of what the registry now holds.
set -euo pipefail
bin=${1:-build/release/thaplan}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/example"
rm -rf "$out"
mkdir -p "$out"
db="$out/thaplan.db"

echo "== import the example cohort (data/example/) into $db"
"$bin" --db "$db" import --key-dir "$out/keys" \
  "$root/data/example/patients.csv" \
  "$root/data/example/surgeries.csv" \
  "$root/data/example/assessments.csv"
echo
echo "== registry summary"
"$bin" --db "$db" summary
echo
echo "== analysis table for 3 months: $out/analysis-3m.csv"
"$bin" --db "$db" export --timepoint 3m --out "$out/analysis-3m.csv"
