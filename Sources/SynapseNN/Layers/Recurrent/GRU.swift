/// A gated recurrent unit network (`torch.nn.GRU`), with PyTorch's gates (r, z, n in that order in the weights):
/// `r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr)`, `z = σ(…)`, `n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))`,
/// `h' = (1 − z) ⊙ n + z ⊙ h`; keys, printout and initialisation as PyTorch's.
///
/// ```swift
/// let gru = GRU(10, 20, numLayers: 2, batchFirst: true)
/// let (output, hN) = gru(Tensor.randn([3, 5, 10]))    // output [3, 5, 20], hN [2, 3, 20]
/// ```
open class GRU: RNNBase {
    /// A network of `numLayers` layers of `hiddenSize` features over inputs of `inputSize` features; every
    /// parameter drawn from `uniform_(±1/sqrt(hiddenSize))`, from `generator` (which also draws the dropout masks;
    /// the default generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32, generator: Generator? = nil) {
        super.init(kind: .gru, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                   batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, projSize: 0, dtype: dtype,
                   generator: generator)
    }

    /// The output of the last layer for every step, `[T, B, D·H]` (`[B, T, D·H]` with ``RNNBase/batchFirst``,
    /// `[T, D·H]` unbatched), and the final hidden state of every layer and direction, `[L·D, B, H]`.
    open func forward(_ input: Tensor, _ hx: Tensor?) -> (output: Tensor, hN: Tensor) {
        let result = runPadded(input, hidden: hx, cell: nil, name: "GRU")
        return (result.output, result.hidden)
    }

    /// A packed batch: the output packed the same way, and the final hidden states in the caller's order.
    open func forward(_ input: PackedSequence, _ hx: Tensor?) -> (output: PackedSequence, hN: Tensor) {
        let (output, result) = runPacked(input, hidden: hx, cell: nil)
        return (output, result.hidden)
    }

    /// Runs ``forward(_:_:)-(Tensor,_)`` through the module's hooks; `hx` `[L·D, B, H]` defaults to zeros.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor? = nil) -> (output: Tensor, hN: Tensor) {
        callForward(forward as (Tensor, Tensor?) -> (output: Tensor, hN: Tensor), input, hx, labels: ["input", "hx"])
    }

    /// Runs ``forward(_:_:)-(PackedSequence,_)`` through the module's hooks.
    public func callAsFunction(_ input: PackedSequence, _ hx: Tensor? = nil) -> (output: PackedSequence, hN: Tensor) {
        callForward(forward as (PackedSequence, Tensor?) -> (output: PackedSequence, hN: Tensor), input, hx,
                    labels: ["input", "hx"])
    }
}
