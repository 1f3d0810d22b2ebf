/// Modules run one after another (`torch.nn.Sequential`): children named `"0"`, `"1"`… (or the names given to
/// ``Module/addModule(_:_:)``), the output of each fed to the next.
///
/// The element type is the children's common type: `Module` for a mix of layers, `Linear` for linear layers
/// only, so that `net[0]` and `for layer in net` are typed without casts. It prints as `Sequential` either way.
///
/// ```swift
/// let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))   // Sequential<Module>
/// let y = net(Tensor.rand([2, 4]))
/// print(net[2].bias)                          // the Linear's bias (net[2] is a Module)
/// let last = net[-1, as: Linear.self]         // typed access
/// let stack = Sequential(Linear(4, 4), Linear(4, 4))
/// print(stack[0].weight.shape)                // [4, 4]: stack[0] is a Linear
/// ```
open class Sequential<Element: Module>: Module, IndexedModuleContainer {
    /// A container running `modules` in order.
    public convenience init(_ modules: Element...) { self.init(modules) }

    /// A container running `modules` in order.
    public init(_ modules: [Element]) {
        super.init()
        for module in modules { appendIndexedChild(module) }
    }

    /// A container with named children, in the given order (PyTorch's `Sequential(OrderedDict(...))`).
    ///
    /// ```swift
    /// let net = try Sequential(["conv1": Linear(4, 4), "relu1": ReLU()])
    /// ```
    /// A literal can't fail at run time, so this initialiser doesn't throw: a repeated name keeps its first
    /// position and its last module (as an `OrderedDict` does); a name containing "." or empty stops with
    /// PyTorch's message.
    public convenience init(_ namedModules: KeyValuePairs<String, Element>) {
        self.init([Element]())
        for (name, module) in namedModules { addLiteralModule(name, module) }
    }

    /// The child at `index`; negative indices count from the end. Setting replaces it under the same name.
    public subscript(index: Int) -> Element {
        get { typedChild(index) }
        set { setIndexedChild(index, to: newValue) }
    }

    /// A new container with the children at `range` (sharing them), keeping their names.
    public subscript(range: Range<Int>) -> Sequential<Element> {
        let slice = Sequential<Element>([Element]())
        for entry in indexedChildEntries(range) { slice.setChild(entry.module, named: entry.name) }
        return slice
    }

    /// Inserts `module` before position `index` (negative counts from the end); returns self.
    @discardableResult
    public func insert(_ module: Element, at index: Int) -> Self {
        insertIndexedChild(module, at: index)
        return self
    }

    override var indexesChildren: Bool { true }
    override func canHoldChild(_ module: Module) -> Bool { module is Element }

    /// Feeds `input` through every child in order.
    open override func forward(_ input: Tensor) -> Tensor {
        var output = input
        for case let module? in indexedChildren { output = module(output) }
        return output
    }
}
