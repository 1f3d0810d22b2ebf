/// Copying a whole module, as Python's `copy.deepcopy(module)` does.
extension Module {
    /// A copy of this module with its own parameters and buffers holding the same values (`copy.deepcopy`).
    ///
    /// Swift can't build an instance of an arbitrary subclass by itself, so `makeTwin` builds a fresh module of
    /// the same structure (returned with the type `makeTwin` gives it), usually with the same initialiser call
    /// followed by the same `to(_:)` conversion if any; this module's parameter and buffer values and
    /// `requiresGrad` flags are then copied into the twin's, and every submodule gets its original's training flag.
    ///
    /// Building the twin draws from whatever generator its layers use, where `deepcopy` draws nothing: give them a
    /// throwaway generator (`Linear(4, 8, generator: Generator(seed: 0))`) to leave the default generator's stream
    /// as PyTorch leaves it. (Saving and restoring the default generator around `makeTwin` would rewind other
    /// threads' draws.)
    ///
    /// ```swift
    /// let model = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
    /// let copy = try model.deepCopy {
    ///     let scratch = Generator(seed: 0)
    ///     return Sequential(Linear(4, 8, generator: scratch), ReLU(), Linear(8, 1, generator: scratch))
    /// }
    /// ```
    ///
    /// Throws ``ModuleCopyError`` when the twin's parameters or buffers (names, shapes, dtypes) differ from this
    /// module's. Tied parameters stay tied only if `makeTwin` ties them too.
    public func deepCopy<Copy: Module>(_ makeTwin: () -> Copy) throws(ModuleCopyError) -> Copy {
        let twin = makeTwin()
        check(twin !== self, "deepCopy: the closure must build a new module, not return the original")
        try twin.copyValues(from: self)
        return twin
    }

    /// Copies `source`'s parameter and buffer values and flags into this module's, which must have the same
    /// names, shapes and dtypes; nothing is changed when they don't.
    private func copyValues(from source: Module) throws(ModuleCopyError) {
        func members(_ module: Module) -> [(name: String, tensor: Tensor)] {
            module.namedParameters().map { ($0.name, $0.parameter as Tensor) } + module.namedBuffers().map { ($0.name, $0.buffer) }
        }
        let targets = members(self), sources = members(source)
        func describe(_ list: [(name: String, tensor: Tensor)]) -> [String] {
            list.map { "\($0.name) \($0.tensor.dtype) \($0.tensor.shape)" }
        }
        let expected = describe(sources), found = describe(targets)
        guard expected == found else {
            throw ModuleCopyError(typeName: source.typeName, missing: expected.filter { !found.contains($0) },
                                  unexpected: found.filter { !expected.contains($0) })
        }
        noGrad {
            for (target, value) in zip(targets, sources) {
                target.tensor.copy_(value.tensor)
                if target.tensor.isLeaf && target.tensor.requiresGrad != value.tensor.requiresGrad {
                    target.tensor.requiresGrad = value.tensor.requiresGrad
                }
            }
        }
        for (module, original) in zip(modules(), source.modules()) { module.training = original.training }
    }
}

/// Why ``Module/deepCopy(_:)`` could not copy: the module built as the copy has other parameters or buffers.
public struct ModuleCopyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The type of the module being copied.
    public let typeName: String
    /// Members (`name dtype shape`) of the original that the twin lacks or has with another dtype or shape.
    public let missing: [String]
    /// Members of the twin that the original doesn't have (or has with another dtype or shape).
    public let unexpected: [String]

    /// "expected the copy of Sequential to have the original's parameters and buffers; missing …, unexpected …".
    public var description: String {
        "expected the copy of \(typeName) to have the original's parameters and buffers (name, dtype, shape); "
            + "missing: \(missing), unexpected: \(unexpected)"
    }
}
