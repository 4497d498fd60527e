#!/usr/bin/env bash
# Installs the Debian packages clusterkin builds and tests with, and only the
# ones that are missing: fast (no apt call at all) when everything is present.
# Non-interactive; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsundials-dev      # CVODE (BDF + Newton), sparse matrices, KLU adapter
  libsuitesparse-dev   # KLU sparse LU
  libyaml-dev          # model files
  libnlopt-dev         # fit: derivative-free refinement (OpenMP comes with gcc)
  libcmocka-dev        # unit tests
  libisospec++-dev     # isotope fine structure (IsoSpec C API)
  libxml2-dev zlib1g-dev  # mzML spectra: streaming XML reader, zlib-compressed arrays
  valgrind             # memcheck of the examples in the test suite
  libsbml5-dev python3-sbml5  # SBML export; python3-sbml5 validates and re-simulates it in the tests
  python3-numpy python3-scipy python3-yaml  # independent SciPy reference in the tests
  libplplot-dev plplot-driver-cairo  # plots (PNG/SVG/PDF through cairo), loaded on first use
  libopenmpi-dev openmpi-bin  # fit under mpirun (a module opened only then)
  time                 # /usr/bin/time: peak memory in make bench (bench/scale-time.sh)
)
# `make fuzz` only (install-deps.sh --fuzz); `make test` does not need them.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev libomp-14-dev)  # libFuzzer + sanitizers; OpenMP for clang
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# An apt index older than a day (or none) is refreshed first; a fresh machine has none.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
  $sudo apt-get update -qq
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
