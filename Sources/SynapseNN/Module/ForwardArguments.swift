/// The arguments of one call of a module, as forward pre-hooks and forward hooks registered `withArguments:` see
/// them (PyTorch's `args` and `kwargs` of a hook registered with `with_kwargs=True`).
///
/// Each position holds the value the caller passed (a ``/SynapseTensor/Tensor``, an optional tensor, a `Bool`…) and, when the
/// module names its arguments (``Module/callForward(_:_:labels:)``), its label. A pre-hook may replace any value
/// with another of the same type; the module then runs on the replaced arguments.
///
/// ```swift
/// attention.registerForwardPreHook(withArguments: { _, arguments in
///     print(arguments["attnMask", as: Tensor?.self] as Any)    // the mask the caller passed
///     arguments[0] = arguments.tensor(at: 0)! * 2               // double the query
/// })
/// ```
public struct ForwardArguments {
    /// The values in call order.
    public var values: [Any]
    /// The name of each position (empty when the module gives none).
    public let labels: [String]
    /// The module's type name, for messages.
    let moduleName: String

    /// Arguments `values`, named by `labels` when there are as many labels as values.
    init(values: [Any], labels: [String], moduleName: String) {
        self.values = values
        self.labels = labels.count == values.count ? labels : Array(repeating: "", count: values.count)
        self.moduleName = moduleName
    }

    /// The number of arguments.
    public var count: Int { values.count }

    /// The value at `position`; setting replaces it (with a value of the same type, checked when the call runs).
    public subscript(position: Int) -> Any {
        get { values[checkedPosition(position)] }
        set { values[checkedPosition(position)] = newValue }
    }

    /// The value at `position` as a `T`; stops with a message naming both types when it is not one.
    public subscript<T>(position: Int, as type: T.Type) -> T {
        let value = self[position]
        guard let typed = value as? T else {
            fatalError("argument \(position) of \(moduleName) is a \(Swift.type(of: value)), not a \(T.self)")
        }
        return typed
    }

    /// The value labelled `label`, or `nil` when no argument has that label; setting replaces it.
    public subscript(label: String) -> Any? {
        get { labels.firstIndex(of: label).map { values[$0] } }
        set {
            guard let position = labels.firstIndex(of: label) else {
                fatalError("\(moduleName) has no argument labelled '\(label)' (its labels: \(labels))")
            }
            values[position] = newValue as Any
        }
    }

    /// The value labelled `label` as a `T`; stops when there is none or it is not a `T`.
    public subscript<T>(label: String, as type: T.Type) -> T {
        guard let position = labels.firstIndex(of: label) else {
            fatalError("\(moduleName) has no argument labelled '\(label)' (its labels: \(labels))")
        }
        return self[position, as: T.self]
    }

    /// The tensor at `position`: `nil` when the value there is not a tensor or is an optional tensor that is `nil`.
    public func tensor(at position: Int) -> Tensor? { self[position] as? Tensor }

    /// Every tensor among the arguments, in order (optional tensors that are `nil` left out).
    public var tensors: [Tensor] { values.compactMap { $0 as? Tensor } }

    private func checkedPosition(_ position: Int) -> Int {
        check(position >= 0 && position < values.count,
              "\(moduleName) was called with \(values.count) argument(s); there is no argument \(position)")
        return position
    }
}
