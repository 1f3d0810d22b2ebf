/// What ``RNNCell``, ``LSTMCell`` and ``GRUCell`` share (`torch.nn.RNNCellBase`): one time step of a recurrence,
/// with parameters `weight_ih` `[G·H, inputSize]`, `weight_hh` `[G·H, H]`, `bias_ih` and `bias_hh` `[G·H]` (G gates),
/// all drawn from `uniform_(±1/sqrt(hiddenSize))` in that order.
open class RNNCellBase: Module {
    /// The recurrence.
    let kind: RecurrentKind
    /// The number of features of the input.
    public let inputSize: Int
    /// The number of features of the hidden state.
    public let hiddenSize: Int
    /// Input-to-gates weights, `[G·H, inputSize]`.
    public var weightIh: Parameter
    /// Hidden-to-gates weights, `[G·H, H]`.
    public var weightHh: Parameter
    /// Input-to-gates bias, `[G·H]`, or `nil` without bias.
    public var biasIh: Parameter?
    /// Hidden-to-gates bias, `[G·H]`, or `nil` without bias.
    public var biasHh: Parameter?

    /// Whether the cell has biases.
    public var bias: Bool { biasIh != nil }

    init(kind: RecurrentKind, inputSize: Int, hiddenSize: Int, bias: Bool, dtype: DType, generator: Generator?) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let gates = kind.gateCount * hiddenSize
        weightIh = Parameter(Tensor.empty([gates, inputSize], dtype: dtype))
        weightHh = Parameter(Tensor.empty([gates, hiddenSize], dtype: dtype))
        biasIh = bias ? Parameter(Tensor.empty([gates], dtype: dtype)) : nil
        biasHh = bias ? Parameter(Tensor.empty([gates], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// Re-draws every parameter, in order, from `uniform_(±1/sqrt(hiddenSize))` (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        let bound = 1 / Double(hiddenSize).squareRoot()
        for parameter in parameters() { Init.uniform_(parameter, -bound, bound, generator: generator) }
    }

    /// PyTorch's keys for the Swift property names.
    open override class func memberName(forProperty property: String) -> String {
        switch property {
        case "weightIh": "weight_ih"
        case "weightHh": "weight_hh"
        case "biasIh": "bias_ih"
        case "biasHh": "bias_hh"
        default: super.memberName(forProperty: property)
        }
    }

    /// `10, 20`, then `bias=False` without bias.
    open override var extraRepr: String { "\(inputSize), \(hiddenSize)" + (bias ? "" : ", bias=False") }

    /// One step for a 2-D input `[B, inputSize]` (or 1-D unbatched) from `states` (`h`, and `c` for an LSTM;
    /// zeros when `nil`), with PyTorch's checks; `name` starts the messages (`"GRUCell"`).
    func step(_ input: Tensor, _ states: [Tensor]?, name: String) -> RecurrentState {
        check(input.rank == 1 || input.rank == 2, "\(name): Expected input to be 1D or 2D, got \(input.rank)D instead")
        for (index, state) in (states ?? []).enumerated() {
            check(state.rank == 1 || state.rank == 2, "\(name): Expected "
                + (kind == .lstm ? "hx[\(index)]" : "hidden") + " to be 1D or 2D, got \(state.rank)D instead")
        }
        let batched = input.rank == 2
        let rows = batched ? input : input.unsqueeze(0)
        check(rows.shape[1] == inputSize, "input has inconsistent input_size: got \(rows.shape[1]) expected \(inputSize)")
        check(rows.dtype == weightIh.dtype, "mat1 and mat2 must have the same dtype, but got "
            + "\(rows.dtype.scalarTypeName) and \(weightIh.dtype.scalarTypeName)")
        let zeros = Tensor.zeros([rows.shape[0], hiddenSize], dtype: rows.dtype)
        let given = states?.map { batched ? $0 : $0.unsqueeze(0) } ?? Array(repeating: zeros, count: kind == .lstm ? 2 : 1)
        for (index, state) in given.enumerated() {
            check(state.shape[0] == rows.shape[0],
                  "Input batch size \(rows.shape[0]) doesn't match hidden\(index) batch size \(state.shape[0])")
            check(state.shape[1] == hiddenSize,
                  "hidden\(index) has inconsistent hidden_size: got \(state.shape[1]), expected \(hiddenSize)")
        }
        let weights = RecurrentWeights(inputHidden: weightIh, hiddenHidden: weightHh, inputBias: biasIh,
                                       hiddenBias: biasHh, projection: nil)
        let gates = Functional.linear(rows, weight: weightIh, bias: biasIh)
        let next = kind.step(inputGates: gates, RecurrentState(hidden: given[0], cell: given.count > 1 ? given[1] : nil),
                             weights)
        return batched ? next : RecurrentState(hidden: next.hidden.squeeze(0), cell: next.cell?.squeeze(0))
    }
}
