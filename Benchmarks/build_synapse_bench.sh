#!/usr/bin/env bash
# Builds synapse-bench in release and prints its path (the build's own output goes to standard error), for the
# scripts beside it: bench="$(Benchmarks/build_synapse_bench.sh SCRATCH_PATH)".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${1:-$root/.build}"
# synapse-bench imports the `Synapse` umbrella, which re-exports the library modules; SwiftPM's incremental build
# doesn't see a change to a re-exported module's interface and would relink stale benchmark objects (an
# `AvgPool2d` with a new stored property read garbage fields). Touching its sources recompiles it (cheap);
# deleting its build directory instead breaks SwiftPM's next incremental build (a missing output file map).
touch "$root"/Benchmarks/Swift/*.swift
swift build -c release --package-path "$root" --scratch-path "$scratch" --product synapse-bench >&2
echo "$(swift build -c release --package-path "$root" --scratch-path "$scratch" --show-bin-path)/synapse-bench"
