/// Which recurrence a recurrent layer or cell runs (PyTorch's `mode`: `RNN_TANH`, `RNN_RELU`, `LSTM`, `GRU`).
enum RecurrentKind: Sendable {
    case rnnTanh, rnnRelu, lstm, gru

    /// How many blocks of `hiddenSize` rows the input and hidden weights have (PyTorch's gate size).
    var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnRelu: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// PyTorch's name of the mode (`RNNBase.mode`).
    var modeName: String {
        switch self {
        case .rnnTanh: "RNN_TANH"
        case .rnnRelu: "RNN_RELU"
        case .lstm: "LSTM"
        case .gru: "GRU"
        }
    }
}

/// The weights of one direction of one layer (or of a cell): `x·W_ihᵀ + b_ih` feeds the gates, `h·W_hhᵀ + b_hh`
/// the recurrence, and an LSTM with projections multiplies its hidden state by `W_hrᵀ`.
struct RecurrentWeights {
    let inputHidden: Tensor
    let hiddenHidden: Tensor
    let inputBias: Tensor?
    let hiddenBias: Tensor?
    let projection: Tensor?
}

/// The state carried from one time step to the next: `h`, and `c` for an LSTM.
struct RecurrentState {
    var hidden: Tensor
    var cell: Tensor?

    /// Rows `range` of the batch (sequences that end, or that start in the reverse direction).
    func rows(_ range: Range<Int>) -> RecurrentState {
        RecurrentState(hidden: hidden[range], cell: cell?[range])
    }

    /// The states of `parts` stacked along the batch, in order.
    static func concatenating(_ parts: [RecurrentState]) -> RecurrentState {
        guard parts.count > 1 else { return parts[0] }
        let cells = parts.compactMap(\.cell)
        return RecurrentState(hidden: Tensor.cat(parts.map(\.hidden)),
                              cell: cells.isEmpty ? nil : Tensor.cat(cells))
    }
}

extension RecurrentKind {
    /// One time step from the input's share of the gates, `x·W_ihᵀ + b_ih` (computed for all steps at once by
    /// the layers), as ATen's cells compute it: gate order i, f, g, o for an LSTM and r, z, n for a GRU, with
    /// `n = tanh(x_n + r ⊙ (h·W_hnᵀ + b_hn))`.
    func step(inputGates: Tensor, _ state: RecurrentState, _ weights: RecurrentWeights) -> RecurrentState {
        let hiddenGates = Functional.linear(state.hidden, weight: weights.hiddenHidden, bias: weights.hiddenBias)
        switch self {
        case .rnnTanh:
            return RecurrentState(hidden: (inputGates + hiddenGates).tanh())
        case .rnnRelu:
            return RecurrentState(hidden: (inputGates + hiddenGates).relu())
        case .lstm:
            let gates = (inputGates + hiddenGates).chunk(4, dim: 1)
            let cell = gates[1].sigmoid() * state.cell! + gates[0].sigmoid() * gates[2].tanh()
            var hidden = gates[3].sigmoid() * cell.tanh()
            if let projection = weights.projection { hidden = hidden.matmul(projection.t()) }
            return RecurrentState(hidden: hidden, cell: cell)
        case .gru:
            let input = inputGates.chunk(3, dim: 1), recurrent = hiddenGates.chunk(3, dim: 1)
            let reset = (recurrent[0] + input[0]).sigmoid()
            let update = (recurrent[1] + input[1]).sigmoid()
            let candidate = (input[2] + reset * recurrent[2]).tanh()
            return RecurrentState(hidden: (state.hidden - candidate) * update + candidate)
        }
    }
}
