import Synchronization

/// A node of the backward graph: the function that turns the gradients of an operation's outputs into the
/// gradients of its inputs (PyTorch's `grad_fn`). Its ``name`` is PyTorch's (`AddmmBackward0`, `SumBackward0`…).
public class GradFn: CustomStringConvertible, @unchecked Sendable {
    /// PyTorch's name for this node, as printed in `grad_fn=<…>`.
    public let name: String
    /// Where each input's gradient goes: the producer's node and which of its outputs, or `nil` for inputs that
    /// don't need a gradient.
    var nextEdges: [Edge?]
    /// Creation order; the engine runs later nodes first, as PyTorch does.
    let sequenceNumber: Int
    /// Hooks on this node's outputs (tensor hooks of non-leaf tensors), by output index.
    var preHooks: [Int: [(id: Int, hook: (Tensor) -> Tensor?)]] = [:]

    // Engine scratch state, valid during one backward pass (the engine serialises passes).
    /// The pass that last visited this node.
    var visitedPass = 0
    /// Nodes that still have to send this node a gradient in the current pass.
    var pendingDependencies = 0
    /// Gradients received so far for each output, in the current pass.
    var gradientBuffer: [Tensor?] = []
    /// Whether the current `grad(outputs:inputs:)` pass needs this node to run.
    var isNeeded = true

    init(name: String, nextEdges: [Edge?]) {
        self.name = name
        self.nextEdges = nextEdges
        self.sequenceNumber = GradFn.counter.add(1, ordering: .relaxed).oldValue
    }

    private static let counter = Atomic<Int>(0)

    /// The nodes this one sends gradients to, with the producer's output index (`grad_fn.next_functions`).
    public var nextFunctions: [(GradFn?, Int)] { nextEdges.map { ($0?.node, $0?.inputNumber ?? 0) } }

    /// Computes input gradients from output gradients (`nil` for an output that received none).
    func apply(_ gradients: [Tensor?]) -> [Tensor?] { fatalError("\(name) has no backward formula") }

    /// Drops saved tensors after a backward pass without `retainGraph`.
    func releaseSavedTensors() {}

    public var description: String { "<\(name)>" }
}

/// An edge of the backward graph: a node and which of its outputs a tensor is, with the shape and dtype the
/// gradient sent along it must have (the input's), so gradients can be reduced and cast where they are produced.
struct Edge {
    let node: GradFn
    let inputNumber: Int
    let shape: [Int]
    let dtype: DType
}

/// A tensor an operation keeps for its backward formula, with the storage version at the time, so that an
/// in-place change made before backward is caught instead of silently giving a wrong gradient.
struct SavedTensor {
    private let tensor: Tensor
    private weak var output: Tensor?
    private let version: Int
    private let isOutput: Bool

    /// Saves an input (held strongly) or the operation's own output (held weakly, with a detached alias, to avoid
    /// a reference cycle through the output's `gradFn`).
    init(_ tensor: Tensor, isOutput: Bool = false) {
        self.isOutput = isOutput
        self.tensor = isOutput ? Tensor(sharing: tensor) : tensor
        self.output = isOutput ? tensor : nil
        self.version = tensor.storage.version
    }

    /// The saved tensor, checked against in-place modification.
    func unpack(for node: GradFn, index: Int) -> Tensor {
        check(tensor.storage.version == version,
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.\(tensor.dtype.scalarTypeName)Tensor \(Tensor.shapeString(tensor.shape))], which is \(isOutput ? "output" : "input") \(index) of \(node.name), is at version \(tensor.storage.version); expected version \(version) instead. Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!")
        if isOutput, let output { return output }
        return tensor
    }
}

/// A backward node defined by a formula over its saved tensors. Formulas capture only plain values (shapes,
/// scalars); tensors go through `saved`, so that releasing them frees the memory and in-place changes are caught.
final class FormulaGradFn: GradFn, @unchecked Sendable {
    private var saved: [SavedTensor]?
    private var formula: (([Tensor?], [Tensor]) -> [Tensor?])?

    /// `formula(outputGradients, savedTensors)` returns one gradient per input (`nil` where none is needed); they are
    /// reduced to each input's shape and cast to its dtype here.
    init(name: String, nextEdges: [Edge?], saved: [SavedTensor],
         formula: @escaping ([Tensor?], [Tensor]) -> [Tensor?]) {
        self.saved = saved
        self.formula = formula
        super.init(name: name, nextEdges: nextEdges)
    }

    override func apply(_ gradients: [Tensor?]) -> [Tensor?] {
        guard let saved, let formula else {
            fatalError("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
        }
        let tensors = saved.isEmpty ? [] : saved.enumerated().map { $1.unpack(for: self, index: $0) }
        var results = formula(gradients, tensors)
        for index in results.indices {
            guard index < nextEdges.count, let edge = nextEdges[index], let result = results[index] else {
                results[index] = nil
                continue
            }
            if result.shape != edge.shape || result.dtype != edge.dtype {
                results[index] = Autograd.conform(result, shape: edge.shape, dtype: edge.dtype)
            }
        }
        return results
    }

    override func releaseSavedTensors() {
        saved = nil
        formula = nil
    }
}

/// The node that adds incoming gradients into a leaf tensor's ``Tensor/grad``.
final class AccumulateGrad: GradFn, @unchecked Sendable {
    let variable: Tensor

    init(variable: Tensor) {
        self.variable = variable
        super.init(name: "AccumulateGrad", nextEdges: [])
    }

    override func apply(_ gradients: [Tensor?]) -> [Tensor?] {
        guard var incoming = gradients[0] else { return [] }
        for hook in variable.hooks {
            if let replaced = hook.hook(incoming) { incoming = replaced }
        }
        if !variable.shape.isEmpty || !incoming.shape.isEmpty {
            check(incoming.shape == variable.shape || incoming.numel == variable.numel,
                "Function AccumulateGrad returned an invalid gradient - got \(Tensor.shapeString(incoming.shape)) but expected shape compatible with \(Tensor.shapeString(variable.shape))")
        }
        let shaped = incoming.shape == variable.shape ? incoming : incoming.reshape(variable.shape)
        if let existing = variable.grad {
            if GradMode.isEnabled {
                variable.grad = existing + shaped
            } else {
                _ = BinaryKernels.arithmetic(.add, existing, shaped, into: existing)
            }
        } else if GradMode.isEnabled {
            variable.grad = shaped.to(variable.dtype)
        } else {
            // A copy: the incoming gradient may be shared with other leaves (an addition passes it to both).
            variable.grad = shaped.contiguous(dtype: variable.dtype)
        }
        return []
    }
}
