#!/usr/bin/env python3
"""Joins the JSON lines of synapse-bench and torch_bench.py into a side-by-side table.

    python compare.py --synapse S1.jsonl [S2.jsonl ...] --torch T1.jsonl [T2.jsonl ...]

Each file is one run (a round); a workload's time on each side is the median of its per-round medians.
Ratio = Synapse / PyTorch time (lower is better); a target is met when the ratio is at most the target. A workload
whose reference is "synapse:NAME" is compared with Synapse's NAME instead (the overhead of some machinery).
The table is Markdown, so it can be pasted into Benchmarks/README.md as is.
"""
import argparse
import json
import statistics
import sys


def read_runs(paths):
    """Per workload name, the list of per-round records; plus the meta records."""
    records, metas = {}, []
    for path in paths:
        with open(path) as file:
            for line in file:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                record = json.loads(line)
                if "meta" in record:
                    metas.append(record)
                elif "name" in record and record.get("median_ns") is not None:
                    records.setdefault(record["name"], []).append(record)
    return records, metas


def format_time(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synapse", nargs="+", required=True)
    parser.add_argument("--torch", nargs="+", required=True)
    args = parser.parse_args()
    synapse, synapse_meta = read_runs(args.synapse)
    torch, torch_meta = read_runs(args.torch)

    header = ["workload", "Synapse", "PyTorch", "ratio", "target", "met"]
    rows = []
    met_count = target_count = 0
    for name, runs in synapse.items():
        first = runs[0]
        ours = statistics.median(r["median_ns"] for r in runs)
        reference = first.get("reference") or name
        # "synapse:NAME" compares with Synapse's own NAME (an overhead), shown in the PyTorch column.
        theirs_runs = synapse.get(reference[8:]) if reference.startswith("synapse:") else torch.get(reference)
        theirs = statistics.median(r["median_ns"] for r in theirs_runs) if theirs_runs else None
        ratio = ours / theirs if theirs else None
        target = first.get("target_ratio")
        flops = first.get("flops")
        ours_text, theirs_text = format_time(ours), format_time(theirs)
        if flops:
            ours_text += f" ({flops / ours:.1f} GFLOP/s)"
            if theirs:
                theirs_text += f" ({flops / theirs:.1f} GFLOP/s)"
        if target is not None and ratio is not None:
            target_count += 1
            met = ratio <= target
            met_count += met
            met_text = "yes" if met else "**no**"
        else:
            met_text = "—"
        rows.append([name, ours_text, theirs_text, f"{ratio:.3f}×" if ratio else "—",
                     f"≤ {target:.3g}×" if target is not None else "report", met_text])

    referenced = {(runs[0].get("reference") or name) for name, runs in synapse.items()}
    for name, runs in torch.items():
        if name not in referenced:
            theirs = statistics.median(r["median_ns"] for r in runs)
            rows.append([name, "—", format_time(theirs), "—", "—", "not run"])

    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]
    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows:
        print(line(row))
    print()
    rounds_s = max((len(r) for r in synapse.values()), default=0)
    rounds_t = max((len(r) for r in torch.values()), default=0)
    print(f"Targets met: {met_count}/{target_count}. Medians over {rounds_s} Synapse / {rounds_t} PyTorch round(s).")
    if synapse_meta:
        m = synapse_meta[0]
        print(f"Synapse: GEMM backend {m.get('gemm_backend')}, BLAS {m.get('blas') or 'none'}"
              f" ({m.get('blas_threads') or '—'} threads), {m.get('cores')} cores, instruction set {m.get('isa', '?')}.")
    if torch_meta:
        m = torch_meta[0]
        print(f"PyTorch {m.get('version')}: {m.get('threads')} threads, BLAS {m.get('blas')},"
              f" instruction set {m.get('isa', '?')}.")
    if any(row[-1] == "not run" for row in rows):
        print("\"not run\": PyTorch-only workloads, not registered on the Swift side (yet).")

if __name__ == "__main__":
    sys.exit(main())
