#!/usr/bin/env bash
# Loads a 1.07 GB checkpoint (16 × Linear(4096, 4096)) into its model in every way — safetensors or .pt, copied
# into the parameters or assigned, read or memory-mapped — once per process on each side (synapse-bench
# --load-memory, Benchmarks/load_memory.py), and prints a table of wall times and resident memory: before the
# load, its peak (VmHWM) and after, with the peak as a multiple of the file size. Assigning loads start from a model
# whose weights were never drawn (`skipInit`; PyTorch's meta device). See Benchmarks/README.md.
# The `_unleased` ways are Synapse only: the file is held open for writing, so the copying load can take no read
# lease and reads the file into memory first.
#
#   Benchmarks/load_memory.sh
#
# Environment: PYTHON (default ~/torchenv/bin/python), SCRATCH_PATH (SwiftPM scratch directory, default .build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$HOME/torchenv/bin/python}"
scratch="${SCRATCH_PATH:-$root/.build}"
bench="$("$root/Benchmarks/build_synapse_bench.sh" "$scratch")"
tmp="${TMPDIR:-/tmp}"
rm -f "$tmp"/synapse-bench-1g.safetensors "$tmp"/synapse-bench-1g.pt "$tmp"/torch-bench-1g.safetensors "$tmp"/torch-bench-1g.pt
out="$(mktemp -d "${TMPDIR:-/tmp}/synapse-load-memory.XXXXXX")"
for way in safetensors_copy safetensors_copy_unleased safetensors_copy_mmap safetensors_assign_mmap \
           pt_copy pt_copy_unleased pt_copy_mmap pt_assign_mmap; do
    echo "$way…" >&2
    "$bench" --load-memory "$way" >> "$out/synapse.jsonl"
    # The _unleased ways are Synapse's fallback when no read lease can be had; PyTorch has no such way.
    [[ "$way" == *_unleased ]] || "$python" "$root/Benchmarks/load_memory.py" "$way" >> "$out/torch.jsonl"
done
"$python" - "$out" <<'PY'
import json, sys
def read(side):
    return {row["name"]: row for row in map(json.loads, open(f"{sys.argv[1]}/{side}.jsonl"))}
synapse, torch = read("synapse"), read("torch")
gb = lambda b: f"{b / 1e9:.2f} GB"
def cells(row):
    return [f"{row['seconds'] * 1e3:.1f} ms", gb(row["rss_before"]), gb(row["rss_peak"]),
            f"{row['rss_peak'] / row['file_bytes']:.2f}×", gb(row["rss_after"])]
print("| way | side | load time | RSS before | peak RSS | peak ÷ file | RSS after |")
print("|---|---|---|---|---|---|---|")
for name in synapse:
    for side, rows in (("Synapse", synapse), ("PyTorch", torch)):
        if name in rows:
            print("| " + " | ".join([f"`{name}`", side] + cells(rows[name])) + " |")
PY
