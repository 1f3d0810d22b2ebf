import CSynapseKernels

/// A node of the backward graph: the function that turns the gradients of an operation's outputs into the
/// gradients of its inputs (PyTorch's `grad_fn`). Its ``name`` is PyTorch's (`AddmmBackward0`, `SumBackward0`…).
public class GradFn: CustomStringConvertible, @unchecked Sendable {
    /// PyTorch's name for this node, as printed in `grad_fn=<…>`.
    public let name: String
    /// Number of inputs: one edge each (``edge(_:)``), `nil` for an input that doesn't need a gradient.
    let edgeCount: Int
    // `@exclusivity(unchecked)`: no runtime exclusivity check on the engine's hot bookkeeping (see `Tensor`).
    // The first three edges are fields (almost every node has at most three inputs): an array would be one more
    // allocation per node, and freeing it goes through the runtime's generic element destruction.
    @exclusivity(unchecked) private var edge0: Edge?
    @exclusivity(unchecked) private var edge1: Edge?
    @exclusivity(unchecked) private var edge2: Edge?
    /// Edges 3 and beyond.
    @exclusivity(unchecked) private var moreEdges: [Edge?]
    /// The shape and dtype of the operation's output 0, which a gradient sent to this node's output 0 must have
    /// (PyTorch's `input_metadata`): kept here, where the gradient arrives, rather than on every edge leading here.
    let outputShape: [Int]
    /// See ``outputShape``.
    let outputDType: DType
    /// Shapes and dtypes of outputs 1… (multi-output nodes only).
    let otherOutputLayouts: [(shape: [Int], dtype: DType)]
    /// Creation order on the creating thread (as PyTorch numbers nodes); the engine runs later nodes first.
    let sequenceNumber: Int
    /// Hooks on this node's outputs (tensor hooks of non-leaf tensors), by output index.
    @exclusivity(unchecked) var preHooks: [Int: [(id: Int, hook: (Tensor) -> Tensor?)]] = [:]

    // Engine scratch state, valid during one backward pass (the engine serialises passes).
    /// The pass that last visited this node.
    @exclusivity(unchecked) var visitedPass = 0
    /// Nodes that still have to send this node a gradient in the current pass.
    @exclusivity(unchecked) var pendingDependencies = 0
    /// The gradient received so far for output 0, in the current pass (a field, not an array: most nodes have
    /// one output, and an array per node and pass is a measurable cost on small models).
    @exclusivity(unchecked) var firstGradient: Tensor?
    /// Gradients received so far for outputs 1…, in the current pass (multi-output nodes only).
    @exclusivity(unchecked) var otherGradients: [Tensor?] = []
    /// Whether the current `grad(outputs:inputs:)` pass needs this node to run.
    @exclusivity(unchecked) var isNeeded = true

    /// A node with `edgeCount` inputs, all without an edge until ``setEdge(_:_:)``, for an operation whose
    /// outputs are `output` and `otherOutputs`.
    init(name: String, edgeCount: Int, output: Tensor, otherOutputs: [Tensor] = [], sequenceNumber: Int? = nil) {
        self.name = name
        self.edgeCount = edgeCount
        self.outputShape = output.shape
        self.outputDType = output.dtype
        self.otherOutputLayouts = otherOutputs.map { ($0.shape, $0.dtype) }
        self.moreEdges = edgeCount > 3 ? Array(repeating: nil, count: edgeCount - 3) : []
        self.sequenceNumber = sequenceNumber ?? Int(synapse_next_sequence_number())
    }

    /// Edge `index`: where input `index`'s gradient goes (the producer's node and which of its outputs), or
    /// `nil` when that input doesn't need one.
    @inline(__always)
    func edge(_ index: Int) -> Edge? {
        switch index {
        case 0: edge0
        case 1: edge1
        case 2: edge2
        default: moreEdges[index - 3]
        }
    }

    /// Edge `index`'s node, unretained, and which of its outputs the edge leads to; `nil` when input `index` has
    /// no edge. For the engine, which holds the graph for the whole pass: reading an edge this way costs no
    /// reference counting, which on small models is a large part of a backward pass.
    @inline(__always)
    func edgeTarget(_ index: Int) -> (node: Unmanaged<GradFn>, output: Int)? {
        switch index {
        case 0: edge0.map { (Unmanaged.passUnretained($0.node), $0.inputNumber) }
        case 1: edge1.map { (Unmanaged.passUnretained($0.node), $0.inputNumber) }
        case 2: edge2.map { (Unmanaged.passUnretained($0.node), $0.inputNumber) }
        default: moreEdges[index - 3].map { (Unmanaged.passUnretained($0.node), $0.inputNumber) }
        }
    }

    /// The shape a gradient sent to this node's output `output` must have.
    @inline(__always)
    func gradientShape(forOutput output: Int) -> [Int] {
        output == 0 ? outputShape : otherOutputLayouts[output - 1].shape
    }

    /// The dtype a gradient sent to this node's output `output` must have.
    @inline(__always)
    func gradientDType(forOutput output: Int) -> DType {
        output == 0 ? outputDType : otherOutputLayouts[output - 1].dtype
    }

    /// Whether input `index` has an edge (needs a gradient).
    @inline(__always)
    func hasEdge(_ index: Int) -> Bool {
        switch index {
        case 0: edge0 != nil
        case 1: edge1 != nil
        case 2: edge2 != nil
        default: moreEdges[index - 3] != nil
        }
    }

    /// Sets edge `index`, while the node is being built.
    @inline(__always)
    func setEdge(_ index: Int, _ edge: Edge?) {
        switch index {
        case 0: edge0 = edge
        case 1: edge1 = edge
        case 2: edge2 = edge
        default: moreEdges[index - 3] = edge
        }
    }

    /// Connects input `index` to each of `inputs`' producers (`nil` for inputs that don't need a gradient).
    @inline(__always)
    func connect(to inputs: [Tensor]) {
        for index in inputs.indices { setEdge(index, inputs[index].gradientEdge()) }
    }

    /// The nodes this one sends gradients to, with the producer's output index (`grad_fn.next_functions`).
    public var nextFunctions: [(GradFn?, Int)] {
        (0..<edgeCount).map { index in (edge(index)?.node, edge(index)?.inputNumber ?? 0) }
    }

    /// The gradient received for `output` in the current pass.
    func receivedGradient(_ output: Int) -> Tensor? {
        output == 0 ? firstGradient : (output - 1 < otherGradients.count ? otherGradients[output - 1] : nil)
    }

    /// Replaces the gradient received for `output`.
    func setReceivedGradient(_ output: Int, _ gradient: consuming Tensor?) {
        if output == 0 {
            firstGradient = gradient
            return
        }
        if otherGradients.count < output { otherGradients += Array(repeating: nil, count: output - otherGradients.count) }
        otherGradients[output - 1] = gradient
    }

    /// The gradient received for output 0, moved out of the node (which no longer holds it): for formulas, so
    /// that the gradient isn't retained again and can be freed as soon as the formula is done with it.
    @inline(__always)
    func takeFirstGradient() -> Tensor? { firstGradient.take() }

    /// Forgets the received gradients.
    func clearReceivedGradients() {
        if firstGradient != nil { firstGradient = nil }
        if !otherGradients.isEmpty { otherGradients = [] }
    }

    /// Computes input gradients from the received output gradients (``receivedGradient(_:)``, `nil` for an output
    /// that received none).
    func apply() -> InputGradients { fatalError("\(name) has no backward formula") }

    /// Drops saved tensors after a backward pass without `retainGraph`.
    func releaseSavedTensors() {}

    public var description: String { "<\(name)>" }
}

/// An edge of the backward graph: a node and which of its outputs a tensor is. The shape and dtype the gradient
/// sent along it must have are the node's (``GradFn/gradientShape(forOutput:)``), so gradients can be reduced
/// and cast where they are produced; an edge holds a single reference, cheap to copy.
struct Edge {
    let node: GradFn
    let inputNumber: Int
}

/// A tensor an operation keeps for its backward formula, with the storage version at the time, so that an
/// in-place change made before backward is caught instead of silently giving a wrong gradient.
///
/// The operation's own output is kept as a detached alias (holding the output itself would make a reference cycle
/// through its `gradFn`); as in PyTorch, it is handed back with the node as its `gradFn` when a formula runs in grad
/// mode (`createGraph`), so that second derivatives flow through it.
struct SavedTensor {
    private let tensor: Tensor
    private let version: Int
    private let isOutput: Bool

    /// Saves an input, or with `isOutput` the operation's own output.
    init(_ tensor: Tensor, isOutput: Bool = false) {
        self.isOutput = isOutput
        self.tensor = isOutput ? Tensor(sharing: tensor) : tensor
        self.version = tensor.storage.version
    }

    /// Stops with PyTorch's message when the tensor was modified in place after it was saved.
    func checkVersion(for node: GradFn, index: Int) {
        // A plain test, the message built out of line: `check`'s autoclosures would retain the tensor and node.
        if tensor.storage.version != version { failVersion(for: node, index: index) }
    }

    private func failVersion(for node: GradFn, index: Int) -> Never {
        fatalError(
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.\(tensor.dtype.scalarTypeName)Tensor \(Tensor.shapeString(tensor.shape))], which is \(isOutput ? "output" : "input") \(index) of \(node.name), is at version \(tensor.storage.version); expected version \(version) instead. Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!")
    }

    /// The saved tensor (after ``checkVersion(for:index:)``) for a formula of `node`.
    func value(for node: GradFn) -> Tensor {
        guard isOutput, GradMode.isEnabled else { return tensor }
        let output = Tensor(sharing: tensor)
        output.gradFn = node
        return output
    }
}

/// The tensors a node saved, as its formula reads them (`s[0]`); checked against in-place changes before the
/// formula runs.
struct SavedTensors {
    // Unmanaged, read through `_withUnsafeGuaranteedRef`: an `unowned(unsafe)` reference is retained on each
    // use. The node outlives its formula's run.
    private let node: Unmanaged<FormulaGradFn>

    init(node: FormulaGradFn) { self.node = Unmanaged.passUnretained(node) }

    /// The `index`th saved tensor.
    subscript(index: Int) -> Tensor { node._withUnsafeGuaranteedRef { $0[saved: index].value(for: $0) } }
    /// Number of saved tensors.
    var count: Int { node._withUnsafeGuaranteedRef { $0.savedCount } }

    /// The operands of a product saved with ``Autograd/factors(_:_:)``: `a` when `b` needs a gradient
    /// (`needsB`), `b` when `a` does.
    func factors(needsA: Bool, needsB: Bool) -> (a: Tensor?, b: Tensor?) {
        switch (needsA, needsB) {
        case (true, true): (self[0], self[1])
        case (true, false): (nil, self[0])
        case (false, true): (self[0], nil)
        case (false, false): (nil, nil)
        }
    }
}

/// Which inputs of a node need a gradient, as its formula reads them (`needs[1]`): those with an edge.
struct InputNeeds {
    private let node: Unmanaged<GradFn>  // as in `SavedTensors`

    init(node: GradFn) { self.node = Unmanaged.passUnretained(node) }

    /// Whether input `index` needs a gradient.
    subscript(index: Int) -> Bool { node._withUnsafeGuaranteedRef { index < $0.edgeCount && $0.hasEdge(index) } }
}

/// A single-output backward node defined by a formula over the output's gradient and its saved tensors. Formulas
/// capture only plain values (shapes, scalars); tensors go through `saved`, so that releasing them frees the
/// memory and in-place changes are caught.
final class FormulaGradFn: GradFn, @unchecked Sendable {
    /// `formula(outputGradient, savedTensors, needs)` returns one gradient per input (`nil` where none is needed).
    typealias Formula = (_ gradient: Tensor, _ saved: SavedTensors, _ needs: InputNeeds) -> InputGradients

    // The first three saved tensors are fields, like the edges (no array per node).
    @exclusivity(unchecked) private var saved0: SavedTensor?
    @exclusivity(unchecked) private var saved1: SavedTensor?
    @exclusivity(unchecked) private var saved2: SavedTensor?
    @exclusivity(unchecked) private var moreSaved: [SavedTensor] = []
    /// Number of tensors saved.
    @exclusivity(unchecked) private(set) var savedCount = 0
    /// The formula. A constant: calling a closure held in a variable retains its context for the call. What it
    /// captures (shapes, scalars) lives as long as the node; the tensors are the saved ones, released after a pass.
    private let formula: Formula
    /// Whether the saved tensors were released (a backward pass without `retainGraph` ran through the node).
    @exclusivity(unchecked) private var isReleased = false

    init(name: String, edgeCount: Int, output: Tensor, formula: @escaping Formula) {
        self.formula = formula
        super.init(name: name, edgeCount: edgeCount, output: output)
    }

    /// Keeps `tensor` for the formula (``SavedTensors``), in order.
    @inline(__always)
    func save(_ tensor: Tensor, isOutput: Bool = false) {
        let entry = SavedTensor(tensor, isOutput: isOutput)
        switch savedCount {
        case 0: saved0 = entry
        case 1: saved1 = entry
        case 2: saved2 = entry
        default: moreSaved.append(entry)
        }
        savedCount += 1
    }

    /// Saved tensor `index`, read in place.
    subscript(saved index: Int) -> SavedTensor {
        _read {
            switch index {
            case 0: yield saved0.unsafelyUnwrapped
            case 1: yield saved1.unsafelyUnwrapped
            case 2: yield saved2.unsafelyUnwrapped
            default: yield moreSaved[index - 3]
            }
        }
    }

    override func apply() -> InputGradients {
        if isReleased { Autograd.failFreedGraph() }
        for index in 0..<savedCount { self[saved: index].checkVersion(for: self, index: index) }
        guard let gradient = takeFirstGradient() else { return InputGradients() }
        var gradients = formula(gradient, SavedTensors(node: self), InputNeeds(node: self))
        Autograd.conform(&gradients, to: self)
        return gradients
    }

    override func releaseSavedTensors() {
        saved0 = nil
        saved1 = nil
        saved2 = nil
        if !moreSaved.isEmpty { moreSaved = [] }
        isReleased = true
    }
}

/// The backward node of a view (`TBackward0`, `ViewBackward0`…): its formula lays the output's gradient back out
/// in the input's layout. The formula is stored as it is (most capture nothing) rather than wrapped in a general
/// formula, and it saves no tensors, so, as in PyTorch, a view's node can run again after a pass without
/// `retainGraph`.
final class ViewGradFn: GradFn, @unchecked Sendable {
    private let formula: (Tensor) -> Tensor

    init(name: String, edge: Edge?, view: Tensor, formula: @escaping (Tensor) -> Tensor) {
        self.formula = formula
        super.init(name: name, edgeCount: 1, output: view)
        setEdge(0, edge)
    }

    override func apply() -> InputGradients {
        guard let gradient = takeFirstGradient() else { return InputGradients() }
        var gradients = InputGradients(formula(gradient))
        Autograd.conform(&gradients, to: self)
        return gradients
    }
}

/// A backward node shared by the outputs of one multi-output operation (split, chunk, unbind); its formula gets
/// one gradient per output, `nil` where an output received none.
final class MultiOutputGradFn: GradFn, @unchecked Sendable {
    @exclusivity(unchecked) private var formula: (([Tensor?]) -> InputGradients)?
    /// Number of outputs (tensors this node is the `gradFn` of).
    private let outputCount: Int

    init(name: String, edgeCount: Int, outputs: [Tensor], formula: @escaping ([Tensor?]) -> InputGradients) {
        self.formula = formula
        self.outputCount = outputs.count
        super.init(name: name, edgeCount: edgeCount, output: outputs[0], otherOutputs: Array(outputs.dropFirst()))
    }

    override func apply() -> InputGradients {
        guard let formula else { Autograd.failFreedGraph() }
        var gradients = formula((0..<outputCount).map { receivedGradient($0) })
        Autograd.conform(&gradients, to: self)
        return gradients
    }

    override func releaseSavedTensors() { formula = nil }
}

/// The node that adds incoming gradients into a leaf tensor's ``Tensor/grad``.
final class AccumulateGrad: GradFn, @unchecked Sendable {
    /// Where the leaf's gradient goes (see ``GradientStore`` for why not the leaf itself).
    private let store: GradientStore

    /// The accumulator of `variable`, which keeps its gradient in the variable's ``GradientStore``. It runs as soon
    /// as it is ready: the largest sequence number, as in PyTorch (`UINT64_MAX`).
    init(variable: Tensor) {
        self.store = variable.makeGradientStore()
        super.init(name: "AccumulateGrad", edgeCount: 0, output: variable, sequenceNumber: Int.max)
    }

    override func apply() -> InputGradients {
        if accumulate(), !store.postAccumulateHooks.isEmpty, let tensor = store.hookedTensor {
            for entry in store.postAccumulateHooks { entry.hook(tensor) }
        }
        return InputGradients()
    }

    /// Adds the incoming gradient into the store; false when none arrived.
    private func accumulate() -> Bool {
        // Taken, so the engine's buffer doesn't count as an owner of `incoming` below.
        guard var incoming = takeFirstGradient() else { return false }
        for hook in store.hooks {
            if let replaced = hook.hook(incoming) { incoming = replaced }
        }
        if !outputShape.isEmpty || !incoming.shape.isEmpty {
            check(incoming.shape == outputShape || incoming.numel == Tensor.elementCount(outputShape),
                "Function AccumulateGrad returned an invalid gradient - got \(Tensor.shapeString(incoming.shape)) but expected shape compatible with \(Tensor.shapeString(outputShape))")
        }
        if store.value == nil, !GradMode.isEnabled, isKnownUniquelyReferenced(&incoming), adoptable(incoming) {
            // Nothing else holds the incoming gradient: it becomes `.grad` as it is, as in PyTorch (which
            // checks the same thing, the gradient's use count). Its shape is the variable's (`adoptable`).
            store.value = consume incoming
            return true
        }
        let shaped = incoming.shape == outputShape ? incoming : incoming.reshape(outputShape)
        if let existing = store.value {
            if GradMode.isEnabled {
                store.value = existing + shaped
            } else {
                _ = BinaryKernels.arithmetic(.add, existing, shaped, into: existing)
            }
        } else if GradMode.isEnabled {
            store.value = shaped.to(outputDType)
        } else {
            // A copy: the incoming gradient is shared (an addition passes it to both inputs; a hook may keep it).
            store.value = shaped.contiguous(dtype: outputDType)
        }
        return true
    }

    /// Whether `gradient` can serve as the variable's `.grad` as it is: same shape, dtype and strides, and the
    /// whole of its storage, so that later in-place accumulation can't write into memory another tensor views.
    private func adoptable(_ gradient: Tensor) -> Bool {
        gradient.dtype == outputDType && gradient.shape == outputShape && gradient.isContiguous
            && gradient.storageOffset == 0 && gradient.storage.byteCount == gradient.numel * gradient.dtype.itemSize
    }
}
