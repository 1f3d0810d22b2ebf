extension Module {
    /// The module's state (`state_dict`): every parameter and persistent buffer under its dotted key, in PyTorch's
    /// order (per module: own parameters, own persistent buffers, then each child under `prefix + name + "."`).
    ///
    /// Nothing is deduplicated: a tied parameter or shared module appears under each of its names, the entries
    /// sharing memory. Values are detached views of the module's tensors (same memory, no autograd) unless
    /// `keepVars`, which returns the parameter and buffer objects themselves.
    ///
    /// ```swift
    /// print(net[2].stateDict())
    /// // OrderedDict([('weight', tensor([[ 0.0830, -0.2212, ...]])), ('bias', tensor([0.1769]))])
    /// ```
    public func stateDict(prefix: String = "", keepVars: Bool = false) -> StateDict {
        var state = StateDict()
        saveState(into: &state, prefix: prefix, keepVars: keepVars)
        return state
    }

    /// Adds this module's entries and its children's to `state`, running the state-dict hooks.
    private func saveState(into state: inout StateDict, prefix: String, keepVars: Bool) {
        for entry in hooks.stateDictPre.entries { entry.hook(self, prefix, keepVars) }
        forEachOwnStateEntry { name, tensor in
            state.appendNew(prefix + name, keepVars ? tensor : tensor.detach())
        }
        forEachChild { name, child in
            child.saveState(into: &state, prefix: prefix + name + ".", keepVars: keepVars)
        }
        for entry in hooks.stateDictPost.entries { entry.hook(self, &state, prefix) }
    }

    /// Calls `body` with this module's own state entries (parameters, then persistent buffers) and their names.
    func forEachOwnStateEntry(_ body: (String, Tensor) -> Void) {
        forEachOwnParameter { name, parameter in body(name, parameter) }
        forEachOwnBuffer { name, buffer, persistent in
            if persistent { body(name, buffer) }
        }
    }
}
