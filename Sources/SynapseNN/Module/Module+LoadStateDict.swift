extension Module {
    /// Loads `stateDict` into this module's parameters and buffers (`load_state_dict`), and returns the keys that
    /// did not match.
    ///
    /// Values are copied into the existing tensors under no-grad, so parameter identity (and with it optimizers
    /// and tied weights) survives, converting the dtype as `copy_` does; a checkpoint shape `[1]` loads into a
    /// 0-dim tensor. With `assign`, the state dict's tensors replace the model's instead (parameters keep their
    /// `requiresGrad`). Load hooks run as in PyTorch.
    ///
    /// Throws one ``StateDictLoadError`` listing every problem, in PyTorch's words and order: missing and
    /// unexpected keys (only when `strict`), then size mismatches (always). Unlike PyTorch, the load is atomic:
    /// everything is checked first and the model is unchanged when it throws.
    ///
    /// ```swift
    /// let clone = MLP()
    /// try clone.loadStateDict(net.stateDict())
    /// ```
    @discardableResult
    public func loadStateDict(
        _ stateDict: StateDict, strict: Bool = true, assign: Bool = false
    ) throws(StateDictLoadError) -> LoadResult {
        try loadStateDict(stateDict, strict: strict, assign: assign, afterCopying: nil)
    }

    /// ``loadStateDict(_:strict:assign:)``, calling `afterCopying` with each value of `stateDict` once it has been
    /// copied into the model (never with `assign`, nor when a load pre-hook could have changed the values in
    /// place): a loader can then let go of the memory behind the values it read (a mapped file's pages).
    @discardableResult
    package func loadStateDict(
        _ stateDict: StateDict, strict: Bool, assign: Bool, afterCopying: ((Tensor) -> Void)?
    ) throws(StateDictLoadError) -> LoadResult {
        var state = stateDict
        var visits: [(prefix: String, module: Module)] = []
        collectLoadVisits(prefix: "", into: &visits)
        var hasPreHooks = false
        for visit in visits {
            for entry in visit.module.hooks.loadPre.entries {
                hasPreHooks = true
                entry.hook(visit.module, &state, visit.prefix)
            }
        }
        let plan = LoadPlan(visits: visits, state: state)
        var result = LoadResult(missingKeys: plan.missingKeys, unexpectedKeys: plan.unexpectedKeys)
        func failure() -> StateDictLoadError {
            StateDictLoadError(typeName: printedTypeName, missingKeys: strict ? result.missingKeys : [],
                               unexpectedKeys: strict ? result.unexpectedKeys : [], sizeMismatches: plan.sizeMismatches)
        }
        if !plan.sizeMismatches.isEmpty { throw failure() }
        let hasPostHooks = visits.contains { !$0.module.hooks.loadPost.isEmpty }
        if strict && !result.allKeysMatched && !hasPostHooks { throw failure() }
        // Post hooks may still clear (or add) keys; the undo list restores the model if the load fails after them.
        let undo = plan.apply(assign: assign, keepingUndo: strict && hasPostHooks,
                              afterCopying: hasPreHooks ? nil : afterCopying)
        if hasPostHooks {
            result = LoadResult()
            var visit = 0
            runLoadPostHooks(&result, plan: plan, visit: &visit)
        }
        if strict && !result.allKeysMatched {
            for step in undo.reversed() { step() }
            throw failure()
        }
        return result
    }

    /// Every path of the tree in pre-order, shared modules once per path, as PyTorch's recursive load visits them.
    private func collectLoadVisits(prefix: String, into visits: inout [(prefix: String, module: Module)]) {
        visits.append((prefix, self))
        forEachChild { name, child in child.collectLoadVisits(prefix: prefix + name + ".", into: &visits) }
    }

    /// Runs the load post hooks, children before their parent, as PyTorch does, building `result` up visit by
    /// visit (in `collectLoadVisits`' order) as PyTorch fills its lists: a hook sees the keys found so far.
    private func runLoadPostHooks(_ result: inout LoadResult, plan: LoadPlan, visit: inout Int) {
        let keys = plan.keysByVisit[visit]
        visit += 1
        result.missingKeys += keys.missing
        result.unexpectedKeys += keys.unexpected
        forEachChild { _, child in child.runLoadPostHooks(&result, plan: plan, visit: &visit) }
        for entry in hooks.loadPost.entries { entry.hook(self, &result) }
    }
}
