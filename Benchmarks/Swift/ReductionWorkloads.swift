import Synapse

/// Reductions, normalisations and thread scaling (issue 23): `sum`/`mean`/`var`/`max` over 16 Mi floats, whole and
/// along every dimension of `[4096, 4096]` and `[256, 256, 256]`; softmax, log-softmax and layer normalisation
/// along the last dimension of `[1024, 384]` and `[12288, 128]`; and one-thread twins (`_t1`) of large
/// element-wise, reduction and convolution workloads, compared with Synapse's own default-thread run.
enum ReductionWorkloads {
    /// The reductions timed, by name: `max` is `amax` (values only), as `torch.amax` on the PyTorch side.
    static var reductions: [(name: String, run: (Tensor, [Int]?) -> Tensor)] {[
        ("sum", { $0.sum(dims: $1) }),
        ("mean", { $0.mean(dims: $1) }),
        ("var", { $0.variance(dims: $1) }),
        ("max", { $0.amax(dims: $1) }),
    ]}

    /// The shapes reduced along each of their dimensions, with their names in workload names.
    static let shapes: [(label: String, shape: [Int])] = [("4096x4096", [4096, 4096]), ("256x256x256", [256, 256, 256])]

    /// The workloads timed with one thread, against the same workload with the default thread count.
    static let singleThreaded = ["add_16M", "exp_16M", "gelu_16M", "sum_16M", "lenet_conv_forward_backward_b64"]

    static var all: [Workload] {
        var workloads: [Workload] = []
        for (name, run) in reductions where name != "sum" {  // `sum_16M` is one of the tensor workloads
            workloads.append(Workload("\(name)_16M", target: 1.0) {
                let a = TensorWorkloads.uniformInput([TensorWorkloads.sixteenM])
                return { consume(run(a, nil)) }
            })
        }
        for (label, shape) in shapes {
            for (name, run) in reductions {
                for dim in shape.indices {
                    workloads.append(Workload("\(name)_\(label)_dim\(dim)", target: 1.0) {
                        let a = TensorWorkloads.uniformInput(shape)
                        return { consume(run(a, [dim])) }
                    })
                }
            }
        }
        for (label, shape) in [("1024x384", [1024, 384]), ("12288x128", [12288, 128])] {
            workloads.append(Workload("softmax_\(label)", target: 1.0) {
                let a = TensorWorkloads.normalInput(shape)
                return { consume(a.softmax(dim: -1)) }
            })
            workloads.append(Workload("log_softmax_\(label)", target: 1.0) {
                let a = TensorWorkloads.normalInput(shape)
                return { consume(a.logSoftmax(dim: -1)) }
            })
            workloads.append(Workload("layer_norm_\(label)", target: 1.0) {
                let a = TensorWorkloads.normalInput(shape)
                let weight = TensorWorkloads.normalInput([shape[1]]), bias = TensorWorkloads.normalInput([shape[1]])
                return { consume(a.layerNorm(normalizedDimensions: 1, weight: weight, bias: bias, eps: 1e-5)) }
            })
        }
        let others = TensorWorkloads.all + LayerWorkloads.all
        for name in singleThreaded {
            guard let base = others.first(where: { $0.name == name }) else { continue }
            workloads.append(oneThread(base))
        }
        return workloads
    }

    /// `base` run with `setNumThreads(1)` (restored after each iteration), named `base.name + "_t1"` and compared
    /// with `base` itself: the ratio is the one-thread time over the default-thread time.
    static func oneThread(_ base: Workload) -> Workload {
        Workload(base.name + "_t1", target: nil, reference: "synapse:" + base.name) {
            guard case .whole(let body) = base.prepare() else { fatalError("\(base.name): only whole bodies") }
            return onOneThread(body)
        }
    }
}
