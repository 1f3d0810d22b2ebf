#!/usr/bin/env bash
# One data-parallel training step (D2L's MLP on the digits, 32 samples per rank, SGD) at 1, 2 and 4 ranks under
# mpirun, against the same step without DistributedDataParallel in one process. Needs Open MPI
# (apt-get install openmpi-bin libopenmpi-dev). Don't run it while something builds.
#
#   Benchmarks/ddp_scaling.sh [--steps 200] [--batch-size 32]
#
# Prints a Markdown table: the slowest rank's median step time, and its ratio to the one-process step without DDP.
# With more ranks than cores the ranks share cores (--oversubscribe), so the step time grows with the rank count:
# what the table shows there is the cost of the machinery, not a speed-up.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=200
batch=32
while [[ $# -gt 0 ]]; do
    case "$1" in
        --steps) steps="$2"; shift 2 ;;
        --batch-size) batch="$2"; shift 2 ;;
        *) echo "usage: $0 [--steps N] [--batch-size B]" >&2; exit 64 ;;
    esac
done
swift build -c release --product synapse-dist-train >&2
bin="$(swift build -c release --show-bin-path)/synapse-dist-train"
mpi=(mpirun --allow-run-as-root --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo)

run() { "${mpi[@]}" -np "$1" "$bin" --time-steps "$steps" --batch-size "$batch" "${@:2}" | grep '^{'; }
baseline=$(run 1 --no-ddp | sed -E 's/.*"ms_per_step": ([0-9.]+).*/\1/')
echo "| ranks | DDP | ms per step | ratio to 1 process without DDP |"
echo "|---|---|---|---|"
echo "| 1 | no | $baseline | 1.00× |"
for ranks in 1 2 4; do
    ms=$(run "$ranks" | sed -E 's/.*"ms_per_step": ([0-9.]+).*/\1/')
    echo "| $ranks | yes | $ms | $(awk -v a="$ms" -v b="$baseline" 'BEGIN { printf "%.2f×", a / b }') |"
done
echo
echo "$(nproc) cores, $steps steps after 5 warm-up steps, $batch samples per rank, cores shared by ranks beyond $(nproc)."
