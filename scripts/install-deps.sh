#!/usr/bin/env bash
# Installs every Debian package thaplan needs to build, test and benchmark.
# Idempotent: packages already installed are skipped, and apt is not touched
# at all when nothing is missing. Run as root or with sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libsqlite3-dev sqlite3 libssl-dev
  nlohmann-json3-dev libcli11-dev libeigen3-dev libxgboost-dev python3-xgboost python3-sklearn
  libgtest-dev libgmock-dev libbenchmark-dev libgoogle-perftools-dev
  python3 time
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
