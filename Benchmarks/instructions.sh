#!/usr/bin/env bash
# Counts the CPU instructions one iteration of each named workload executes, with valgrind's callgrind: unlike
# times, the counts repeat exactly from run to run, whatever else the machine is doing, so they show the effect
# of a small change to the per-operation overhead that this machine's noise would hide.
#
#   Benchmarks/instructions.sh WORKLOAD...       e.g. Benchmarks/instructions.sh mlp_4_8_1_train_step_sgd
#
# Each workload runs twice under callgrind (`synapse-bench --repeat 0` and `--repeat N`); the difference divided by
# N is the count per iteration. The native GEMM is used (valgrind doesn't emulate the AVX-512 code OpenBLAS picks)
# and debug information is stripped from a copy of the binary (valgrind 3.19 can't read Swift 6.3's DWARF 5).
# Environment: N (default 1000), SCRATCH_PATH (default .build), KEEP_PROFILE=1 keeps the callgrind output of the
# N-iteration run as callgrind.<workload> in the current directory (read it with callgrind_annotate).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${SCRATCH_PATH:-$root/.build}"
iterations="${N:-1000}"
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
[[ $# -gt 0 ]] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

bin="$("$root/Benchmarks/build_synapse_bench.sh" "$scratch")"
work="$(mktemp -d "${TMPDIR:-/tmp}/synapse-instructions.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$bin" "$work/synapse-bench" && strip -g "$work/synapse-bench"

count() { # workload repetitions output-file
    SYNAPSE_BLAS=native valgrind --tool=callgrind --callgrind-out-file="$3" "$work/synapse-bench" \
        --repeat "$2" --filter "$1" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for workload in "$@"; do
    base="$(count "$workload" 0 "$work/base")"
    profile="$work/profile"
    total="$(count "$workload" "$iterations" "$profile")"
    [[ "${KEEP_PROFILE:-}" == 1 ]] && cp "$profile" "callgrind.$workload"
    echo "$workload: $(( (total - base) / iterations )) instructions per iteration"
done
