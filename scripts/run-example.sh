#!/usr/bin/env bash
# The main job on the embedded default (README quick start): a simulated
# 3-site cohort of 300 patients with gait trials, imported into a fresh SQLite
# registry (de-identified), its gait sessions analysed and stored, the public
# recordings analysed, and the registry summarised.
set -euo pipefail
bin=$(realpath "${1:-build/release/thaplan}")
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/example"
shared="$root/../shared/data"
rm -rf "$out"
mkdir -p "$out"
db="$out/thaplan.db"
keys="$out/keys"
cohort="$out/cohort"

trials=${THAPLAN_EXAMPLE_TRIALS:-2}
echo "== simulate a cohort: 3 sites, 300 patients ($trials gait trials per patient and timepoint)"
"$bin" simulate cohort --patients 300 --sites 3 --seed 20261126 --trials "$trials" --out "$cohort"
echo
echo "== import its records into $db (patient keys become pseudonyms, dates day offsets)"
"$bin" --db "$db" import --key-dir "$keys" \
  "$cohort/patients.csv" "$cohort/surgeries.csv" "$cohort/assessments.csv"
echo
if [[ "$trials" -gt 0 ]]; then
  echo "== analyse and store every gait session (keypoint CSV trials)"
  "$bin" --db "$db" gait import --key-dir "$keys" --device "synthetic markerless" \
    --manifest "$cohort/trials/manifest.csv"
  echo
fi
if [[ -d "$shared" ]]; then
  echo "== the public recordings (../shared/data)"
  "$bin" gait analyze "$shared/c3d_vicon_pig/gait-pig.c3d" | head -4
  "$bin" gait analyze --profile openpose-body25 "$shared/opencap_subject3/walking1.trc" | head -4
  echo
fi
echo "== registry summary"
"$bin" --db "$db" summary
echo
echo "== analysis table for 3 months: $out/analysis-3m.csv"
"$bin" --db "$db" export --timepoint 3m --out "$out/analysis-3m.csv"
