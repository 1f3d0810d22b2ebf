/// PyTorch's deprecated `torch.nn.Container`: a module holding the given children under the given names (what
/// ``Module/addModule(_:_:)`` does on any module). Kept so that ported code and printouts keep their shape.
open class Container: Module {
    /// A module with `modules` as its children, in order; a name PyTorch refuses (empty, with a dot, used twice)
    /// throws.
    public init(_ modules: KeyValuePairs<String, Module>) throws(ModuleError) {
        super.init()
        for (name, module) in modules { try addModule(name, module) }
    }
}
