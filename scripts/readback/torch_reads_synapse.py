"""Checks that torch and safetensors read the files Synapse writes, with equal values and ties preserved.

    python3 scripts/readback/torch_reads_synapse.py DIR

DIR holds what the Swift test `TorchReadBackTests` wrote: `<fixture>.pt` (each file of Tests/Fixtures/torch loaded
by Synapse and saved again), `<fixture>.safetensors` for the dictionaries of tensors, and `nested.zip64.pt`. Every
`.pt` is read with `torch.load(weights_only=True)` and must describe exactly as the torch-written original did
(values bit for bit, dtypes, strides, offsets, Parameters, requires_grad, shared storages, shared objects). Every
`.safetensors` is read with `safetensors.torch.load_file`; its tensors must equal the original's, and keys it
doesn't store must be recorded as aliases of keys whose tensor is the same. Exits 1 on the first difference.
"""
import json, pathlib, sys
import torch
from safetensors import safe_open
from safetensors.torch import load_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/fixtures"))
from torch_values import describe  # noqa: E402

expected = json.loads((ROOT / "Tests/Fixtures/torch/expected.json").read_text())["files"]
folder = pathlib.Path(sys.argv[1])
checked = 0
def resume_training(path):
    """Resumes Synapse's Linear(3, 2) + Adam + StepLR checkpoint in torch; one more step must reach Synapse's values."""
    checkpoint = torch.load(path, weights_only=True)
    want = torch.load(path.with_name("synapse_resume_expected.pt"), weights_only=True)
    model = torch.nn.Linear(3, 2)
    model.load_state_dict(checkpoint["model"])
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    opt.load_state_dict(checkpoint["optimizer"])
    schedule = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    schedule.load_state_dict(checkpoint["scheduler"])
    opt.zero_grad()
    model(torch.ones(4, 3) * 0.5).pow(2).sum().backward()
    opt.step()
    schedule.step()
    error = max((model.weight - want["weight"]).abs().max().item(), (model.bias - want["bias"]).abs().max().item())
    if error > 1e-6 or opt.param_groups[0]["lr"] != want["lr"]:
        sys.exit(f"FAIL {path.name}: torch resumed to max |diff| {error}, lr {opt.param_groups[0]['lr']} vs {want['lr']}")
    print(f"ok  {path.name:28} torch resumed Synapse's Adam + StepLR: next step within {error:.1e}, lr {want['lr']}")


for path in sorted(folder.iterdir()):
    name = path.name
    if name == "synapse_resume.pt":
        resume_training(path)
        checked += 1
        continue
    stem = name[: -len(".zip64.pt")] if name.endswith(".zip64.pt") else name.rsplit(".", 1)[0]
    original = next((n for n in (name, stem, stem + ".pt") if n in expected), None)
    if original is None:
        continue
    want = expected[original]
    if name.endswith(".safetensors"):
        got = load_file(path)
        with safe_open(str(path), "pt") as f:
            aliases = f.metadata() or {}
        wanted = dict(zip((k["value"] for k in want["keys"]), want["values"]))
        for key, description in wanted.items():
            stored = key if key in got else aliases.get(key)
            if stored not in got:
                sys.exit(f"FAIL {name}: '{key}' neither stored nor aliased")
            mine = describe(got[stored])
            for field in ("dtype", "shape", "values"):
                if mine[field] != description[field]:
                    sys.exit(f"FAIL {name}['{key}']: {field} {mine[field]!r}, expected {description[field]!r}")
        print(f"ok  {name:28} safetensors.load_file: {len(got)} stored, {len(wanted) - len(got)} aliased")
    else:
        got = describe(torch.load(path, weights_only=True))
        if got != want:
            sys.exit(f"FAIL {name}: torch.load gives\n{json.dumps(got)[:2000]}\nexpected\n{json.dumps(want)[:2000]}")
        print(f"ok  {name:28} torch.load(weights_only=True) equals what torch saved")
    checked += 1
print(f"{checked} files checked with torch {torch.__version__}")
sys.exit(0 if checked else "FAIL: nothing to check")
