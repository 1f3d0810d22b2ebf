/// Records operations into the backward graph.
///
/// Every differentiable operation runs its kernel, then calls ``attach(_:name:inputs:saved:savedOutput:formula:)``
/// when grad mode is on and an input requires grad. Formulas compute gradients at the output's shape; `attach`
/// reduces them to each input's shape (undoing broadcasting) and casts them to each input's dtype, so no formula
/// has to.
enum Autograd {
    /// Whether an operation on this input must be recorded.
    // Fixed arities rather than a variadic list: the list's array retains each tensor and releases it again.
    @inline(__always)
    static func needsGrad(_ a: Tensor) -> Bool { GradMode.isEnabled && a.requiresGrad }

    /// Whether an operation on these inputs must be recorded.
    @inline(__always)
    static func needsGrad(_ a: Tensor, _ b: Tensor) -> Bool {
        GradMode.isEnabled && (a.requiresGrad || b.requiresGrad)
    }

    /// Whether an operation on these inputs must be recorded.
    @inline(__always)
    static func needsGrad(_ a: Tensor, _ b: Tensor, _ c: Tensor) -> Bool {
        GradMode.isEnabled && (a.requiresGrad || b.requiresGrad || c.requiresGrad)
    }

    /// Whether an operation on these inputs must be recorded.
    @inline(__always)
    static func needsGrad(_ inputs: [Tensor]) -> Bool {
        guard GradMode.isEnabled else { return false }
        return inputs.contains { $0.requiresGrad }
    }

    /// Gives `output` a backward node computing `formula(outputGradient, savedTensors, needsInputGradient)`.
    /// `saved` tensors are inputs (held strongly); with `savedOutput`, the output itself is appended to them.
    // Inlined so that the `inputs` and `saved` array literals of the call sites don't escape and can live on the
    // stack: otherwise each costs a heap allocation per recorded operation.
    @discardableResult @inline(__always)
    static func attach(
        _ output: Tensor, name: String, inputs: [Tensor], saved: [Tensor] = [], savedOutput: Bool = false,
        formula: @escaping FormulaGradFn.Formula
    ) -> Tensor {
        let node = FormulaGradFn(name: name, edgeCount: inputs.count, output: output, formula: formula)
        node.connect(to: inputs)
        for tensor in saved { node.save(tensor) }
        return finish(node, output: output, savedOutput: savedOutput)
    }

    /// ``attach(_:name:inputs:saved:savedOutput:formula:)`` for an operation of one to three inputs
    /// (`inputs: a, b`), the usual case: an array of inputs would retain each one and release it again, two
    /// atomic operations per input and recorded operation.
    /// The saved tensors are fixed arities too (`saved: x, y`; a `nil` is skipped, so the formula reads the others
    /// as `s[0]`, `s[1]`… in order).
    @discardableResult @inline(__always)
    static func attach(
        _ output: Tensor, name: String, inputs first: Tensor, _ second: Tensor? = nil, _ third: Tensor? = nil,
        saved firstSaved: Tensor? = nil, _ secondSaved: Tensor? = nil, savedOutput: Bool = false,
        formula: @escaping FormulaGradFn.Formula
    ) -> Tensor {
        let edgeCount = third != nil ? 3 : (second != nil ? 2 : 1)
        let node = FormulaGradFn(name: name, edgeCount: edgeCount, output: output, formula: formula)
        node.setEdge(0, first.gradientEdge())
        if let second { node.setEdge(1, second.gradientEdge()) }
        if let third { node.setEdge(2, third.gradientEdge()) }
        if let firstSaved { node.save(firstSaved) }
        if let secondSaved { node.save(secondSaved) }
        return finish(node, output: output, savedOutput: savedOutput)
    }

    /// Saves the output on `node` (with `savedOutput`) and makes `node` the output's `gradFn`.
    @inline(__always)
    private static func finish(_ node: FormulaGradFn, output: Tensor, savedOutput: Bool) -> Tensor {
        if savedOutput { node.save(output, isOutput: true) }
        output.gradFn = node
        output.outputNumber = 0
        return output
    }

    /// What a product `a·b` saves for its backward, as PyTorch does: each gradient needs the other operand, so
    /// `a` is kept only when `b` needs a gradient and `b` only when `a` does. A tensor multiplied by a constant is
    /// then neither kept alive by the graph nor checked for later in-place changes. Read back with
    /// ``SavedTensors/factors(needsA:needsB:)``.
    @inline(__always)
    static func factors(_ a: Tensor, _ b: Tensor) -> (a: Tensor?, b: Tensor?) {
        (b.requiresGrad ? a : nil, a.requiresGrad ? b : nil)
    }

    /// Gives several outputs of one operation (split, chunk, unbind) a shared backward node; `formula` receives
    /// one gradient per output, `nil` where an output received none.
    static func attachMany(
        _ outputs: [Tensor], name: String, inputs: [Tensor],
        formula: @escaping (_ gradients: [Tensor?]) -> InputGradients
    ) {
        let node = MultiOutputGradFn(name: name, edgeCount: inputs.count, outputs: outputs, formula: formula)
        node.connect(to: inputs)
        for (index, output) in outputs.enumerated() {
            output.gradFn = node
            output.outputNumber = index
        }
    }

    /// Reduces each of a node's gradients to its input's shape and casts it to its dtype (the shape and dtype the
    /// node at the other end of the input's edge expects). Gradients for inputs without an edge are left alone:
    /// the engine sends them nowhere.
    @inline(__always)
    static func conform(_ gradients: inout InputGradients, to node: GradFn) {
        for index in 0..<min(gradients.count, node.edgeCount) {
            guard let edge = node.edgeTarget(index),
                  let gradient = gradients.take(index) else { continue }
            if edge.node._withUnsafeGuaranteedRef({ hasLayout(gradient, expectedBy: $0, output: edge.output) }) {
                gradients[index] = consume gradient
            } else {
                gradients[index] = edge.node._withUnsafeGuaranteedRef { target in
                    conform(gradient, shape: target.gradientShape(forOutput: edge.output),
                            dtype: target.gradientDType(forOutput: edge.output))
                }
            }
        }
    }

    /// Whether `gradient` has the shape and dtype that `node` expects for its output `output`.
    // Both references borrowed: comparing the shapes in place costs no reference counting.
    @inline(__always)
    private static func hasLayout(_ gradient: Tensor, expectedBy node: GradFn, output: Int) -> Bool {
        if output == 0 { return gradient.dtype == node.outputDType && gradient.shape == node.outputShape }
        return gradient.dtype == node.gradientDType(forOutput: output)
            && gradient.shape == node.gradientShape(forOutput: output)
    }

    /// Stops with PyTorch's message for a second backward through a freed graph.
    static func failFreedGraph() -> Never {
        fatalError("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
    }

    /// A gradient reduced to `shape` (summing broadcast dimensions) and cast to `dtype`.
    static func conform(_ gradient: Tensor, shape: [Int], dtype: DType) -> Tensor {
        var result = gradient.shape == shape ? gradient : gradient.sumToShape(shape)
        if result.dtype != dtype { result = result.to(dtype) }
        return result
    }
}

extension Tensor {
    /// Sums this tensor down to `shape`, the inverse of broadcasting `shape` up to this tensor's shape.
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        check(lead >= 0, "sum_to_size: size \(Tensor.shapeString(target)) is not expandable to size \(Tensor.shapeString(shape))")
        // The usual case (a bias gradient, `[N, M]` to `[M]`) summed straight into the target's shape.
        if lead > 0, shape[lead...].elementsEqual(target), isContiguous, !Autograd.needsGrad(self) {
            if dtype == .float32 { return Reducer.sumOfRows(self, shape: target, mean: false, Float.self) }
            if dtype == .float64 { return Reducer.sumOfRows(self, shape: target, mean: false, Double.self) }
        }
        var dims = Array(0..<lead)
        for (index, size) in target.enumerated() where size == 1 && shape[index + lead] != 1 {
            dims.append(index + lead)
        }
        // Without keepdim the usual case (a bias gradient, `[N, M]` to `[M]`) comes out in the target's shape.
        let summed = dims.isEmpty ? self : sum(dims: dims, keepdim: false)
        if summed.shape == target { return summed }
        return summed.numel == Tensor.elementCount(target) ? summed.reshape(target) : summed
    }
}
