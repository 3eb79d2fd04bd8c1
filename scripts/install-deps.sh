#!/usr/bin/env bash
# Installs the Debian packages LLMscope needs, only those missing.
#   scripts/install-deps.sh build   - to build and run the service
#   scripts/install-deps.sh test    - also what the tests need (Chromium, ...)
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config make
  libcpp-httplib-dev libcurl4-openssl-dev nlohmann-json3-dev libspdlog-dev
  libfmt-dev libcli11-dev libtomlplusplus-dev libsqlite3-dev libssl-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev)
test_pkgs=(chromium python3-aiosmtpd sqlite3 openssl)

want=("${build_pkgs[@]}")
if [[ "${1:-build}" == "test" ]]; then want+=("${test_pkgs[@]}"); fi
if ! command -v npm >/dev/null 2>&1; then want+=(nodejs npm); fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
