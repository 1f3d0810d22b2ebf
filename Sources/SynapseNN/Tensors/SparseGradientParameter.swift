/// A parameter whose gradient PyTorch keeps as a sparse COO tensor: the weight of `Embedding(sparse: true)`
/// (`nn.Embedding(sparse=True)`). Its `grad` is the usual dense tensor; besides, it knows which rows the
/// gradient holds (what `grad.coalesce().indices()` lists in PyTorch: every row looked up, padding row excepted,
/// whether or not its gradient is zero), which ``gradientRows`` gives and `SparseAdam` updates alone.
///
/// Rows accumulate as the gradient does: a backward pass that finds no gradient starts a new list, one that finds a
/// gradient adds to it. Record and read from one thread at a time.
public final class SparseGradientParameter: Parameter, @unchecked Sendable {
    /// The rows of the accumulated gradient.
    private var rows: Set<Int> = []
    /// Rows looked up by lookups whose backward pass has reached this parameter's gradient but not yet its
    /// accumulation.
    private var pending: [Int] = []
    /// Whether the hook that moves `pending` into `rows` is registered.
    private var recording = false

    /// Wraps `tensor`'s memory, as ``Parameter/init(_:requiresGrad:)`` does.
    public override init(_ tensor: Tensor, requiresGrad: Bool = true) {
        super.init(tensor, requiresGrad: requiresGrad)
    }

    override init(computed value: Tensor) {
        super.init(computed: value)
    }

    /// The rows present in the gradient, sorted (the coalesced sparse gradient's indices); `nil` when there is no
    /// gradient.
    public var gradientRows: [Int]? { grad == nil ? nil : rows.sorted() }

    /// Notes that the gradient of `lookup`, a lookup of `indices`, will reach rows `indices` of this parameter.
    func recordLookup(_ lookup: Tensor, indices: [Int]) {
        guard lookup.requiresGrad else { return }
        if !recording {
            recording = true
            registerHook { [unowned self] _ in
                if grad == nil { rows = [] }
                rows.formUnion(pending)
                pending = []
                return nil
            }
        }
        lookup.registerHook { [unowned self] _ in
            pending.append(contentsOf: indices)
            return nil
        }
    }
}
