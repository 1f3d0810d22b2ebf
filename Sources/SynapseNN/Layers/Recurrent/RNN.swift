/// The non-linearity of an Elman ``RNN`` or ``RNNCell``: `tanh` (the default) or `relu`.
public enum RecurrentNonlinearity: String, Sendable {
    /// `h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)`.
    case tanh
    /// `h' = relu(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)`.
    case relu
}

/// An Elman recurrent network (`torch.nn.RNN`): `h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)` (or
/// `relu`), stacked ``RNNBase/numLayers`` deep, optionally bidirectional, with PyTorch's keys, printout and
/// initialisation bit for bit from the same seed.
///
/// ```swift
/// let rnn = RNN(10, 20, numLayers: 2)
/// let (output, hN) = rnn(Tensor.randn([5, 3, 10]))     // output [5, 3, 20], hN [2, 3, 20]
/// ```
open class RNN: RNNBase {
    /// The non-linearity.
    public let nonlinearity: RecurrentNonlinearity

    /// A network of `numLayers` layers of `hiddenSize` features over inputs of `inputSize` features; every
    /// parameter drawn from `uniform_(±1/sqrt(hiddenSize))`, from `generator` (which also draws the dropout masks;
    /// the default generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, nonlinearity: RecurrentNonlinearity = .tanh,
                bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false,
                dtype: DType = .float32, generator: Generator? = nil) {
        self.nonlinearity = nonlinearity
        super.init(kind: nonlinearity == .tanh ? .rnnTanh : .rnnRelu, inputSize: inputSize, hiddenSize: hiddenSize,
                   numLayers: numLayers, bias: bias, batchFirst: batchFirst, dropout: dropout,
                   bidirectional: bidirectional, projSize: 0, dtype: dtype, generator: generator)
    }

    /// The output of the last layer for every step, `[T, B, D·H]` (`[B, T, D·H]` with ``RNNBase/batchFirst``,
    /// `[T, D·H]` unbatched), and the final hidden state of every layer and direction, `[L·D, B, H]`.
    open func forward(_ input: Tensor, _ hx: Tensor?) -> (output: Tensor, hN: Tensor) {
        let result = runPadded(input, hidden: hx, cell: nil, name: "RNN")
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
