import Synapse

/// One benchmark: a name shared with `Benchmarks/torch_bench.py`, the target it is judged against, and how to
/// run it.
///
/// `prepare` runs once, untimed, and returns the body that is timed (so inputs are built outside the
/// measurement). Register a new workload by adding it to a group's `all` list (``TensorWorkloads``,
/// ``GEMMWorkloads``, …) and the same name to `torch_bench.py`.
struct Workload {
    /// Workload name, e.g. `"add_16M"`; the join key with the PyTorch side.
    let name: String
    /// The largest acceptable ratio of Synapse's median time to PyTorch's (lower is better), or `nil` to report
    /// only.
    let targetRatio: Double?
    /// Floating-point operations per iteration, when throughput (GFLOP/s) is worth reporting.
    let flops: Double?
    /// The PyTorch workload to compare with, when it is not the one of the same name; `synapse:NAME` compares with
    /// Synapse's own workload `NAME` (an overhead against the same work done without some machinery).
    let reference: String?
    /// Builds the inputs and returns what is timed.
    let prepare: () -> TimedBody

    /// A workload whose whole body is timed; `prepare` builds the inputs and returns the body.
    init(_ name: String, target targetRatio: Double?, flops: Double? = nil, reference: String? = nil,
         prepare: @escaping () -> () -> Void) {
        self.init(name, target: targetRatio, flops: flops, reference: reference, timing: { .whole(prepare()) })
    }

    /// A workload that times only part of each iteration (``TimedBody/part(setup:)``).
    init(_ name: String, target targetRatio: Double?, flops: Double? = nil, reference: String? = nil,
         timing: @escaping () -> TimedBody) {
        self.name = name
        self.targetRatio = targetRatio
        self.flops = flops
        self.reference = reference
        self.prepare = timing
    }
}

/// Every registered workload, in the order they run.
enum Workloads {
    static var all: [Workload] { TensorWorkloads.all + GEMMWorkloads.all + AutogradWorkloads.all + ModuleWorkloads.all + LayerWorkloads.all
        + CheckpointWorkloads.all + TransformerWorkloads.all + PretrainedWorkloads.all + DataWorkloads.all
        + DistributedWorkloads.all
        + BuiltinGEMMWorkloads.all
        + HalfPrecisionWorkloads.all
        + ReductionWorkloads.all
        + ConvolutionWorkloads.all
        + ElementwiseWorkloads.all }
}

/// `body` with the thread count at 1 while it runs (`setNumThreads`), restored after each iteration: the
/// one-thread twins of workloads, for the scaling report.
func onOneThread(_ body: @escaping () -> Void) -> () -> Void {
    {
        let previous = getNumThreads()
        setNumThreads(1)
        body()
        setNumThreads(previous)
    }
}

/// Keeps a result alive so the optimiser cannot drop the work that produced it.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
