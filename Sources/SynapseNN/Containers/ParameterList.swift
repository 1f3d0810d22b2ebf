/// Parameters in a list (`torch.nn.ParameterList`): registered under `"0"`, `"1"`…, so they belong to the model
/// (``Module/parameters(recurse:)``, the state dict) while the owner decides how to use them. Plain tensors are
/// wrapped as parameters, as PyTorch does.
///
/// ```swift
/// let weights = ParameterList([Tensor.randn([4, 4]), Tensor.randn([4, 4])])
/// print(weights.stateDict().keys)    // odict_keys(['0', '1'])
/// ```
open class ParameterList: Module, Sequence {
    /// A list holding `tensors`, each wrapped as a ``Parameter`` unless it already is one.
    public init(_ tensors: [Tensor] = []) {
        super.init()
        for tensor in tensors { append(tensor) }
    }

    /// Number of parameters.
    public var count: Int { registeredParameters.count }

    /// The parameter at `index` (negative counts from the end); setting replaces it under the same name.
    public subscript(index: Int) -> Parameter {
        get {
            guard let parameter = registeredParameters.values[position(index)] else {
                fatalError("the parameter at index \(index) is nil (None in PyTorch)")
            }
            return parameter
        }
        set { registeredParameters.set(newValue, for: registeredParameters.names[position(index)]) }
    }

    /// Adds `tensor` at the end (wrapped as a parameter unless it is one); returns self.
    @discardableResult
    public func append(_ tensor: Tensor) -> Self {
        registeredParameters.set(ParameterList.wrap(tensor), for: String(registeredParameters.count))
        return self
    }

    /// Adds each tensor at the end; returns self.
    @discardableResult
    public func extend(_ tensors: some Sequence<Tensor>) -> Self {
        for tensor in tensors { append(tensor) }
        return self
    }

    /// Iterates the parameters in order.
    public func makeIterator() -> IndexingIterator<[Parameter]> {
        registeredParameters.values.compactMap { $0 }.makeIterator()
    }

    /// One line per parameter, as PyTorch prints them: `  (0): Parameter containing: [torch.float32 of size 3x4]`.
    open override var extraRepr: String {
        registeredParameters.names.indices.map { index in
            let parameter = registeredParameters.values[index]
            return "  (\(index)): " + (parameter.map { ParameterList.summary($0, typeName: $0.dtype.description) } ?? "None")
        }.joined(separator: "\n")
    }

    /// `Parameter containing: [torch.float32 of size 3x4]`.
    static func summary(_ parameter: Parameter, typeName: String) -> String {
        "Parameter containing: [\(typeName) of size \(parameter.shape.map(String.init).joined(separator: "x"))]"
    }

    /// `tensor` as a parameter: itself when it is one, a new parameter sharing its memory otherwise.
    static func wrap(_ tensor: Tensor) -> Parameter { tensor as? Parameter ?? Parameter(tensor) }

    private func position(_ index: Int) -> Int {
        let count = registeredParameters.count
        check(index >= -count && index < count, "index \(index) is out of range")
        return index < 0 ? index + count : index
    }
}

/// Parameters by name (`torch.nn.ParameterDict`), in insertion order; plain tensors are wrapped as parameters.
///
/// ```swift
/// let gains = try ParameterDict(["scale": Tensor.ones([4]), "shift": Tensor.zeros([4])])
/// print(gains["scale"]!)
/// ```
open class ParameterDict: Module, Sequence {
    /// An empty dictionary.
    public override init() { super.init() }

    /// A dictionary holding `tensors` in the given order; throws for names PyTorch rejects.
    public convenience init(_ tensors: KeyValuePairs<String, Tensor>) throws(ModuleError) {
        self.init()
        for (key, tensor) in tensors { try insert(tensor, forKey: key) }
    }

    /// Number of entries.
    public var count: Int { registeredParameters.count }

    /// The keys in order.
    public var keys: [String] { registeredParameters.names }

    /// The parameter stored under `key`, or `nil`.
    public subscript(key: String) -> Parameter? { registeredParameters[key] ?? nil }

    /// Stores `tensor` (wrapped as a parameter unless it is one) under `key`, replacing any entry in place.
    public func insert(_ tensor: Tensor, forKey key: String) throws(ModuleError) {
        try registerParameter(key, ParameterList.wrap(tensor))
    }

    /// Iterates `(key, parameter)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(key: String, parameter: Parameter)]> {
        zip(registeredParameters.names, registeredParameters.values).compactMap { key, value in
            value.map { (key, $0) }
        }.makeIterator()
    }

    /// One line per entry: `  (a): Parameter containing: [torch.FloatTensor of size 1x2]`.
    open override var extraRepr: String {
        zip(registeredParameters.names, registeredParameters.values).map { key, parameter in
            "  (\(key)): " + (parameter.map { ParameterList.summary($0, typeName: PythonRepr.tensorTypeName($0.dtype)) }
                ?? "None")
        }.joined(separator: "\n")
    }
}
