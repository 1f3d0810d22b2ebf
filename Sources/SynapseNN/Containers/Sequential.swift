/// Modules run one after another (`torch.nn.Sequential`): children named `"0"`, `"1"`… (or the names given to
/// ``Module/addModule(_:_:)``), the output of each fed to the next.
///
/// ```swift
/// let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
/// let y = net(Tensor.rand([2, 4]))
/// print(net[2].bias)                          // the Linear's bias (net[2] is a Module)
/// let last = net[-1, as: Linear.self]         // typed access
/// for layer in net { print(layer) }
/// ```
open class Sequential: Module, IndexedModuleContainer {
    /// A container running `modules` in order.
    public convenience init(_ modules: Module...) { self.init(modules) }

    /// A container running `modules` in order.
    public init(_ modules: [Module]) {
        super.init()
        for module in modules { appendIndexedChild(module) }
    }

    /// A container with named children, in the given order (PyTorch's `Sequential(OrderedDict(...))`).
    ///
    /// ```swift
    /// let net = try Sequential(["conv1": Linear(4, 4), "relu1": ReLU()])
    /// ```
    public convenience init(_ namedModules: KeyValuePairs<String, Module>) throws(ModuleError) {
        self.init([Module]())
        for (name, module) in namedModules { try addModule(name, module) }
    }

    /// The child at `index`; negative indices count from the end. Setting replaces it under the same name.
    open override subscript(index: Int) -> Module {
        get { indexedChild(index) }
        set { setIndexedChild(index, to: newValue) }
    }

    /// A new container with the children at `range` (sharing them), keeping their names.
    public subscript(range: Range<Int>) -> Sequential {
        let slice = Sequential([Module]())
        for entry in indexedChildEntries(range) { slice.setChild(entry.module, named: entry.name) }
        return slice
    }

    /// Inserts `module` before position `index` (negative counts from the end); returns self.
    @discardableResult
    public func insert(_ module: Module, at index: Int) -> Self {
        insertIndexedChild(module, at: index)
        return self
    }

    /// Feeds `input` through every child in order.
    open override func forward(_ input: Tensor) -> Tensor {
        var output = input
        for case let module? in indexedChildren { output = module(output) }
        return output
    }
}
