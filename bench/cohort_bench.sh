#!/usr/bin/env bash
# Cohort simulation benchmark (issue 4, item 7: 10,000 patients, 3 sessions of
# 2 trials each, in under 60 s on 2 cores, memory independent of N).
#
# Runs `thaplan simulate cohort` (registry CSVs, truth and 60,000 keypoint-CSV
# trials for 10,000 patients, synced to disk before the manifest is committed)
# and, as same-script baselines for the I/O alone, on the same disk:
#   - `cp -r` of the tree it produced, then `sync`: the same files and bytes,
#     no simulation, no formatting;
#   - `dd` of as many zero bytes into one file with `conv=fsync`: the disk's
#     sequential write rate, the floor for writing those bytes at all.
# Prints wall time, CPU time (user + system), peak RSS and bytes for each, and
# the load average before and after (the machine may be shared). Then repeats
# the simulation with a fifth of the patients to show that peak RSS does not
# grow with N (trials are streamed to disk in blocks).
#
# Usage: bench/cohort_bench.sh [path/to/thaplan] [patients]
# Needs about 2.1x the cohort's size free in $TMPDIR (34 GB for 10,000).
set -euo pipefail
bin=$(realpath "${1:-build/release/thaplan}")
patients=${2:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/thaplan-cohort-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# report LABEL TIMEFILE BYTES: one line from /usr/bin/time's "%e %U %S %M".
report() {
  local label=$1 bytes=$3 secs user sys kb
  read -r secs user sys kb < "$2"
  awk -v l="$label" -v s="$secs" -v u="$user" -v y="$sys" -v kb="$kb" -v b="$bytes" 'BEGIN {
    printf "  %-30s %7.1f s wall  %7.1f s CPU (%.1f user + %.1f sys)  peak %6.1f MB  %6.2f GB  %6.0f MB/s\n",
           l, s, u + y, u, y, kb / 1024, b / 1e9, b / 1e6 / s
  }'
}

simulate() {  # simulate N DIR TIMEFILE
  /usr/bin/time -f "%e %U %S %M" -o "$3" "$bin" simulate cohort --patients "$1" --sites 3 \
    --seed 1 --trials 2 --out "$2" 2>/dev/null
}

# On ext4 without a journal, files created within ~30 s of a mass deletion
# (5.5 min while the inode table is dirty) rescan the recently freed inodes
# (bench/README.md): flush first, and leave a minute between runs.
sync
echo "thaplan cohort benchmark: $(nproc) cores, load average before: $(loadavg)"
simulate "$patients" "$work/cohort" "$work/t-sim"
bytes=$(du -sb "$work/cohort" | cut -f1)
files=$(find "$work/cohort" -type f | wc -l)
echo "$patients patients, $files files, $bytes bytes"
report "thaplan simulate cohort" "$work/t-sim" "$bytes"

# Baseline 1: copy the produced tree (same files and bytes) and flush it.
/usr/bin/time -f "%e %U %S %M" -o "$work/t-cp" \
  bash -c "cp -r '$work/cohort' '$work/copy' && sync -f '$work/copy'"
report "cp -r of the tree + sync" "$work/t-cp" "$bytes"
rm -rf "$work/copy"

# Baseline 2: the same number of bytes written sequentially into one file.
mib=$(( (bytes + 1048575) / 1048576 ))
/usr/bin/time -f "%e %U %S %M" -o "$work/t-dd" \
  dd if=/dev/zero of="$work/zeros" bs=1M count="$mib" conv=fsync status=none
report "dd of the same bytes (fsync)" "$work/t-dd" "$((mib * 1048576))"
rm -f "$work/zeros"
rm -rf "$work/cohort"

# Memory against N: a fifth of the patients.
small=$(( patients / 5 > 0 ? patients / 5 : 1 ))
simulate "$small" "$work/small" "$work/t-small"
report "thaplan, $small patients" "$work/t-small" "$(du -sb "$work/small" | cut -f1)"
echo "load average after: $(loadavg)"
