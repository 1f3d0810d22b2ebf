/// One step of an Elman recurrence (`torch.nn.RNNCell`): `h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)` (or `relu`).
///
/// ```swift
/// let cell = RNNCell(10, 20)
/// var h = Tensor.zeros([3, 20])
/// for x in inputs { h = cell(x, h) }
/// ```
open class RNNCell: RNNCellBase {
    /// The non-linearity.
    public let nonlinearity: RecurrentNonlinearity

    /// A cell of `hiddenSize` features over inputs of `inputSize` features, drawn from `generator` (the default
    /// generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, nonlinearity: RecurrentNonlinearity = .tanh,
                dtype: DType = .float32, generator: Generator? = nil) {
        self.nonlinearity = nonlinearity
        super.init(kind: nonlinearity == .tanh ? .rnnTanh : .rnnRelu, inputSize: inputSize, hiddenSize: hiddenSize,
                   bias: bias, dtype: dtype, generator: generator)
    }

    /// The next hidden state `[B, H]` (`[H]` unbatched) from `hx` (zeros when `nil`).
    open func forward(_ input: Tensor, _ hx: Tensor?) -> Tensor {
        step(input, hx.map { [$0] }, name: "RNNCell").hidden
    }

    /// Runs ``forward(_:_:)`` through the module's hooks.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor? = nil) -> Tensor {
        callForward(forward as (Tensor, Tensor?) -> Tensor, input, hx, labels: ["input", "hx"])
    }

    /// `10, 20`, then `bias=False` and `nonlinearity=relu` when they are not the defaults.
    open override var extraRepr: String {
        super.extraRepr + (nonlinearity == .tanh ? "" : ", nonlinearity=\(nonlinearity.rawValue)")
    }
}

/// One step of an LSTM (`torch.nn.LSTMCell`): gates i, f, g, o from `x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh`,
/// `c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)`, `h' = σ(o) ⊙ tanh(c')`.
open class LSTMCell: RNNCellBase {
    /// A cell of `hiddenSize` features over inputs of `inputSize` features, drawn from `generator` (the default
    /// generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType = .float32,
                generator: Generator? = nil) {
        super.init(kind: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype,
                   generator: generator)
    }

    /// The next hidden and cell states `[B, H]` (`[H]` unbatched) from `hx` (zeros when `nil`).
    open func forward(_ input: Tensor, _ hx: (Tensor, Tensor)?) -> (Tensor, Tensor) {
        let next = step(input, hx.map { [$0.0, $0.1] }, name: "LSTMCell")
        return (next.hidden, next.cell!)
    }

    /// Runs ``forward(_:_:)`` through the module's hooks.
    public func callAsFunction(_ input: Tensor, _ hx: (Tensor, Tensor)? = nil) -> (Tensor, Tensor) {
        callForward(forward as (Tensor, (Tensor, Tensor)?) -> (Tensor, Tensor), input, hx, labels: ["input", "hx"])
    }
}

/// One step of a GRU (`torch.nn.GRUCell`): gates r, z, n with `n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))`
/// and `h' = (1 − z) ⊙ n + z ⊙ h`.
open class GRUCell: RNNCellBase {
    /// A cell of `hiddenSize` features over inputs of `inputSize` features, drawn from `generator` (the default
    /// generator when `nil`).
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, dtype: DType = .float32,
                generator: Generator? = nil) {
        super.init(kind: .gru, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias, dtype: dtype,
                   generator: generator)
    }

    /// The next hidden state `[B, H]` (`[H]` unbatched) from `hx` (zeros when `nil`).
    open func forward(_ input: Tensor, _ hx: Tensor?) -> Tensor {
        step(input, hx.map { [$0] }, name: "GRUCell").hidden
    }

    /// Runs ``forward(_:_:)`` through the module's hooks.
    public func callAsFunction(_ input: Tensor, _ hx: Tensor? = nil) -> Tensor {
        callForward(forward as (Tensor, Tensor?) -> Tensor, input, hx, labels: ["input", "hx"])
    }
}
