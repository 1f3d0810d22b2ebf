/// Pruning (`torch.nn.utils.prune`): zeroing entries of a parameter through a mask.
///
/// Pruning `weight` moves the parameter to `weight_orig`, registers the mask as the buffer `weight_mask`, and
/// makes `weight` the computed `weight_orig * weight_mask`, recomputed by a forward pre-hook before every call, so
/// the gradient reaches `weight_orig` only where the mask is 1. Pruning the same tensor again combines the masks
/// (``PruningContainer``); ``remove(_:name:)`` makes the pruning permanent.
///
/// ```swift
/// let layer = Linear(4, 3)
/// try Prune.l1Unstructured(layer, name: "weight", amount: 0.5)
/// print(layer.stateDict().keys)    // odict_keys(['bias', 'weight_orig', 'weight_mask'])
/// ```
public enum Prune {
    /// Prunes nothing but holds `name` as pruned (`prune.identity`).
    @discardableResult
    public static func identity(_ module: Module, name: String) throws(ReparametrizationError) -> Module {
        try apply(IdentityPruning(), to: module, name: name)
    }

    /// Prunes `amount` entries chosen at random (`prune.random_unstructured`), drawn from `generator` (the
    /// default generator when `nil`).
    @discardableResult
    public static func randomUnstructured(
        _ module: Module, name: String, amount: PruningAmount, generator: Generator? = nil
    ) throws(ReparametrizationError) -> Module {
        try apply(RandomUnstructured(amount: amount, generator: generator), to: module, name: name)
    }

    /// Prunes the `amount` entries of smallest magnitude (of `importanceScores` when given) (`prune.l1_unstructured`).
    @discardableResult
    public static func l1Unstructured(
        _ module: Module, name: String, amount: PruningAmount, importanceScores: Tensor? = nil
    ) throws(ReparametrizationError) -> Module {
        try apply(L1Unstructured(amount: amount), to: module, name: name, importanceScores: importanceScores)
    }

    /// Prunes `amount` channels along `dim` chosen at random (`prune.random_structured`), drawn from `generator`
    /// (the default generator when `nil`).
    @discardableResult
    public static func randomStructured(
        _ module: Module, name: String, amount: PruningAmount, dim: Int, generator: Generator? = nil
    ) throws(ReparametrizationError) -> Module {
        try apply(RandomStructured(amount: amount, dim: dim, generator: generator), to: module, name: name)
    }

    /// Prunes the `amount` channels along `dim` of smallest `n`-norm (`prune.ln_structured`).
    @discardableResult
    public static func lnStructured(
        _ module: Module, name: String, amount: PruningAmount, n: Double, dim: Int, importanceScores: Tensor? = nil
    ) throws(ReparametrizationError) -> Module {
        try apply(LnStructured(amount: amount, n: n, dim: dim), to: module, name: name, importanceScores: importanceScores)
    }

    /// Prunes where `mask` is 0 (`prune.custom_from_mask`).
    @discardableResult
    public static func customFromMask(_ module: Module, name: String, mask: Tensor) throws(ReparametrizationError) -> Module {
        try apply(CustomFromMask(mask: mask), to: module, name: name)
    }

    /// Prunes several tensors together (`prune.global_unstructured`): `method` (an unstructured method such as
    /// `L1Unstructured(amount: 0.2)`) chooses among all their entries at once (their current values, or
    /// `importanceScores[i]` for the `i`-th), skipping entries already pruned; each tensor then gets its part of the
    /// mask through ``customFromMask(_:name:mask:)``.
    public static func globalUnstructured(
        _ parameters: [(module: Module, name: String)], method: PruningMethod, importanceScores: [Tensor?]? = nil
    ) throws(ReparametrizationError) {
        guard case .unstructured = method.kind else {
            throw ReparametrizationError("Only \"unstructured\" PRUNING_TYPE supported for the `pruning_method`. Found method \(type(of: method)) of type \(method.kind.name)")
        }
        if let importanceScores, importanceScores.count != parameters.count {
            throw ReparametrizationError("expected \(parameters.count) importance scores (one per parameter), found \(importanceScores.count)")
        }
        var scores: [Double] = [], defaultMask: [Double] = []
        var tensors: [Tensor] = []
        for (index, (module, name)) in parameters.enumerated() {
            let tensor = try currentTensor(module, name)
            tensors.append(tensor)
            let score = importanceScores?[index] ?? tensor
            guard score.shape == tensor.shape else {
                throw ReparametrizationError("importance_scores should have the same shape as parameter \(name) of \(module), got \(PythonRepr.size(score.shape)) vs \(PythonRepr.size(tensor.shape))")
            }
            scores += score.toArray(of: Double.self)
            defaultMask += existingMask(module, name)?.toArray(of: Double.self) ?? Array(repeating: 1, count: tensor.numel)
        }
        method.tensorName = "temp"
        let container = PruningContainer([method], tensorName: "temp")
        let dtype = tensors.first?.dtype ?? .float32
        let mask = try container.computeMask(PruningValues(values: scores, shape: [scores.count], dtype: dtype),
                                             defaultMask: defaultMask)
        var start = 0
        for ((module, name), tensor) in zip(parameters, tensors) {
            let part = Tensor(flat: Array(mask[start..<(start + tensor.numel)]), shape: tensor.shape).to(tensor.dtype)
            try customFromMask(module, name: name, mask: part)
            start += tensor.numel
        }
    }

    /// Makes the pruning of `name` permanent (`prune.remove`): `weight_orig` (the same parameter object) takes the
    /// masked values and becomes `weight` again; `weight_mask` and the hook go.
    @discardableResult
    public static func remove(_ module: Module, name: String) throws(ReparametrizationError) -> Module {
        guard case .pruning = module.reparametrizations[name]?.kind else {
            throw ReparametrizationError("Parameter '\(name)' of module \(module) has to be pruned before pruning can be removed")
        }
        let original = module.registeredParameter(name + "_orig")
        noGrad { _ = original.copy_(maskedValue(module, name)) }
        module.detachReparametrization(name)
        module.unregisterParameter(name + "_orig")
        module.unregisterBuffer(name + "_mask")
        module.restoreParameter(original, as: name)
        return module
    }

    /// Whether any module of the tree has a pruned tensor (`prune.is_pruned`).
    public static func isPruned(_ module: Module) -> Bool {
        module.modules().contains { submodule in
            submodule.reparametrizations.values.contains { if case .pruning = $0.kind { true } else { false } }
        }
    }

    /// The pruning method of `name` (a ``PruningContainer`` after several rounds), if it is pruned.
    public static func method(of module: Module, name: String) -> PruningMethod? {
        if case .pruning(let method) = module.reparametrizations[name]?.kind { return method }
        return nil
    }

    /// Prunes `name` with `method` (PyTorch's `BasePruningMethod.apply`, what the functions above call): combines
    /// it with an earlier pruning of `name`, computes the mask from the importance scores (the current value by
    /// default), then registers `<name>_orig` (the first time), `<name>_mask` and the recomputing hook. Nothing
    /// changes when the mask can't be computed.
    @discardableResult
    public static func apply(
        _ method: PruningMethod, to module: Module, name: String, importanceScores: Tensor? = nil
    ) throws(ReparametrizationError) -> Module {
        method.tensorName = name
        var combined: PruningMethod = method
        if let existing = module.reparametrizations[name] {
            guard case .pruning(let old) = existing.kind else {
                throw ReparametrizationError("parameter '\(name)' of \(module.typeName) is parametrized or normalised: remove that first")
            }
            let container = old as? PruningContainer ?? PruningContainer([old], tensorName: name)
            try container.add(method)
            combined = container
        }
        let current = try currentTensor(module, name)
        let scores = importanceScores ?? current
        guard scores.shape == current.shape else {
            throw ReparametrizationError("importance_scores should have the same shape as parameter \(name) of \(module), got \(PythonRepr.size(scores.shape)) vs \(PythonRepr.size(current.shape))")
        }
        let defaultMask = existingMask(module, name)?.toArray(of: Double.self) ?? Array(repeating: 1, count: current.numel)
        let mask: [Double]
        do {
            mask = try combined.computeMask(PruningValues(scores), defaultMask: defaultMask)
        } catch {
            if let container = combined as? PruningContainer, container.methods.last === method { container.removeLast() }
            throw error
        }
        if module.reparametrizations[name] == nil {
            try NNUtils.register(module, name + "_orig", try module.plainParameter(name))
        }
        module.detachReparametrization(name)
        try NNUtils.registerBuffer(module, name + "_mask", Tensor(flat: mask, shape: current.shape).to(current.dtype))
        module.setComputedTensor(maskedValue(module, name), for: name)
        module.attachReparametrization(.pruning(combined), to: name) { module in
            module.setComputedTensor(maskedValue(module, name), for: name)
        }
        return module
    }

    /// `<name>_mask * <name>_orig` (PyTorch's `apply_mask`).
    static func maskedValue(_ module: Module, _ name: String) -> Tensor {
        let original = module.registeredParameter(name + "_orig")
        return module.registeredBuffer(name + "_mask").to(original.dtype) * original
    }

    /// The tensor `name` as the module holds it now (the computed value when it is pruned).
    private static func currentTensor(_ module: Module, _ name: String) throws(ReparametrizationError) -> Tensor {
        guard let member = module.locateMember(named: name), member.kind == .parameter, let tensor = member.object as? Tensor else {
            throw ReparametrizationError("Module '\(module.typeName)' does not have a parameter with name '\(name)'")
        }
        return tensor
    }

    /// The current mask of a pruned `name`.
    private static func existingMask(_ module: Module, _ name: String) -> Tensor? {
        guard case .pruning = module.reparametrizations[name]?.kind else { return nil }
        return module.registeredBuffer(name + "_mask")
    }
}
