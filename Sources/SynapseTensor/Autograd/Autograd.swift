/// Records operations into the backward graph.
///
/// Every differentiable operation runs its kernel, then calls ``attach(_:name:inputs:saved:savedOutput:formula:)``
/// when grad mode is on and an input requires grad. Formulas compute gradients at the output's shape; `attach`
/// reduces them to each input's shape (undoing broadcasting) and casts them to each input's dtype, so no formula
/// has to.
enum Autograd {
    /// Whether an operation on these inputs must be recorded.
    @inline(__always)
    static func needsGrad(_ inputs: Tensor...) -> Bool {
        guard GradMode.isEnabled else { return false }
        for input in inputs where input.requiresGrad { return true }
        return false
    }

    /// Whether an operation on these inputs must be recorded.
    @inline(__always)
    static func needsGrad(_ inputs: [Tensor]) -> Bool {
        guard GradMode.isEnabled else { return false }
        return inputs.contains { $0.requiresGrad }
    }

    /// Gives `output` a backward node computing `formula(outputGradient, savedTensors, needsInputGradient)`.
    /// `saved` tensors are inputs (held strongly); with `savedOutput`, the output itself is appended to them.
    @discardableResult
    static func attach(
        _ output: Tensor, name: String, inputs: [Tensor], saved: [Tensor] = [], savedOutput: Bool = false,
        formula: @escaping (_ gradient: Tensor, _ saved: [Tensor], _ needs: [Bool]) -> [Tensor?]
    ) -> Tensor {
        var savedTensors = saved.map { SavedTensor($0) }
        if savedOutput { savedTensors.append(SavedTensor(output, isOutput: true)) }
        let edges = inputs.map { $0.gradientEdge() }
        let needs = edges.map { $0 != nil }
        output.gradFn = FormulaGradFn(name: name, nextEdges: edges, saved: savedTensors) { gradients, tensors in
            guard let gradient = gradients[0] else { return [] }
            return formula(gradient, tensors, needs)
        }
        output.outputNumber = 0
        return output
    }

    /// Gives several outputs of one operation (split, chunk, unbind) a shared backward node; `formula` receives
    /// one gradient per output, `nil` where an output received none.
    static func attachMany(
        _ outputs: [Tensor], name: String, inputs: [Tensor],
        formula: @escaping (_ gradients: [Tensor?]) -> [Tensor?]
    ) {
        let outputCount = outputs.count
        let node = FormulaGradFn(name: name, nextEdges: inputs.map { $0.gradientEdge() }, saved: []) { gradients, _ in
            // Outputs that received no gradient may be missing from the end of the list.
            formula(gradients + Array(repeating: nil, count: Swift.max(0, outputCount - gradients.count)))
        }
        for (index, output) in outputs.enumerated() {
            output.gradFn = node
            output.outputNumber = index
        }
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
        var dims = Array(0..<lead)
        for (index, size) in target.enumerated() where size == 1 && shape[index + lead] != 1 {
            dims.append(index + lead)
        }
        let summed = dims.isEmpty ? self : sum(dims: dims, keepdim: true)
        return summed.numel == Tensor.elementCount(target) ? summed.reshape(target) : summed
    }
}
