#!/usr/bin/env python3
"""PyTorch side of the Synapse benchmarks: the same workloads as Benchmarks/Swift, timed the same way
(warm-up, calibrated batches, median of samples), one JSON line per workload on stdout.

    python torch_bench.py [--filter NAME[,NAME...]]... [--quick] [--list]

Uses torch's default thread count. Register a workload with @workload("name"): the function builds the inputs
(untimed) and returns the timed body; the name must match the Swift registry.
"""
import argparse
import os
import tempfile
import json
import time

import torch

WORKLOADS = {}
SIXTEEN_M = 16 << 20
SIXTY_FOUR_M = 64 << 20


def workload(name):
    def register(prepare):
        WORKLOADS[name] = prepare
        return prepare
    return register


@workload("add_2x4")
def add_2x4():
    a, b = torch.rand(2, 4), torch.rand(2, 4)
    return lambda: a + b


def uniform_floats_workload(inputs, op):
    """A workload applying `op` to `inputs` tensors of 16 Mi uniform floats."""
    def prepare():
        operands = [torch.rand(SIXTEEN_M) for _ in range(inputs)]
        return lambda: op(*operands)
    return prepare


for _name, _inputs, _op in (
    ("add_16M", 2, lambda a, b: a + b),
    ("sum_16M", 1, lambda a: a.sum()),
    ("exp_16M", 1, lambda a: a.exp()),
    ("mul_scalar_16M", 1, lambda a: a * 2),
    ("abs_16M", 1, lambda a: a.abs()),
    ("clamp_16M", 1, lambda a: a.clamp(min=0.25, max=0.75)),
    ("gt_16M", 2, lambda a, b: a > b),
    ("maximum_16M", 2, torch.maximum),
    ("pow_tensor_16M", 2, lambda a, b: a.pow(b)),
):
    workload(_name)(uniform_floats_workload(_inputs, _op))


@workload("where_16M")
def where_16m():
    mask, a, b = torch.rand(SIXTEEN_M) > 0.5, torch.rand(SIXTEEN_M), torch.rand(SIXTEEN_M)
    return lambda: torch.where(mask, a, b)


@workload("masked_fill_16M")
def masked_fill_16m():
    mask, a = torch.rand(SIXTEEN_M) > 0.5, torch.rand(SIXTEEN_M)
    return lambda: a.masked_fill(mask, 0.5)


@workload("add_int64_16M")
def add_int64_16m():
    a, b = torch.randint(-1000, 1000, (SIXTEEN_M,)), torch.randint(-1000, 1000, (SIXTEEN_M,))
    return lambda: a + b


@workload("logical_and_16M")
def logical_and_16m():
    a, b = torch.rand(SIXTEEN_M) > 0.5, torch.rand(SIXTEEN_M) > 0.5
    return lambda: torch.logical_and(a, b)


@workload("sgemm_1024")
def sgemm_1024():
    a, b, c = torch.randn(1024, 1024), torch.randn(1024, 1024), torch.empty(1024, 1024)
    return lambda: torch.mm(a, b, out=c)


@workload("matmul_1024")
def matmul_1024():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    return lambda: a.matmul(b)


@workload("uniform_64M")
def uniform_64m():
    return lambda: torch.empty(SIXTY_FOUR_M).uniform_()


@workload("normal_64M")
def normal_64m():
    return lambda: torch.empty(SIXTY_FOUR_M).normal_()


class TinyMLP:
    """relu(x W1^T + b1) W2^T + b2 against a target, mean squared error (Swift: AutogradWorkloads.TinyMLP)."""

    def __init__(self):
        self.w1, self.b1 = torch.randn(8, 4, requires_grad=True), torch.randn(8, requires_grad=True)
        self.w2, self.b2 = torch.randn(1, 8, requires_grad=True), torch.randn(1, requires_grad=True)
        self.x, self.target = torch.randn(2, 4), torch.randn(2, 1)

    def loss(self):
        hidden = torch.addmm(self.b1, self.x, self.w1.t()).relu()
        output = torch.addmm(self.b2, hidden, self.w2.t())
        return (output - self.target).pow(2).mean()

    def clear_gradients(self):
        for parameter in (self.w1, self.b1, self.w2, self.b2):
            parameter.grad = None


GRAD_WORKLOADS = set()   # run with autograd on; every other workload runs under torch.no_grad()


@workload("mlp_4_8_1_forward")
def mlp_forward():
    mlp = TinyMLP()
    return mlp.loss


@workload("mlp_4_8_1_forward_backward")
def mlp_forward_backward():
    mlp = TinyMLP()

    def body():
        mlp.clear_gradients()
        mlp.loss().backward()
    return body


@workload("mlp_4_8_1_backward")
def mlp_backward():
    mlp = TinyMLP()

    def setup():
        mlp.clear_gradients()
        return mlp.loss().backward
    return TimedPart(setup)


GRAD_WORKLOADS.update({"mlp_4_8_1_forward", "mlp_4_8_1_forward_backward", "mlp_4_8_1_backward"})


@workload("mlp_4_8_1_train_step_sgd")
def mlp_train_step():
    nn = torch.nn
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = nn.MSELoss()
    x, y = torch.randn(2, 4), torch.randn(2, 1)

    def body():
        optimizer.zero_grad()
        loss(net(x), y).backward()
        optimizer.step()
    return body


GRAD_WORKLOADS.add("mlp_4_8_1_train_step_sgd")


@workload("adam_step_10M")
def adam_step_10m():
    parameter = torch.nn.Parameter(torch.randn(10_000_000))
    parameter.grad = torch.randn(10_000_000)
    adam = torch.optim.Adam([parameter], lr=0.001)
    return adam.step


@workload("d2l_mlp_step_b256")
def d2l_mlp_step():
    nn = torch.nn
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    loss = nn.CrossEntropyLoss()
    x, y = torch.rand(256, 1, 28, 28), torch.randint(0, 10, (256,))
    parameters = list(net.parameters())

    def body():
        net.zero_grad()
        loss(net(x), y).backward()
        with torch.no_grad():
            for p in parameters:
                p.sub_(p.grad * 0.1)
    return body


@workload("lenet_conv_forward_backward_b64")
def lenet_conv():
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2),
                        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(2))
    x = torch.rand(64, 1, 28, 28)

    def body():
        net.zero_grad()
        net(x).sum().backward()
    return body


@workload("gelu_16M")
def gelu_16m():
    a = torch.rand(SIXTEEN_M)
    gelu = torch.nn.GELU()
    return lambda: gelu(a)


GRAD_WORKLOADS.update({"d2l_mlp_step_b256", "lenet_conv_forward_backward_b64"})

def wide_model():
    """3,000 x [Linear(8, 8), ReLU(), LayerNorm(8)] in one Sequential (Swift: ModuleWorkloads.wideModel)."""
    layers = []
    for _ in range(3000):
        layers += [torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.LayerNorm(8)]
    return torch.nn.Sequential(*layers)


@workload("state_dict_9000_modules")
def state_dict_9000_modules():
    model = wide_model()
    return model.state_dict


@workload("named_parameters_9000_modules")
def named_parameters_9000_modules():
    model = wide_model()
    return lambda: list(model.named_parameters())


def big_model():
    """16 x Linear(4096, 4096): 268.5 M parameters, 1.07 GB in float32 (same as CheckpointWorkloads.swift)."""
    return torch.nn.Sequential(*[torch.nn.Linear(4096, 4096) for _ in range(16)])


@workload("load_safetensors_1g_into_model")
def load_safetensors_1g():
    from safetensors.torch import load_file, save_model
    model = big_model()
    path = os.path.join(tempfile.gettempdir(), "torch-bench-1g.safetensors")
    save_model(model, path)
    return lambda: model.load_state_dict(load_file(path))


@workload("load_pt_1g_into_model")
def load_pt_1g():
    model = big_model()
    path = os.path.join(tempfile.gettempdir(), "torch-bench-1g.pt")
    torch.save(model.state_dict(), path)
    return lambda: model.load_state_dict(torch.load(path, mmap=True, weights_only=True))


def transformer_encoder():
    """6 x TransformerEncoderLayer(384, 12 heads, 1536 feed-forward), eval; runs under torch.no_grad(), where torch
    takes its fused encoder fast path."""
    nn = torch.nn
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=384, nhead=12, dim_feedforward=1536, dropout=0.0, batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=6, enable_nested_tensor=False).eval()


@workload("transformer_encoder_1x8")
def transformer_encoder_1x8():
    enc = transformer_encoder()
    x = torch.rand(1, 8, 384)
    return lambda: enc(x)


@workload("transformer_encoder_8x128")
def transformer_encoder_8x128():
    enc = transformer_encoder()
    x = torch.rand(8, 128, 384)
    return lambda: enc(x)


def gpt2_small():
    """GPT-2 small's shape (12 layers, 768 wide, 12 heads, 50257 tokens), random weights, eager attention, eval."""
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(0)
    config = GPT2Config(attn_implementation="eager")
    return GPT2LMHeadModel(config).eval()


@workload("gpt2_small_generate_8_32")
def gpt2_small_generate():
    """Greedy generation of 32 tokens after an 8-token prompt, with the key-value cache (tokens/s = 32 / time)."""
    model = gpt2_small()
    prompt = torch.arange(8).unsqueeze(0) * 100
    mask = torch.ones_like(prompt)

    def run():
        with torch.no_grad():
            model.generate(prompt, attention_mask=mask, max_new_tokens=32, min_new_tokens=32, do_sample=False,
                           eos_token_id=None, pad_token_id=0)
    return run


@workload("bert_embed_8x128")
def bert_embed():
    """Sentence embeddings (mean pooling, normalised) of 8 x 128 tokens with a MiniLM-shaped BERT (6 layers, 384
    wide, 12 heads, 1536 feed-forward), random weights, eager attention, eval, no grad."""
    from transformers import BertConfig, BertModel
    torch.manual_seed(0)
    model = BertModel(BertConfig(hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                                 intermediate_size=1536, attn_implementation="eager")).eval()
    ids = torch.randint(0, 30522, (8, 128))
    mask = torch.ones_like(ids)

    def run():
        with torch.no_grad():
            states = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            pooled = (states * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)
    return run


def digits_loader(workers, augmented=False):
    """One shuffled epoch over the 1,797 digits, batch 64: as a TensorDataset (float32 8 x 8 images, int64 labels),
    or augmented as they are read (`NoisyDigits`)."""
    from sklearn.datasets import load_digits
    from torch.utils.data import DataLoader, TensorDataset
    digits = load_digits()
    images, labels = torch.tensor(digits.images, dtype=torch.float32), torch.tensor(digits.target)
    dataset = NoisyDigits(images, labels) if augmented else TensorDataset(images, labels)
    loader = DataLoader(dataset, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0),
                        num_workers=workers)

    def run():
        for batch in loader:
            pass
    return run


class NoisyDigits(torch.utils.data.Dataset):
    """The digits with Gaussian noise added to each image as it is read, clamped and scaled to [0, 1]."""

    def __init__(self, images, labels):
        self.images, self.labels = images, labels

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        noise = torch.randn(8, 8)
        return (self.images[index] + noise * 0.5).clamp(min=0, max=16) / 16, self.labels[index]


@workload("dataloader_digits_epoch_w0")
def dataloader_w0():
    return digits_loader(0)


@workload("dataloader_digits_epoch_w2")
def dataloader_w2():
    return digits_loader(2)


@workload("dataloader_noisy_digits_epoch_w0")
def dataloader_noisy_w0():
    return digits_loader(0, augmented=True)


@workload("dataloader_noisy_digits_epoch_w2")
def dataloader_noisy_w2():
    return digits_loader(2, augmented=True)


FULL = dict(warm_up=0.3, sample_time=0.01, min_samples=7, max_samples=101, budget=3.0)
QUICK = dict(warm_up=0.05, sample_time=0.005, min_samples=5, max_samples=21, budget=0.5)


class TimedPart:
    """A workload body of which only part is timed (Swift: `TimedBody.part`): `setup()` runs untimed and returns
    the callable that is timed; releasing it afterwards is untimed too."""

    def __init__(self, setup):
        self.setup = setup


def clock_overhead():
    """Seconds that reading the clock around an empty part costs; subtracted from each timed part, as the Swift
    side subtracts its own."""
    now, best = time.perf_counter, float("inf")
    for _ in range(5):
        total = 0.0
        for _ in range(10_000):
            start = now()
            total += now() - start
        best = min(best, total / 10_000)
    return best


def run(body, count, overhead):
    """Seconds of timed work in `count` iterations of `body` (a callable, or a TimedPart)."""
    now = time.perf_counter
    if not isinstance(body, TimedPart):
        start = now()
        for _ in range(count):
            body()
        return now() - start
    total = 0.0
    for _ in range(count):
        timed = body.setup()
        start = now()
        timed()
        total += now() - start - overhead
        del timed
    return total


def measure(body, warm_up, sample_time, min_samples, max_samples, budget):
    """Same procedure as Benchmarks/Swift/Measurement.swift."""
    now = time.perf_counter
    overhead = clock_overhead() if isinstance(body, TimedPart) else 0.0
    runs, start = 0, now()
    while True:
        run(body, 1, overhead)
        runs += 1
        if now() - start >= warm_up and runs >= 2:
            break
    per_iteration = (now() - start) / runs
    batch = max(1, int(sample_time / max(per_iteration, 1e-9)))
    times, start = [], now()
    while len(times) < min_samples or (len(times) < max_samples and now() - start < budget):
        times.append(run(body, batch, overhead) / batch)
    times.sort()
    middle = len(times) // 2
    median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
    return median * 1e9, batch * len(times), len(times)


# --- convolutions (issue 23) ---
class BasicBlock(torch.nn.Module):
    """ResNet-18's BasicBlock without downsampling (Swift: ConvolutionWorkloads.BasicBlock)."""

    def __init__(self, channels):
        super().__init__()
        nn = torch.nn
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))) + x)


@workload("resnet_basic_block_b32")
def resnet_basic_block():
    block = BasicBlock(64)
    x = torch.randn(32, 64, 56, 56)

    def body():
        block.zero_grad()
        block(x).sum().backward()
    return body


def one_thread(body):
    """`body` with torch's thread count at 1 while it runs (Swift: ConvolutionWorkloads.oneThread)."""
    def run():
        previous = torch.get_num_threads()
        torch.set_num_threads(1)
        body()
        torch.set_num_threads(previous)
    return run


@workload("lenet_conv_forward_backward_b64_1thread")
def lenet_conv_one_thread():
    return one_thread(lenet_conv())


@workload("resnet_basic_block_b32_1thread")
def resnet_basic_block_one_thread():
    return one_thread(resnet_basic_block())


GRAD_WORKLOADS.update({"resnet_basic_block_b32", "lenet_conv_forward_backward_b64_1thread",
                       "resnet_basic_block_b32_1thread"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter", action="append", default=[], help="run workloads whose name contains NAME")
    parser.add_argument("--quick", action="store_true", help="shorter warm-up and fewer samples")
    parser.add_argument("--list", action="store_true", help="print the workload names")
    args = parser.parse_args()
    filters = [part for value in args.filter for part in value.split(",") if part]
    names = [name for name in WORKLOADS if not filters or any(f in name for f in filters)]
    if args.list:
        for name in names:
            print(json.dumps({"name": name}))
        return
    print(json.dumps({"meta": "torch", "version": torch.__version__, "threads": torch.get_num_threads(),
                      "isa": torch.backends.cpu.get_cpu_capability(),
                      "blas": "mkl" if torch.backends.mkl.is_available() else "other"}), flush=True)
    plan = QUICK if args.quick else FULL
    for name in names:
        with torch.set_grad_enabled(name in GRAD_WORKLOADS):
            body = WORKLOADS[name]()
            median_ns, iterations, samples = measure(body, **plan)
            print(json.dumps({"name": name, "median_ns": median_ns, "iterations": iterations,
                              "samples": samples}), flush=True)
            del body


# --- built-in GEMM (issue 23) ---
@workload("sgemm_1024x384x1536")
def sgemm_1024x384x1536():
    a, b, c = torch.randn(1024, 384), torch.randn(384, 1536), torch.empty(1024, 1536)
    return lambda: torch.mm(a, b, out=c)


@workload("bmm_96x128x32x128")
def bmm_96x128x32x128():
    a, b, c = torch.randn(96, 128, 32), torch.randn(96, 32, 128), torch.empty(96, 128, 128)
    return lambda: torch.bmm(a, b, out=c)


# --- half precision (issue 23) ---


@workload("add_16M_bf16")
def add_16m_bf16():
    a, b = torch.rand(SIXTEEN_M).bfloat16(), torch.rand(SIXTEEN_M).bfloat16()
    return lambda: a + b


@workload("sum_16M_bf16")
def sum_16m_bf16():
    a = torch.rand(SIXTEEN_M).bfloat16()
    return lambda: a.sum()


@workload("linear_1024x384x1536_bf16")
def linear_1024x384x1536_bf16():
    torch.manual_seed(0)
    layer = torch.nn.Linear(384, 1536).to(torch.bfloat16)
    x = torch.rand(1024, 384).bfloat16()
    return lambda: layer(x)


@workload("transformer_encoder_8x128_bf16")
def transformer_encoder_8x128_bf16():
    enc = transformer_encoder().to(torch.bfloat16)
    x = torch.rand(8, 128, 384).bfloat16()
    return lambda: enc(x)
# --- reductions, normalisations and threads (issue 23) ---
# Twins of Benchmarks/Swift/ReductionWorkloads.swift (the `_t1` rows compare Synapse with itself: no twin).
REDUCTIONS = {"sum": lambda a, d: a.sum(d) if d is not None else a.sum(),
              "mean": lambda a, d: a.mean(d) if d is not None else a.mean(),
              "var": lambda a, d: a.var(d) if d is not None else a.var(),
              "max": lambda a, d: torch.amax(a, d) if d is not None else a.max()}


def reduction_workload(name, shape, dim):
    def prepare():
        a = torch.rand(*shape)
        return lambda: REDUCTIONS[name](a, dim)
    return prepare


for _name in ("mean", "var", "max"):
    workload(f"{_name}_16M")(reduction_workload(_name, (SIXTEEN_M,), None))
for _label, _shape in (("4096x4096", (4096, 4096)), ("256x256x256", (256, 256, 256))):
    for _name in REDUCTIONS:
        for _dim in range(len(_shape)):
            workload(f"{_name}_{_label}_dim{_dim}")(reduction_workload(_name, _shape, _dim))


def normalisation_workloads(label, shape):
    def softmax():
        a = torch.randn(*shape)
        return lambda: torch.softmax(a, -1)

    def log_softmax():
        a = torch.randn(*shape)
        return lambda: torch.log_softmax(a, -1)

    def layer_norm():
        a, weight, bias = torch.randn(*shape), torch.randn(shape[1]), torch.randn(shape[1])
        return lambda: torch.nn.functional.layer_norm(a, (shape[1],), weight, bias, 1e-5)
    workload(f"softmax_{label}")(softmax)
    workload(f"log_softmax_{label}")(log_softmax)
    workload(f"layer_norm_{label}")(layer_norm)


normalisation_workloads("1024x384", (1024, 384))
normalisation_workloads("12288x128", (12288, 128))


if __name__ == "__main__":
    main()
