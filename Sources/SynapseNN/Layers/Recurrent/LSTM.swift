/// A long short-term memory network (`torch.nn.LSTM`), with PyTorch's gates (i, f, g, o in that order in the
/// weights): `c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)`, `h' = σ(o) ⊙ tanh(c')`, and with ``RNNBase/projSize`` > 0
/// `h' ← h'·W_hrᵀ`; keys (`weight_hr_l0` for projections), printout and initialisation as PyTorch's.
///
/// ```swift
/// let lstm = LSTM(10, 20, numLayers: 2, dropout: 0.5)
/// let (output, (hN, cN)) = lstm(Tensor.randn([5, 3, 10]))   // output [5, 3, 20], hN and cN [2, 3, 20]
/// ```
open class LSTM: RNNBase {
    /// A network of `numLayers` layers of `hiddenSize` features over inputs of `inputSize` features; every
    /// parameter drawn from `uniform_(±1/sqrt(hiddenSize))`, from `generator` (which also draws the dropout masks;
    /// the default generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Double = 0, bidirectional: Bool = false, projSize: Int = 0, dtype: DType = .float32,
                generator: Generator? = nil) {
        super.init(kind: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                   batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, projSize: projSize,
                   dtype: dtype, generator: generator)
    }

    /// The output of the last layer for every step, `[T, B, D·H_out]` (`[B, T, D·H_out]` with
    /// ``RNNBase/batchFirst``, `[T, D·H_out]` unbatched), and the final hidden and cell states of every layer and
    /// direction, `[L·D, B, H_out]` and `[L·D, B, H]` (`H_out` is ``RNNBase/projSize`` when projecting).
    open func forward(_ input: Tensor, _ hx: (Tensor, Tensor)?) -> (output: Tensor, (hN: Tensor, cN: Tensor)) {
        let result = runPadded(input, hidden: hx?.0, cell: hx?.1, name: "LSTM")
        return (result.output, (result.hidden, result.cell!))
    }

    /// A packed batch: the output packed the same way, and the final states in the caller's order.
    open func forward(_ input: PackedSequence, _ hx: (Tensor, Tensor)?)
        -> (output: PackedSequence, (hN: Tensor, cN: Tensor)) {
        let (output, result) = runPacked(input, hidden: hx?.0, cell: hx?.1)
        return (output, (result.hidden, result.cell!))
    }

    /// Runs ``forward(_:_:)-(Tensor,_)`` through the module's hooks; `hx` (`h_0`, `c_0`) defaults to zeros.
    public func callAsFunction(_ input: Tensor, _ hx: (Tensor, Tensor)? = nil)
        -> (output: Tensor, (hN: Tensor, cN: Tensor)) {
        callForward(forward as (Tensor, (Tensor, Tensor)?) -> (output: Tensor, (hN: Tensor, cN: Tensor)), input, hx,
                    labels: ["input", "hx"])
    }

    /// Runs ``forward(_:_:)-(PackedSequence,_)`` through the module's hooks.
    public func callAsFunction(_ input: PackedSequence, _ hx: (Tensor, Tensor)? = nil)
        -> (output: PackedSequence, (hN: Tensor, cN: Tensor)) {
        callForward(forward as (PackedSequence, (Tensor, Tensor)?) -> (output: PackedSequence, (hN: Tensor, cN: Tensor)),
                    input, hx, labels: ["input", "hx"])
    }
}
