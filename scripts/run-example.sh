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
echo
# Outcome models on the three 3-month gait indices (examples/spec-3m.json):
# trained with bootstrap ensembles of 20 (the planner's uncertainty of the
# difference to the standard plan, docs/planning.md) and stored under the
# target names, validated with every protocol at
# modest settings so the step takes under 3 minutes on 2 idle cores (330 s of
# CPU measured): 2 x 3-fold CV, 20 bootstrap replicates, 19 permutations (so p
# can reach 0.05), 100 seed splits, 3 learning-curve subsets per size; nested
# tuning over the default 12-candidate grid. Their cards are filled and the
# HTML report written. The full protocol (5 x 5 CV, B = 200, 99 permutations,
# 200 splits; the settings' defaults of `thaplan model validate`) takes far longer.
spec="$root/examples/spec-3m.json"
targets=(m3_com_asymmetry_pct m3_stride_length_cv_pct m3_peak_hip_extension_deg)
echo "== train the 3-month index models (stored as ${targets[*]})"
mkdir -p "$out/models"
bundles=()
for t in "${targets[@]}"; do
  "$bin" --db "$db" model train --spec "$spec" --target "$t" --ensemble 20 \
    --out "$out/models/$t" | tail -1
  bundles+=(--bundle "$out/models/$t")
done
echo
echo "== validate them: all protocols, fill their cards: $out/validation.json"
"$bin" --db "$db" model validate --spec "$spec" --protocols all --folds 3 --repeats 2 \
  --replicates 20 --permutations 19 --splits 100 --learning-repeats 3 --threads 0 \
  --out "$out/validation.json" "${bundles[@]}"
echo
echo "== validation report: $out/report.html"
"$bin" model report --in "$out/validation.json" "${bundles[@]}" --out "$out/report.html"
echo
# Plan for one example patient (the first of the cohort's patients file, by
# the site's own key; the registry only knows the pseudonym): the placement
# inside the default limits (lewinnek-widmer, CLINICAL.md s.4), the standard
# plan, the verdict, alternatives and rehabilitation emphasis; then a re-plan
# with the cup as placed during surgery.
read -r key site < <(sed -n 2p "$cohort/patients.csv" | cut -d, -f1,2 --output-delimiter=' ')
echo "== plan for patient $key of site $site (models: ${targets[*]})"
"$bin" --db "$db" plan --patient "$key" --site "$site" --key-dir "$keys"
"$bin" --db "$db" plan --patient "$key" --site "$site" --key-dir "$keys" --json \
  > "$out/plan.json"
echo
echo "== re-plan with the cup as placed (inclination 47 deg, anteversion 12 deg)"
"$bin" --db "$db" plan --patient "$key" --site "$site" --key-dir "$keys" \
  --fix cup_inclination_deg=47 --fix cup_anteversion_deg=12 | sed -n '1,12p'
echo
echo "plan as JSON (with the heat-map data): $out/plan.json"
