/// Everything a state-dict load would do, worked out before anything changes: the copies, and the missing,
/// unexpected and mismatched keys in PyTorch's orders.
struct LoadPlan {
    /// One tensor of the model and the value it receives.
    struct Assignment {
        let module: Module
        let name: String
        let target: Tensor
        let value: Tensor
    }

    private(set) var assignments: [Assignment] = []
    private(set) var missingKeys: [String] = []
    private(set) var unexpectedKeys: [String] = []
    private(set) var sizeMismatches: [StateDictLoadError.SizeMismatch] = []
    /// The missing and unexpected keys each visit finds (PyTorch adds them to its lists visit by visit, which is
    /// what the load post hooks of a module see: the keys of the visits so far, as earlier hooks left them).
    private(set) var keysByVisit: [(missing: [String], unexpected: [String])] = []

    /// Plans loading `state` into the modules of `visits` (every path of the tree, pre-order, duplicates included,
    /// as PyTorch's recursive load visits them).
    init(visits: [(prefix: String, module: Module)], state: StateDict) {
        var expected: Set<String> = []
        var visitByPrefix: [String: Int] = [:]
        keysByVisit = Array(repeating: ([], []), count: visits.count)
        for (index, visit) in visits.enumerated() {
            visitByPrefix[visit.prefix] = index
            visit.module.forEachOwnStateEntry { name, target in
                let key = visit.prefix + name
                expected.insert(key)
                guard let given = state[key] else {
                    missingKeys.append(key)
                    keysByVisit[index].missing.append(key)
                    return
                }
                // Checkpoints from PyTorch 0.3 store 0-dim values (num_batches_tracked) with shape [1].
                let value = target.rank == 0 && given.shape == [1] ? given[0] : given
                guard value.shape == target.shape else {
                    sizeMismatches.append(.init(key: key, checkpointShape: given.shape, modelShape: target.shape))
                    return
                }
                assignments.append(Assignment(module: visit.module, name: name, target: target, value: value))
            }
        }
        // PyTorch reports an unexpected key from the deepest module whose prefix it has, modules in pre-order,
        // each module's keys in the state dict's order.
        let unexpected = state.keys.enumerated().filter { !expected.contains($0.element) }.map { position, key in
            (visit: LoadPlan.owningVisit(of: key, visitByPrefix), position: position, key: key)
        }
        let ordered = unexpected.sorted { ($0.visit, $0.position) < ($1.visit, $1.position) }
        unexpectedKeys = ordered.map(\.key)
        for entry in ordered { keysByVisit[entry.visit].unexpected.append(entry.key) }
    }

    /// The visit with the longest prefix of `key` (the root, prefix `""`, at least).
    private static func owningVisit(of key: String, _ visitByPrefix: [String: Int]) -> Int {
        var owner = 0
        var index = key.startIndex
        while let dot = key[index...].firstIndex(of: ".") {
            index = key.index(after: dot)
            if let visit = visitByPrefix[String(key[..<index])] { owner = visit }
        }
        return owner
    }

    /// Performs the assignments: copies under no-grad, keeping each tensor's identity, or with `assign` puts
    /// the state dict's tensors in place of the model's (as parameters or buffers keeping `requiresGrad` and
    /// persistence), calling `afterCopying` with each value copied. With `keepingUndo`, returns what restores the
    /// previous state.
    func apply(assign: Bool, keepingUndo: Bool, afterCopying: ((Tensor) -> Void)? = nil) -> [() -> Void] {
        var undo: [() -> Void] = []
        noGrad {
            for assignment in assignments {
                let target = assignment.target
                if assign {
                    let module = assignment.module, name = assignment.name
                    if keepingUndo { undo.append { module.replaceTensor(named: name, with: target) } }
                    module.replaceTensor(named: name, with: LoadPlan.replacement(for: target, from: assignment.value))
                } else {
                    if keepingUndo {
                        let saved = target.clone()
                        undo.append { noGrad { _ = target.copy_(saved) } }
                    }
                    target.copy_(assignment.value)
                    afterCopying?(assignment.value)
                }
            }
        }
        return undo
    }

    /// What `assign` stores in place of `target`: `value` as the same kind of tensor.
    private static func replacement(for target: Tensor, from value: Tensor) -> Tensor {
        if target is Parameter {
            guard let parameter = value as? Parameter else { return Parameter(value, requiresGrad: target.requiresGrad) }
            parameter.requiresGrad = target.requiresGrad
            return parameter
        }
        if let buffer = target as? Buffer, !(value is Buffer) { return Buffer(value, persistent: buffer.persistent) }
        return value
    }
}
