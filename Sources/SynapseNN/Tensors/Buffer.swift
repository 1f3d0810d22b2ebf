/// A tensor that is part of a module's state but is not trained (`torch.nn.Buffer`), such as a running mean.
///
/// A stored property of type `Buffer` (or `Buffer?`) is one of its module's buffers: it appears in
/// ``Module/namedBuffers(prefix:recurse:removeDuplicate:)`` and, when ``persistent``, in
/// ``Module/stateDict(prefix:keepVars:)``. Plain tensors can also be registered at run time with
/// ``Module/registerBuffer(_:_:persistent:)``. A buffer shares the memory of the tensor it wraps and prints like
/// a plain tensor.
///
/// ```swift
/// final class Counter: Module {
///     var steps = Buffer(Tensor.zeros([], dtype: .int64))
///     var cache = Buffer(Tensor.zeros([4]), persistent: false)   // not saved
/// }
/// ```
public final class Buffer: Tensor, @unchecked Sendable {
    /// Whether the buffer is saved in the state dict.
    public let persistent: Bool

    /// Wraps `tensor`'s memory as a buffer; it keeps `tensor`'s `requiresGrad` flag but not its history.
    public init(_ tensor: Tensor, persistent: Bool = true) {
        self.persistent = persistent
        super.init(sharing: tensor)
        if tensor.requiresGrad { requiresGrad = true }
    }

    /// A 0-dimensional `.float32` buffer from a literal.
    public required convenience init(floatLiteral value: Double) { self.init(Tensor(floatLiteral: value)) }
    /// A 0-dimensional `.int64` buffer from a literal.
    public required convenience init(integerLiteral value: Int) { self.init(Tensor(integerLiteral: value)) }
    /// A 0-dimensional `.bool` buffer from a literal.
    public required convenience init(booleanLiteral value: Bool) { self.init(Tensor(booleanLiteral: value)) }
}
