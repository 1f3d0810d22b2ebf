"""PyTorch's side of Benchmarks/load_memory.sh: loads the 1 GB checkpoint of torch_bench.py's load workloads once, in
the way named on the command line (writing the file first unless an earlier way did), and prints one JSON line with its wall time and resident memory (bytes) before,
at the peak during, and after the load, like `synapse-bench --load-memory WAY`.

    python Benchmarks/load_memory.py WAY     (safetensors_copy, safetensors_copy_mmap, safetensors_assign_mmap,
                                              pt_copy, pt_copy_mmap, pt_assign_mmap)

safetensors has no mapped loader that keeps views, so its `_mmap` ways use `load_file` too (it maps the file and
copies out of it).
"""
import json
import os
import sys
import tempfile
import time

import torch


def big_model():
    """16 x Linear(4096, 4096): 268.5 M parameters, 1.07 GB in float32 (the model of torch_bench.py)."""
    return torch.nn.Sequential(*[torch.nn.Linear(4096, 4096) for _ in range(16)])


def status_bytes(field):
    """A kB field of /proc/self/status, in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} missing from /proc/self/status")


def main():
    way = sys.argv[1] if len(sys.argv) == 2 else ""
    fmt, _, rest = way.partition("_")
    if fmt not in ("safetensors", "pt") or rest not in ("copy", "copy_mmap", "assign_mmap"):
        sys.exit(f"load_memory.py: unknown way {way!r}; expected safetensors|pt _ copy|copy_mmap|assign_mmap")
    assign, mmap = rest.startswith("assign"), rest.endswith("mmap")
    # An assigning load replaces the weights: its model is built on the meta device, as PyTorch recommends.
    with torch.device("meta" if assign else "cpu"):
        model = big_model()
    path = os.path.join(tempfile.gettempdir(), f"torch-bench-1g.{fmt}")
    if fmt == "safetensors":
        from safetensors.torch import load_file, save_model
        if not os.path.exists(path):
            save_model(big_model() if assign else model, path)
        read = lambda: load_file(path)
    else:
        if not os.path.exists(path):
            torch.save((big_model() if assign else model).state_dict(), path)
        read = lambda: torch.load(path, mmap=mmap, weights_only=True)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = status_bytes("VmRSS:")
    start = time.perf_counter()
    model.load_state_dict(read(), assign=assign)
    seconds = time.perf_counter() - start
    print(json.dumps({"name": way, "file_bytes": os.path.getsize(path), "seconds": seconds, "rss_before": before,
                      "rss_peak": status_bytes("VmHWM:"), "rss_after": status_bytes("VmRSS:")}))


if __name__ == "__main__":
    main()
