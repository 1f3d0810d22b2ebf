/// Efficient softmax approximation for large vocabularies (Grave et al., `torch.nn.AdaptiveLogSoftmaxWithLoss`):
/// the `cutoffs[0]` most frequent classes and one entry per cluster are scored by the `head`; each cluster's classes
/// by its `tail` projection (`in → in / divValue^(i+1) → cluster size`). PyTorch's keys (`head.weight`,
/// `tail.0.0.weight`…), printout and default initialisation.
///
/// ```swift
/// let asm = AdaptiveLogSoftmaxWithLoss(16, 100, cutoffs: [10, 40])
/// let (output, loss) = asm(hidden, targets)    // log-probabilities of the targets, and their negated mean
/// ```
open class AdaptiveLogSoftmaxWithLoss: Module {
    /// Size of each input sample.
    public let inFeatures: Int
    /// Number of classes.
    public let nClasses: Int
    /// The cluster boundaries, ending with `nClasses`.
    public let cutoffs: [Int]
    /// How fast the tail projections shrink.
    public let divValue: Double
    /// Whether the head has a bias.
    public let headBias: Bool
    /// Scores the shortlist and the clusters.
    public let head: Linear
    /// One two-layer projection per cluster.
    public let tail: ModuleList<Sequential<Linear>>

    /// Classes scored by the head alone.
    public var shortlistSize: Int { cutoffs[0] }
    /// Number of tail clusters.
    public var nClusters: Int { cutoffs.count - 1 }

    /// A layer with PyTorch's defaults (`div_value=4.0, head_bias=False`), drawn from `generator` (the default
    /// generator when `nil`): the head first, then each cluster's two projections.
    public init(_ inFeatures: Int, _ nClasses: Int, cutoffs: [Int], divValue: Double = 4, headBias: Bool = false,
                dtype: DType = .float32, generator: Generator? = nil) {
        check(cutoffs == cutoffs.sorted() && cutoffs.first.map { $0 > 0 } ?? false
                && (cutoffs.last ?? 0) <= nClasses - 1 && Set(cutoffs).count == cutoffs.count,
              "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1")
        self.inFeatures = inFeatures
        self.nClasses = nClasses
        self.cutoffs = cutoffs + [nClasses]
        self.divValue = divValue
        self.headBias = headBias
        head = Linear(inFeatures, cutoffs[0] + cutoffs.count, bias: headBias, dtype: dtype, generator: generator)
        let all = cutoffs + [nClasses]
        tail = ModuleList((0..<cutoffs.count).map { index in
            let hidden = Int((Double(inFeatures) / Self.power(divValue, index + 1)).rounded(.down))
            return Sequential(Linear(inFeatures, hidden, bias: false, dtype: dtype, generator: generator),
                              Linear(hidden, all[index + 1] - all[index], bias: false, dtype: dtype,
                                     generator: generator))
        })
        super.init()
    }

    /// `value^exponent` as Python's `**` computes it for a float and an integer.
    private static func power(_ value: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1) { result, _ in result * value }
    }

    /// Needs targets: call ``callAsFunction(_:_:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        fatalError("AdaptiveLogSoftmaxWithLoss needs targets: call it as asm(input, target), or use logProb(_:)")
    }

    /// The log-probability of each target (`output`, `[N]` or 0-dim) and the loss, their negated mean.
    open func forward(_ input: Tensor, _ target: Tensor) -> (output: Tensor, loss: Tensor) {
        let batched = target.rank == 1
        if batched {
            check(input.rank == 2, "1D target tensor expects 2D input tensors, but found inputs with size \(input.shape)")
            check(input.shape[0] == target.shape[0],
                  "Input and target should have the same size in the batch dimension.")
        } else {
            check(target.rank == 0, "0D or 1D target tensor expected, multi-target not supported")
            check(input.rank == 1, "0D target tensor expects 1D input tensors, but found inputs with size \(input.shape)")
        }
        let rows = batched ? input : input.unsqueeze(0)
        let labels = (batched ? target : target.unsqueeze(0)).to(.int64).contiguous().toArray(of: Int64.self)
            .map { Int($0) }
        if labels.contains(where: { $0 < 0 || $0 >= nClasses }) {
            check(false, "Target values should be in [0, \(nClasses - 1)], but values in range [\(labels.min()!), \(labels.max()!)] were found. ")
        }
        let bounds = [0] + cutoffs
        // Each row's head column (its class in the shortlist, or its cluster's entry) and, for tail rows, the
        // log-probability within the cluster; pieces are gathered per cluster and put back in row order.
        var headColumns = labels, pieces: [Tensor] = [], order: [Int] = []
        for cluster in 0..<(bounds.count - 1) {
            let members = labels.indices.filter { labels[$0] >= bounds[cluster] && labels[$0] < bounds[cluster + 1] }
            guard !members.isEmpty else { continue }
            order += members
            if cluster == 0 {
                pieces.append(Tensor.zeros([members.count], dtype: input.dtype))
                continue
            }
            for row in members { headColumns[row] = shortlistSize + cluster - 1 }
            let subset = rows[Tensor(members.map(Int64.init))]
            let logProbabilities = tail[cluster - 1](subset).logSoftmax(dim: 1)
            let relative = Tensor(flat: members.map { Int64(labels[$0] - bounds[cluster]) }, shape: [members.count, 1])
            pieces.append(logProbabilities.gather(1, relative).squeeze(1))
        }
        var inverse = [Int64](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { inverse[row] = Int64(position) }
        let local = Tensor.cat(pieces)[Tensor(inverse)]
        let headLogProbabilities = head(rows).logSoftmax(dim: 1)
        let columns = Tensor(flat: headColumns.map(Int64.init), shape: [headColumns.count, 1])
        let output = local + headLogProbabilities.gather(1, columns).squeeze(1)
        let loss = (-output).mean()
        return (batched ? output : output.squeeze(0), loss)
    }

    /// The loss, with hooks.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> (output: Tensor, loss: Tensor) {
        callForward(forward, input, target, labels: ["input", "target"])
    }

    /// The log-probabilities of every class, `[N, nClasses]` (`log_prob`).
    open func logProb(_ input: Tensor) -> Tensor {
        let headLogProbabilities = head(input).logSoftmax(dim: 1)
        var parts = [headLogProbabilities[.all, 0..<shortlistSize]]
        for cluster in 0..<nClusters {
            let clusterLogProbabilities = tail[cluster](input).logSoftmax(dim: 1)
            parts.append(clusterLogProbabilities + headLogProbabilities[.all, (shortlistSize + cluster)..<(shortlistSize + cluster + 1)])
        }
        return Tensor.cat(parts, dim: 1)
    }

    /// The most likely class of each row (`predict`).
    open func predict(_ input: Tensor) -> Tensor { logProb(input).argmax(dim: 1) }
}
