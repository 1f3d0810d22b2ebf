#!/usr/bin/env bash
# Runs synapse-bench and Benchmarks/torch_bench.py in fresh processes, one after the other, ROUNDS times each, on
# the workloads NAME[,NAME...] (exact names), and prints per workload the median of the per-process medians on
# each side, their ratio and the spread of each side's processes. For rows whose speed depends on what a process
# draws (64 MB tensors on a VM), where one process's ratio says little. Each process measures as `--quick` does
# (`--full`: the full measurement); 8 rounds by default. See Benchmarks/README.md.
#
#   Benchmarks/alternate.sh [--full] [--rounds N] NAME[,NAME...]
#
# Environment: PYTHON (default ~/torchenv/bin/python), SCRATCH_PATH (SwiftPM scratch directory, default .build),
# KEEP (directory to keep the raw JSON lines in; a temporary one otherwise).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$HOME/torchenv/bin/python}"
scratch="${SCRATCH_PATH:-$root/.build}"
rounds=8
quick=(--quick)
names=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) [[ $# -ge 2 ]] || { echo "alternate.sh: --rounds needs a value" >&2; exit 2; }
                  rounds="$2"; shift ;;
        --full) quick=() ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "alternate.sh: unknown option $1" >&2; exit 2 ;;
        *) names="$1" ;;
    esac
    shift
done
[[ -n "$names" ]] || { echo "alternate.sh: name the workloads (NAME[,NAME...])" >&2; exit 2; }

bench="$("$root/Benchmarks/build_synapse_bench.sh" "$scratch")"

out="${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/synapse-alternate.XXXXXX")}"
mkdir -p "$out"
for ((round = 1; round <= rounds; round++)); do
    echo "Round $round/$rounds" >&2
    "$bench" ${quick[@]+"${quick[@]}"} --filter "$names" >> "$out/synapse.jsonl"
    "$python" "$root/Benchmarks/torch_bench.py" ${quick[@]+"${quick[@]}"} --filter "$names" >> "$out/torch.jsonl"
done

"$python" - "$out" "$names" <<'PY'
import collections, json, statistics, sys
folder, wanted = sys.argv[1], sys.argv[2].split(",")
def read(side):
    times = collections.defaultdict(list)
    for line in open(f"{folder}/{side}.jsonl"):
        row = json.loads(line)
        if row.get("name") in wanted:
            times[row["name"]].append(row["median_ns"])
    return times
synapse, torch = read("synapse"), read("torch")
def ms(ns): return f"{ns / 1e6:.3f} ms" if ns >= 1e6 else f"{ns / 1e3:.1f} µs"
print("| workload | Synapse | PyTorch | ratio | Synapse's processes | PyTorch's processes |")
print("|---|---|---|---|---|---|")
for name in wanted:
    s, t = synapse.get(name, []), torch.get(name, [])
    if not s:
        continue
    ms_s = statistics.median(s)
    if t:
        ms_t = statistics.median(t)
        print(f"| {name} | {ms(ms_s)} | {ms(ms_t)} | {ms_s / ms_t:.3f}× | {ms(min(s))}–{ms(max(s))} | {ms(min(t))}–{ms(max(t))} |")
    else:
        print(f"| {name} | {ms(ms_s)} | — | — | {ms(min(s))}–{ms(max(s))} | — |")
print(f"\n{len(next(iter(synapse.values()), []))} fresh processes per side. Raw results: {folder}")
PY
