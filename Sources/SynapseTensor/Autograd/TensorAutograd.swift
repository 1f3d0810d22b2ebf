import Synchronization

/// Autograd on tensors: backward passes, detaching, hooks.
extension Tensor {
    /// Whether this tensor is a leaf of the graph: it has no ``gradFn`` (parameters, inputs, detached tensors).
    public var isLeaf: Bool { gradFn == nil }

    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it into their
    /// ``grad``. Without `gradient` the tensor must hold a single element (`loss.backward()`).
    ///
    /// The graph's saved tensors are freed afterwards unless `retainGraph` is set; `createGraph` records the
    /// backward pass itself, for higher derivatives.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false) {
        let seed: Tensor
        if let gradient {
            check(gradient.shape == shape,
                "Mismatch in shape: grad_output[0] has a shape of \(Tensor.shapeString(gradient.shape)) and output[0] has a shape of \(Tensor.shapeString(shape)).")
            seed = gradient
        } else {
            check(numel == 1, "grad can be implicitly created only for scalar outputs")
            seed = Tensor.onesLike(self)
        }
        Engine.run(root: self, gradient: seed, retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
    }

    /// The gradients of `outputs` with respect to `inputs`, returned instead of accumulated
    /// (`torch.autograd.grad`). An input the outputs don't depend on gives `nil` when `allowUnused`, and is an
    /// error otherwise.
    public static func grad(
        outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?]? = nil, retainGraph: Bool? = nil,
        createGraph: Bool = false, allowUnused: Bool = false
    ) -> [Tensor?] {
        let seeds = outputs.enumerated().map { index, output -> Tensor in
            if let given = gradOutputs?[index] { return given }
            check(output.numel == 1, "grad can be implicitly created only for scalar outputs")
            return Tensor.onesLike(output)
        }
        let result = Engine.run(roots: outputs, gradients: seeds, retainGraph: retainGraph ?? createGraph,
                                createGraph: createGraph, inputs: inputs)
        if !allowUnused {
            check(!result.contains { $0 == nil },
                "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        }
        return result
    }

    /// A tensor sharing this one's memory, without history and not requiring grad (`t.detach()`).
    public func detach() -> Tensor { Tensor(sharing: self) }

    /// Removes this tensor from the graph in place (`t.detach_()`).
    @discardableResult
    public func detach_() -> Tensor {
        gradFn = nil
        requiresGradFlag = false
        return self
    }

    /// Sets ``requiresGrad`` and returns self (`t.requires_grad_()`).
    @discardableResult
    public func requiresGrad_(_ requiresGrad: Bool = true) -> Tensor {
        self.requiresGrad = requiresGrad
        return self
    }

    /// Keeps the gradient of a non-leaf tensor in ``grad`` during backward (`t.retain_grad()`).
    public func retainGrad() {
        guard gradFn != nil, !retainsGrad else { return }
        retainsGrad = true
        _ = registerHook { [weak self] gradient in
            guard let self else { return nil }
            self.grad = self.grad.map { $0 + gradient } ?? gradient.detach().clone()
            return nil
        }
    }

    /// Registers a function called with this tensor's gradient during backward; returning a tensor replaces the
    /// gradient. For leaves it runs before the gradient is accumulated into ``grad``.
    @discardableResult
    public func registerHook(_ hook: @escaping (Tensor) -> Tensor?) -> HookHandle {
        check(requiresGrad, "cannot register a hook on a tensor that doesn't require gradient")
        let id = HookHandle.nextID()
        if let gradFn {
            gradFn.preHooks[outputNumber, default: []].append((id, hook))
            let node = gradFn, output = outputNumber
            return HookHandle { [weak node] in node?.preHooks[output]?.removeAll { $0.id == id } }
        }
        let store = makeGradientStore()
        store.hooks.append((id, hook))
        return HookHandle { [store] in store.hooks.removeAll { $0.id == id } }
    }

    /// The edge through which a gradient reaches this tensor: its ``gradFn`` output, or its leaf accumulator.
    func gradientEdge() -> Edge? {
        if let gradFn { return Edge(node: gradFn, inputNumber: outputNumber) }
        guard requiresGrad else { return nil }
        if let existing = gradAccumulatorNode { return Edge(node: existing, inputNumber: 0) }
        let node = AccumulateGrad(variable: self)
        gradAccumulatorNode = node
        return Edge(node: node, inputNumber: 0)
    }
}

/// A registered hook; ``remove()`` unregisters it.
public final class HookHandle: @unchecked Sendable {
    private var remover: (() -> Void)?

    init(_ remover: @escaping () -> Void) { self.remover = remover }

    /// Unregisters the hook (calling it twice is harmless).
    public func remove() {
        remover?()
        remover = nil
    }

    private static let counter = Atomic<Int>(0)
    static func nextID() -> Int { counter.add(1, ordering: .relaxed).newValue }
}
