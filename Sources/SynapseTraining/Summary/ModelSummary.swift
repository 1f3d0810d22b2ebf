import SynapseNN

/// What `summary(model, inputShape:)` found: one row per module call, in call order, and torchinfo's totals.
///
/// Printing it gives torchinfo's table (`torchinfo.summary(model, input_size,
/// col_names=("output_size", "num_params", "trainable"))`), character for character.
public struct ModelSummary: Sendable {
    /// One module as the forward pass met it.
    public struct Row: Sendable {
        /// The module's type (`Linear`).
        public let typeName: String
        /// How deep it sits: 0 for the model, 1 for its children, …
        public let depth: Int
        /// Its position among the rows of the same depth, counting from 1 (`Linear: 1-2`).
        public internal(set) var depthIndex = 0
        /// The shape of its output, or nil for a container that was not called itself.
        public internal(set) var outputShape: [Int]?
        /// Its parameters, its submodules' included (each shared parameter once).
        public let parameterCount: Int
        /// How many of those require gradients.
        public let trainableParameterCount: Int
        /// Whether the module was already listed (a layer called twice, a shared block).
        public let isRecursive: Bool
        /// Whether the module has no submodules.
        public let isLeaf: Bool
        /// Multiply-accumulate operations, torchinfo's estimate from parameter counts and output shape.
        public internal(set) var multAdds = 0
        /// Bytes of its output.
        var outputBytes = 0
        /// Bytes of its parameters.
        let parameterBytes: Int
        /// The rows below it, up to the next row at its depth or above.
        var children: [Int] = []

        /// `"True"`, `"False"`, `"Partial"` or `"--"` (no parameters), as torchinfo's Trainable column.
        public var trainable: String {
            if parameterCount == 0 { return "--" }
            if trainableParameterCount == 0 { return "False" }
            return parameterCount == trainableParameterCount ? "True" : "Partial"
        }
    }

    /// The rows, a container before its children.
    public let rows: [Row]
    /// Parameters of the model, each counted once.
    public let totalParameters: Int
    /// Parameters that require gradients.
    public let trainableParameters: Int
    /// Multiply-accumulates of one forward pass over the leaf layers.
    public let totalMultAdds: Int
    /// Bytes of the input's values (torchinfo also counts the 64 bytes of the Python storage object).
    public let inputBytes: Int
    /// Bytes of the outputs of the leaf layers with parameters, doubled for their gradients.
    public let forwardBackwardBytes: Int
    /// Bytes of the parameters.
    public let parameterBytes: Int
    /// Rows deeper than this are left out of the table (torchinfo's `depth`, 3 by default).
    public let maxDepth: Int

    init(rows: [Row], inputBytes: Int, maxDepth: Int) {
        var rows = rows
        var countPerDepth: [Int: Int] = [:]
        for index in rows.indices {
            countPerDepth[rows[index].depth, default: 0] += 1
            rows[index].depthIndex = countPerDepth[rows[index].depth]!
            let end = rows[(index + 1)...].firstIndex { $0.depth <= rows[index].depth } ?? rows.endIndex
            rows[index].children = Array((index + 1)..<end)
        }
        var total = 0, trainable = 0, multAdds = 0, outputBytes = 0, parameterBytes = 0
        for (index, row) in rows.enumerated() {
            if row.isLeaf {
                multAdds += row.multAdds
                if row.parameterCount > 0 { outputBytes += row.outputBytes * 2 }
                if row.isRecursive { continue }
                total += row.parameterCount
                trainable += row.trainableParameterCount
                parameterBytes += row.parameterBytes
            } else if !row.isRecursive {
                total += max(Self.leftover(index, in: rows, \.parameterCount), 0)
                trainable += max(Self.leftover(index, in: rows, \.trainableParameterCount), 0)
            }
        }
        (self.rows, self.inputBytes, self.maxDepth) = (rows, inputBytes, maxDepth)
        (totalParameters, trainableParameters, totalMultAdds) = (total, trainable, multAdds)
        (forwardBackwardBytes, self.parameterBytes) = (outputBytes, parameterBytes)
    }

    /// A container's parameters that none of its rows below account for (its own, directly held ones).
    static func leftover(_ index: Int, in rows: [Row], _ count: KeyPath<Row, Int>) -> Int {
        rows[index][keyPath: count] - rows[index].children.filter { !rows[$0].isRecursive }.reduce(0) { sum, child in
            sum + (rows[child].isLeaf ? rows[child][keyPath: count] : leftover(child, in: rows, count))
        }
    }
}

/// A torchinfo-style summary of `model`: runs one forward pass on zeros of `inputShape` (without gradients) with
/// hooks on every module, and lists each module's type, depth, output shape, parameter count and whether it
/// trains, then the totals and memory estimates.
///
/// ```swift
/// print(summary(net, inputShape: [1, 1, 28, 28]))
/// // Layer (type:depth-idx)                   Output Shape              Param #                   Trainable
/// // Sequential                               [1, 10]                   --                        True
/// // ├─Flatten: 1-1                           [1, 784]                  --                        --
/// // ├─Linear: 1-2                            [1, 256]                  200,960                   True
/// ```
public func summary(_ model: Module, inputShape: [Int], dtype: DType = .float32, maxDepth: Int = 3) -> ModelSummary {
    let recorder = SummaryRecorder()
    var handles: [RemovableHandle] = []
    func visit(_ module: Module, depth: Int, ancestors: [Module]) {
        let isNew = recorder.placement[ObjectIdentifier(module)] == nil
        recorder.placement[ObjectIdentifier(module)] = (depth, ancestors)
        if isNew {
            handles.append(module.registerForwardPreHook(withArguments: { module, _ in recorder.called(module) }))
            handles.append(module.registerForwardHook(withArguments: { module, _, output in
                recorder.returned(module, output)
            }))
        }
        for (_, child) in module.namedChildren() { visit(child, depth: depth + 1, ancestors: ancestors + [module]) }
    }
    visit(model, depth: 0, ancestors: [])
    defer { handles.forEach { $0.remove() } }
    let input = Tensor.zeros(inputShape, dtype: dtype)
    _ = noGrad { model(input) }
    return ModelSummary(rows: recorder.rowsWithContainers(), inputBytes: input.numel * dtype.itemSize,
                        maxDepth: maxDepth)
}

/// Collects the rows while the hooked forward pass runs.
private final class SummaryRecorder {
    /// Each module's depth and the modules above it, from the walk over the tree.
    var placement: [ObjectIdentifier: (depth: Int, ancestors: [Module])] = [:]
    private var rows: [(row: ModelSummary.Row, module: Module, ancestors: [Module])] = []
    private var listed: Set<ObjectIdentifier> = []
    private var open: [ObjectIdentifier: Int] = [:]

    func called(_ module: Module) {
        let (depth, ancestors) = placement[ObjectIdentifier(module)] ?? (0, [])
        open[ObjectIdentifier(module)] = rows.count
        rows.append((makeRow(module, depth: depth), module, ancestors))
    }

    func returned(_ module: Module, _ output: Any) {
        guard let index = open[ObjectIdentifier(module)], let tensor = firstTensor(in: output) else { return }
        rows[index].row.outputShape = tensor.shape
        rows[index].row.outputBytes = tensor.numel * tensor.dtype.itemSize
        rows[index].row.multAdds = multAdds(module, outputShape: tensor.shape)
    }

    private func makeRow(_ module: Module, depth: Int) -> ModelSummary.Row {
        let parameters = module.parameters()
        let trainable = parameters.filter(\.requiresGrad)
        let isRecursive = !listed.insert(ObjectIdentifier(module)).inserted
        return ModelSummary.Row(typeName: module.typeName, depth: depth,
            parameterCount: parameters.reduce(0) { $0 + $1.numel },
            trainableParameterCount: trainable.reduce(0) { $0 + $1.numel }, isRecursive: isRecursive,
            isLeaf: module.children().isEmpty, parameterBytes: parameters.reduce(0) { $0 + $1.numel * $1.dtype.itemSize })
    }

    /// torchinfo's estimate: a convolution's weight and bias count once per output position (batch and spatial),
    /// any other layer's once per batch element.
    private func multAdds(_ module: Module, outputShape: [Int]) -> Int {
        module.namedParameters().reduce(0) { total, named in
            let count = named.parameter.numel
            if named.name == "weight" || named.name == "bias" {
                let positions = module.typeName.contains("Conv")
                    ? outputShape.enumerated().filter { $0.offset != 1 }.reduce(1) { $0 * $1.element }
                    : outputShape.first ?? 1
                return total + count * positions
            }
            if named.name.contains("weight") || named.name.contains("bias") {
                return total + outputShape.prefix(2).reduce(1, *) * count
            }
            return total
        }
    }

    /// The rows, with every container whose children were called but which was not called itself inserted
    /// above them (a `ModuleList` iterated by its owner's forward), as torchinfo does.
    func rowsWithContainers() -> [ModelSummary.Row] {
        var result: [ModelSummary.Row] = []
        var current: [Int: Module] = [:]
        for entry in rows {
            for (offset, ancestor) in entry.ancestors.enumerated().dropFirst() where current[offset] !== ancestor {
                result.append(makeRow(ancestor, depth: offset))
                current[offset] = ancestor
            }
            current[entry.row.depth] = entry.module
            current = current.filter { $0.key <= entry.row.depth }
            result.append(entry.row)
        }
        return result
    }

    private func firstTensor(in output: Any) -> Tensor? {
        if let tensor = output as? Tensor { return tensor }
        return Mirror(reflecting: output).children.lazy.compactMap { $0.value as? Tensor }.first
    }
}
