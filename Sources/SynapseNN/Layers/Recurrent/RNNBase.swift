/// What ``RNN``, ``LSTM`` and ``GRU`` share (`torch.nn.RNNBase`): the settings, the parameters `weight_ih_l0`,
/// `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0` (and `weight_hr_l0` for an LSTM with projections), `…_reverse` for
/// the second direction, registered layer by layer in PyTorch's order, their initialisation, the printout, the
/// input checks and the recurrence over padded or packed batches.
open class RNNBase: Module {
    /// The recurrence.
    let kind: RecurrentKind
    /// PyTorch's name of the recurrence: `RNN_TANH`, `RNN_RELU`, `LSTM` or `GRU`.
    public var mode: String { kind.modeName }
    /// The number of features of each input step.
    public let inputSize: Int
    /// The number of features of the hidden state (of the cell state for an LSTM with projections).
    public let hiddenSize: Int
    /// The number of stacked layers; layer `l + 1` reads layer `l`'s output.
    public let numLayers: Int
    /// Whether the layers have `bias_ih` and `bias_hh`.
    public let bias: Bool
    /// Whether inputs and outputs are `[B, T, *]` rather than `[T, B, *]` (hidden states are always `[L·D, B, H]`).
    public let batchFirst: Bool
    /// The probability of zeroing each output element of every layer but the last, in training (so it has no
    /// effect with one layer, which PyTorch warns about and Synapse, printing nothing, only documents).
    public let dropout: Double
    /// Whether each layer also runs from the last step to the first, its output concatenated to the forward one.
    public let bidirectional: Bool
    /// The size of an LSTM's projected hidden state (`0`: no projection).
    public let projSize: Int
    /// The parameters' names, in registration order (`_flat_weights_names`).
    public let flatWeightsNames: [String]
    /// Where initial values and dropout masks are drawn from (the default generator when `nil`).
    let generator: Generator?

    /// The number of directions, 1 or 2.
    var directions: Int { bidirectional ? 2 : 1 }
    /// The size of the hidden state `h`: ``projSize`` when projecting, else ``hiddenSize``.
    var outputHiddenSize: Int { projSize > 0 ? projSize : hiddenSize }

    init(kind: RecurrentKind, inputSize: Int, hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool,
         dropout: Double, bidirectional: Bool, projSize: Int, dtype: DType, generator: Generator?) {
        check(dropout >= 0 && dropout <= 1, "dropout should be a number in range [0, 1] representing the "
            + "probability of an element being zeroed")
        check(inputSize > 0, "input_size must be greater than zero")
        check(hiddenSize > 0, "hidden_size must be greater than zero")
        check(numLayers > 0, "num_layers must be greater than zero")
        check(projSize >= 0, "proj_size should be a positive integer or zero to disable projections")
        check(projSize < hiddenSize, "proj_size has to be smaller than hidden_size")
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
        self.projSize = projSize
        self.generator = generator
        let directions = bidirectional ? 2 : 1
        let gateSize = kind.gateCount * hiddenSize, realHidden = projSize > 0 ? projSize : hiddenSize
        var shapes: [(String, [Int])] = []
        for layer in 0..<numLayers {
            let layerInput = layer == 0 ? inputSize : realHidden * directions
            for direction in 0..<directions {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                shapes.append(("weight_ih" + suffix, [gateSize, layerInput]))
                shapes.append(("weight_hh" + suffix, [gateSize, realHidden]))
                if bias {
                    shapes.append(("bias_ih" + suffix, [gateSize]))
                    shapes.append(("bias_hh" + suffix, [gateSize]))
                }
                if projSize > 0 { shapes.append(("weight_hr" + suffix, [projSize, hiddenSize])) }
            }
        }
        flatWeightsNames = shapes.map(\.0)
        super.init()
        for (name, shape) in shapes {
            do { try registerParameter(name, Parameter(Tensor.empty(shape, dtype: dtype))) } catch {
                fatalError(error.description)
            }
        }
        resetParameters(generator: generator)
    }

    /// Re-draws every parameter, in ``Module/parameters(recurse:)`` order, from `uniform_(±1/sqrt(hiddenSize))`
    /// (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        let bound = 1 / Double(hiddenSize).squareRoot()
        for parameter in parameters() { Init.uniform_(parameter, -bound, bound, generator: generator) }
    }

    /// The parameters of each layer and direction, by name (`all_weights`).
    public var allWeights: [[Parameter]] {
        let perDirection = flatWeightsNames.count / (numLayers * directions)
        return stride(from: 0, to: flatWeightsNames.count, by: perDirection).map { start in
            flatWeightsNames[start..<(start + perDirection)].map(parameter(named:))
        }
    }

    /// The registered parameter `name` as it is now (a load with `assign` may have replaced it).
    private func parameter(named name: String) -> Parameter {
        guard let parameter = registeredParameters[name], let parameter else {
            fatalError("\(typeName) has no parameter '\(name)'")
        }
        return parameter
    }

    /// The weights of `layer` in `direction` (0 forward, 1 reverse).
    private func weights(layer: Int, direction: Int) -> RecurrentWeights {
        let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
        return RecurrentWeights(
            inputHidden: parameter(named: "weight_ih" + suffix), hiddenHidden: parameter(named: "weight_hh" + suffix),
            inputBias: bias ? parameter(named: "bias_ih" + suffix) : nil,
            hiddenBias: bias ? parameter(named: "bias_hh" + suffix) : nil,
            projection: projSize > 0 ? parameter(named: "weight_hr" + suffix) : nil)
    }

    /// `10, 20, num_layers=2, batch_first=True, dropout=0.5, bidirectional=True`, naming only what differs from
    /// the defaults.
    open override var extraRepr: String {
        var text = "\(inputSize), \(hiddenSize)"
        if projSize != 0 { text += ", proj_size=\(projSize)" }
        if numLayers != 1 { text += ", num_layers=\(numLayers)" }
        if !bias { text += ", bias=False" }
        if batchFirst { text += ", batch_first=True" }
        if dropout != 0 { text += ", dropout=\(PythonFormat.repr(dropout))" }
        if bidirectional { text += ", bidirectional=True" }
        return text
    }

    // MARK: Running

    /// The output and final states of a recurrence: `hidden` `[L·D, B, H_out]`, `cell` `[L·D, B, H]` for an LSTM.
    struct Result {
        var output: Tensor
        var hidden: Tensor
        var cell: Tensor?
    }

    /// Runs a padded batch `[T, B, I]` (`[B, T, I]` with ``batchFirst``, `[T, I]` unbatched) from the given
    /// initial states (zeros when `nil`), as PyTorch's `forward` does for a tensor. `name` starts the messages
    /// (`"LSTM"`).
    func runPadded(_ input: Tensor, hidden: Tensor?, cell: Tensor?, name: String) -> Result {
        check(input.rank == 2 || input.rank == 3,
              "\(name): Expected input to be 2D or 3D, got \(input.rank)D\(kind == .lstm ? "" : " tensor") instead")
        let batched = input.rank == 3
        let states = [hidden, cell].compactMap { $0 }
        if kind == .lstm, !states.isEmpty {
            let ranks = states.map(\.rank), wanted = batched ? 3 : 2
            check(ranks.allSatisfy { $0 == wanted }, batched
                ? "For batched 3-D input, hx and cx should also be 3-D but got (\(ranks[0])-D, \(ranks[1])-D) tensors"
                : "For unbatched 2-D input, hx and cx should also be 2-D but got (\(ranks[0])-D, \(ranks[1])-D) tensors")
        } else if let hidden {
            check(hidden.rank == (batched ? 3 : 2), batched
                ? "For batched 3-D input, hx should also be 3-D but got \(hidden.rank)-D tensor"
                : "For unbatched 2-D input, hx should also be 2-D but got \(hidden.rank)-D tensor")
        }
        let steps = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1)
        let (length, batch) = (steps.shape[0], steps.shape[1])
        checkInput(steps, packed: false)
        check(length > 0 && batch > 0, "\(name): expected at least one time step and one sequence, got input of "
            + "shape \(input.shape)")
        let initial = initialStates(hidden: batched ? hidden : hidden?.unsqueeze(1),
                                    cell: batched ? cell : cell?.unsqueeze(1), batch: batch, dtype: input.dtype)
        var result = run(steps.reshape([length * batch, inputSize]), Array(repeating: batch, count: length), initial)
        result.output = result.output.view([length, batch, result.output.shape[1]])
        if !batched {
            return Result(output: result.output.squeeze(1), hidden: result.hidden.squeeze(1),
                          cell: result.cell?.squeeze(1))
        }
        if batchFirst { result.output = result.output.transpose(0, 1) }
        return result
    }

    /// Runs a packed batch from the given initial states (in the caller's order; zeros when `nil`), as PyTorch's
    /// `forward` does for a ``PackedSequence``: the output has the input's layout, the final states the caller's
    /// order.
    func runPacked(_ input: PackedSequence, hidden: Tensor?, cell: Tensor?) -> (PackedSequence, Result) {
        let sorted = input.sortedIndices
        checkInput(input.data, packed: true)
        let initial = initialStates(hidden: sorted.map { hidden?[.all, $0] } ?? hidden,
                                    cell: sorted.map { cell?[.all, $0] } ?? cell,
                                    batch: input.sizes[0], dtype: input.data.dtype)
        var result = run(input.data, input.sizes, initial)
        if let unsorted = input.unsortedIndices {
            result.hidden = result.hidden[.all, unsorted]
            result.cell = result.cell?[.all, unsorted]
        }
        return (input.replacingData(result.output), result)
    }

    /// PyTorch's `check_input`: the weights' dtype, 3 dimensions (2 for packed data), `inputSize` features.
    private func checkInput(_ input: Tensor, packed: Bool) {
        let weightType = parameter(named: flatWeightsNames[0]).dtype
        check(input.dtype == weightType, "RNN input dtype (\(input.dtype)) does not match weight dtype "
            + "(\(weightType)). Convert input: input.to(\(weightType)), or convert model: model.to(\(input.dtype))")
        let expectedRank = packed ? 2 : 3
        check(input.rank == expectedRank, "input must have \(expectedRank) dimensions, got \(input.rank)")
        check(input.shape[input.rank - 1] == inputSize, "input.size(-1) must be equal to input_size. Expected "
            + "\(inputSize), got \(input.shape[input.rank - 1])")
    }

    /// The initial state of each layer and direction: the given ones after PyTorch's size checks, or zeros.
    private func initialStates(hidden: Tensor?, cell: Tensor?, batch: Int, dtype: DType) -> [RecurrentState] {
        let count = numLayers * directions
        let hiddenShape = [count, batch, outputHiddenSize], cellShape = [count, batch, hiddenSize]
        let lstm = kind == .lstm
        let h = hidden ?? Tensor.zeros(hiddenShape, dtype: dtype)
        check(h.shape == hiddenShape, "Expected hidden\(lstm ? "[0]" : "") size \(Self.pythonTuple(hiddenShape)), "
            + "got \(h.shape)")
        var c: Tensor?
        if lstm {
            let given = cell ?? Tensor.zeros(cellShape, dtype: dtype)
            check(given.shape == cellShape, "Expected hidden[1] size \(Self.pythonTuple(cellShape)), got \(given.shape)")
            c = given
        }
        return (0..<count).map { RecurrentState(hidden: h[$0], cell: c?[$0]) }
    }

    /// `(2, 3, 20)`.
    private static func pythonTuple(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The stack of layers over rows laid out by `batchSizes`.
    private func run(_ data: Tensor, _ batchSizes: [Int], _ initial: [RecurrentState]) -> Result {
        let stack = RecurrentStack(
            kind: kind,
            weights: (0..<numLayers).map { layer in (0..<directions).map { weights(layer: layer, direction: $0) } },
            dropout: dropout, training: training, generator: generator)
        let (output, finals) = stack.run(data, batchSizes: batchSizes, initial: initial)
        let cells = finals.compactMap(\.cell)
        return Result(output: output, hidden: Tensor.stack(finals.map(\.hidden)),
                      cell: cells.isEmpty ? nil : Tensor.stack(cells))
    }
}
