#!/usr/bin/env bash
# Builds synapse-bench in release, runs it and Benchmarks/torch_bench.py in alternating rounds, and prints a
# side-by-side table (Benchmarks/compare.py). See Benchmarks/README.md.
#
#   Benchmarks/run.sh [--quick] [--filter NAME[,NAME...]]... [--rounds N] [--isa avx2|baseline]
#
# --isa holds both sides to a lower instruction set, as on a machine without AVX-512 (or without AVX2): Synapse
# through SYNAPSE_VMATH_ISA, PyTorch through ATEN_CPU_CAPABILITY, ONEDNN_MAX_CPU_ISA and MKL_ENABLE_INSTRUCTIONS.
#
# Environment: PYTHON (default ~/torchenv/bin/python), SCRATCH_PATH (SwiftPM scratch directory, default .build),
# KEEP (directory to keep the raw JSON lines in; a temporary one otherwise).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$HOME/torchenv/bin/python}"
scratch="${SCRATCH_PATH:-$root/.build}"
rounds=3
isa=""
bench_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) bench_args+=(--quick); rounds=1 ;;
        --filter) [[ $# -ge 2 ]] || { echo "run.sh: --filter needs a value" >&2; exit 2; }
                  bench_args+=(--filter "$2"); shift ;;
        --filter=*) bench_args+=(--filter "${1#--filter=}") ;;
        --isa) [[ $# -ge 2 ]] || { echo "run.sh: --isa needs a value" >&2; exit 2; }
               isa="$2"; shift ;;
        --rounds) [[ $# -ge 2 ]] || { echo "run.sh: --rounds needs a value" >&2; exit 2; }
                  rounds="$2"; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

case "$isa" in
    "") ;;
    avx2) export SYNAPSE_VMATH_ISA=avx2 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 ;;
    baseline) export SYNAPSE_VMATH_ISA=baseline ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 \
                     MKL_ENABLE_INSTRUCTIONS=SSE4_2 ;;
    *) echo "run.sh: --isa takes avx2 or baseline, not $isa" >&2; exit 2 ;;
esac

echo "Building synapse-bench (release)…" >&2
bench="$("$root/Benchmarks/build_synapse_bench.sh" "$scratch")"

out="${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/synapse-bench.XXXXXX")}"
mkdir -p "$out"
for ((round = 1; round <= rounds; round++)); do
    echo "Round $round/$rounds: Synapse…" >&2
    "$bench" ${bench_args[@]+"${bench_args[@]}"} > "$out/synapse.$round.jsonl"
    echo "Round $round/$rounds: PyTorch…" >&2
    "$python" "$root/Benchmarks/torch_bench.py" ${bench_args[@]+"${bench_args[@]}"} > "$out/torch.$round.jsonl"
done

echo >&2
"$python" "$root/Benchmarks/compare.py" --synapse "$out"/synapse.*.jsonl --torch "$out"/torch.*.jsonl
echo >&2
echo "Raw results: $out" >&2
