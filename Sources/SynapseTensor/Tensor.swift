/// An n-dimensional array: a strided view (shape, strides, storage offset) over a shared ``Storage``.
///
/// `Tensor` is a class, as in PyTorch: assigning it shares it, and views (`view`, `transpose`, slices, ``data``)
/// share memory with their base, so an in-place write through one is visible through all of them.
///
/// ```swift
/// let x = Tensor([[1.0, 2.0], [3.0, 4.0]])
/// x.t()[0, 1] = 42          // writes x[1, 0]
/// print(x)                  // tensor([[ 1.,  2.],
///                           //         [42.,  4.]])
/// ```
open class Tensor: @unchecked Sendable {
    // The layout changes only through `data`'s setter (PyTorch's `t.data = other`, which `Module.to(_:)` uses to
    // convert parameters in place); `@exclusivity(unchecked)` keeps reads free of exclusivity checks, which
    // matters for small tensors, as it did when the layout was `let`.
    /// The memory this tensor views.
    @exclusivity(unchecked) public private(set) var storage: Storage
    /// Size of each dimension.
    @exclusivity(unchecked) public private(set) var shape: [Int]
    /// Distance, in elements, between consecutive indices of each dimension.
    @exclusivity(unchecked) public private(set) var strides: [Int]
    /// Index, in elements, of the first element inside ``storage``.
    @exclusivity(unchecked) public private(set) var storageOffset: Int
    /// The element type.
    @exclusivity(unchecked) public private(set) var dtype: DType

    // Autograd's per-tensor state below is read and written on every recorded operation and backward step;
    // `@exclusivity(unchecked)` drops the runtime exclusivity check (swift_beginAccess) each access would make
    // (~90 per training step of a small MLP, ~6 % of its instructions). Synapse never holds an inout access to
    // these across a call that could touch them again.
    /// Whether autograd records operations on this tensor: set on leaves (parameters, inputs), implied for
    /// results of recorded operations. Only floating-point tensors can require gradients.
    public var requiresGrad: Bool {
        get { requiresGradFlag || gradFn != nil }
        set {
            check(gradFn == nil || newValue,
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
            check(!newValue || dtype.isFloatingPoint,
                "only Tensors of floating point dtype can require gradients")
            requiresGradFlag = newValue
        }
    }
    /// The leaf flag behind ``requiresGrad``.
    @exclusivity(unchecked) var requiresGradFlag = false

    /// The accumulated gradient, `nil` until a backward pass reaches this tensor (`.grad`).
    public var grad: Tensor? {
        get { gradientStore?.value }
        set {
            if let newValue {
                check(newValue.shape == shape,
                    "assigned grad has data of a different size: \(Tensor.shapeString(newValue.shape)) vs \(Tensor.shapeString(shape))")
                makeGradientStore().value = newValue
            } else {
                gradientStore?.value = nil
            }
        }
    }
    /// Where ``grad`` and the tensor's gradient hooks live, shared with its ``AccumulateGrad`` node; created when
    /// first needed.
    @exclusivity(unchecked) var gradientStore: GradientStore?

    /// The backward node that produced this tensor (`grad_fn`); `nil` for leaves and tensors without history.
    @exclusivity(unchecked) public internal(set) var gradFn: GradFn?
    /// Which output of ``gradFn`` this tensor is.
    @exclusivity(unchecked) var outputNumber = 0
    /// The node that accumulates into this leaf's gradient, shared by every graph that uses the leaf. Held here
    /// and kept from one graph to the next (it holds the leaf's ``GradientStore``, not the leaf); PyTorch holds
    /// it the other way round, which in Swift would cost a new node and a weak-reference side table per leaf and
    /// graph.
    @exclusivity(unchecked) var gradAccumulatorNode: AccumulateGrad?
    /// Whether ``retainGrad()`` was called on this non-leaf tensor.
    @exclusivity(unchecked) public internal(set) var retainsGrad = false
    /// For views: the tensor whose memory they view, so that in-place writes through a view rebase the base's history.
    @exclusivity(unchecked) var viewBase: Tensor?

    /// Creates a view over `storage`. The view must lie inside the storage.
    // The checks are plain tests on the stored layout: `check`'s autoclosures would capture (and retain) the
    // arrays, and each reference copy is an atomic operation, a large part of what creating a small tensor costs.
    public init(storage: Storage, shape: [Int], strides: [Int], storageOffset: Int = 0, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.dtype = dtype
        if self.shape.count != self.strides.count { fatalError("shape and strides must have the same length") }
        Tensor.checkSizes(self.shape)
        if storageOffset < 0 { fatalError("Tensor: negative storage offset \(storageOffset)") }
        assert(Tensor.viewFits(shape: self.shape, strides: self.strides, offset: storageOffset,
                               itemSize: dtype.itemSize, byteCount: self.storage.byteCount))
    }

    /// Creates an uninitialised contiguous tensor.
    public convenience init(uninitializedShape shape: [Int], dtype: DType = .float32) {
        let count = Tensor.elementCount(shape)
        self.init(storage: Storage.allocate(byteCount: count * dtype.itemSize), shape: shape,
                  strides: Tensor.contiguousStrides(shape), dtype: dtype)
    }

    /// Stops with PyTorch's message when a size is negative.
    @inline(__always)
    static func checkSizes(_ shape: [Int]) {
        for size in shape where size < 0 { failNegativeSize() }
    }

    private static func failNegativeSize() -> Never { fatalError("Trying to create tensor with negative dimension") }

    /// A new tensor object that shares this tensor's memory and layout (no autograd history).
    /// Subclasses such as `Parameter` use it to wrap existing data.
    public init(sharing other: Tensor) {
        self.storage = other.storage
        self.shape = other.shape
        self.strides = other.strides
        self.storageOffset = other.storageOffset
        self.dtype = other.dtype
    }

    /// A 0-dimensional `.float32` tensor from a literal (`t[0, 0] = 4.2`).
    public required convenience init(floatLiteral value: Double) { self.init(scalar: Float(value)) }
    /// A 0-dimensional `.int64` tensor from a literal (`t[0, 0] = 42`).
    public required convenience init(integerLiteral value: Int) { self.init(scalar: Int64(value)) }
    /// A 0-dimensional `.bool` tensor from a literal.
    public required convenience init(booleanLiteral value: Bool) { self.init(scalar: value) }

    // MARK: Shape

    /// Number of dimensions (`t.dim()` in PyTorch).
    @inline(__always) public var rank: Int { shape.count }
    /// Number of dimensions; an alias of ``rank`` with PyTorch's name.
    @inline(__always) public var dim: Int { shape.count }
    /// Total number of elements.
    public var numel: Int { Tensor.elementCount(shape) }
    /// The device the tensor lives on. Always `.cpu` in this build.
    public var device: Device { .cpu }

    /// Size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) -> Int { shape[normalizeDim(dim)] }
    /// Stride of dimension `dim` (negative counts from the end).
    public func stride(_ dim: Int) -> Int { strides[normalizeDim(dim)] }

    /// Whether the elements are laid out in row-major order without gaps.
    public var isContiguous: Bool { Tensor.isContiguous(shape: shape, strides: strides) }

    /// Whether the tensor has values to read. Placeholders whose shape isn't known yet (a lazy module's
    /// uninitialised parameters) override it to `false`, so reading them is a clear error instead of an empty array.
    open var holdsValues: Bool { true }

    /// Stops with PyTorch's message when ``holdsValues`` is false.
    func checkHoldsValues() {
        check(holdsValues, "Can't access the values of an uninitialized parameter or buffer. Call `forward` to initialize the parameters before accessing their values.")
    }

    /// `.data`: a tensor sharing this tensor's memory, detached from autograd (no gradient, no history).
    /// Writes through it change this tensor's values and are not recorded.
    ///
    /// Assigning it (`weight.data = other`, as in PyTorch) makes this tensor view `other`'s memory with `other`'s
    /// shape, strides and dtype while staying the same object, with its gradient, hooks and `requiresGrad`: an
    /// optimizer holding it sees the new values. Views made earlier keep viewing the old memory. Don't assign it
    /// while other threads use the tensor.
    ///
    /// ```swift
    /// layer.weight.data = layer.weight.data.to(.float64)   // the same Parameter, now float64
    /// ```
    public var data: Tensor {
        get { Tensor(sharing: self) }
        set {
            check(gradFn == nil || !newValue.dtype.isFloatingPoint || newValue.dtype == dtype,
                "data set to a tensor of another dtype on a non-leaf tensor that autograd recorded")
            check(!requiresGrad || newValue.dtype.isFloatingPoint,
                "data set to a \(newValue.dtype) tensor on a tensor that requires grad: only floating point tensors can require gradients")
            // A leaf's gradient accumulator checks incoming gradients against the layout it was made for: a new
            // one is made on next use (it shares the gradient and hooks, which live in the gradient store).
            if newValue.dtype != dtype || newValue.shape != shape { gradAccumulatorNode = nil }
            (storage, shape, strides, storageOffset, dtype) =
                (newValue.storage, newValue.shape, newValue.strides, newValue.storageOffset, newValue.dtype)
        }
    }

    // MARK: Layout helpers

    static func elementCount(_ shape: [Int]) -> Int {
        var count = 1
        for size in shape { count *= size }
        return count
    }

    /// Contiguous strides of matrices `[m, n]` with `n` below 256, built once and shared: most small tensors are
    /// matrices, and allocating their strides is a measurable part of creating them. (Below ``SharedLayouts/limit``,
    /// `SharedLayouts`' statically initialised arrays serve instead.)
    private static let matrixStrides: [[Int]] = (0..<256).map { [Swift.max($0, 1), 1] }

    /// The row-major strides of `shape` (a size 0 counts as 1; products that overflow saturate at `Int.max`).
    package static func contiguousStrides(_ shape: [Int]) -> [Int] {
        // Array literals for the common ranks: building an array of a computed length costs several times more
        // (a generic runtime path), which shows on small tensors, where layout bookkeeping is most of the work.
        switch shape.count {
        case 0: return []
        case 1: return [1]
        case 2:
            if shape[1] < SharedLayouts.limit { return SharedLayouts.pair(Swift.max(shape[1], 1), 1) }
            return shape[1] < matrixStrides.count ? matrixStrides[shape[1]] : [shape[1], 1]
        case 3:
            let inner = Swift.max(shape[2], 1)
            return [saturatingProduct(inner, shape[1]), inner, 1]
        default: break
        }
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for index in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            strides[index] = running
            running = saturatingProduct(running, shape[index])
        }
        return strides
    }

    /// `a · max(b, 1)`, or `Int.max` when that overflows. Strides can overflow only for a tensor with no elements
    /// (`[0, 2⁶², 2⁶²]`, which a file may describe): its strides are never used to address anything.
    @inline(__always)
    private static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: Swift.max(b, 1))
        return overflow ? Int.max : product
    }

    static func isContiguous(shape: [Int], strides: [Int]) -> Bool {
        // A plain countdown: a `stride(from:through:by:)` loop costs several times more per dimension, and this
        // runs for nearly every operation on small tensors.
        var expected = 1
        var index = shape.count
        while index > 0 {
            index &-= 1
            let size = shape[index]
            if size == 1 { continue }
            if size == 0 { return true }
            if strides[index] != expected { return false }
            expected &*= size
        }
        return true
    }

    /// True when every element the view can address lies inside `byteCount` bytes.
    static func viewFits(shape: [Int], strides: [Int], offset: Int, itemSize: Int, byteCount: Int) -> Bool {
        if shape.contains(0) { return offset * itemSize <= byteCount }
        var lowest = offset, highest = offset
        for (size, stride) in zip(shape, strides) {
            if stride >= 0 { highest += (size - 1) * stride } else { lowest += (size - 1) * stride }
        }
        return lowest >= 0 && (highest + 1) * itemSize <= byteCount
    }

    /// Wraps a negative dimension index and checks the range, with PyTorch's message.
    func normalizeDim(_ dim: Int, rankOverride: Int? = nil) -> Int {
        Tensor.normalizeDim(dim, rank: rankOverride ?? rank)
    }

    static func normalizeDim(_ dim: Int, rank: Int) -> Int {
        let effectiveRank = Swift.max(rank, 1)
        check(dim >= -effectiveRank && dim < effectiveRank,
            "Dimension out of range (expected to be in range of [\(-effectiveRank), \(effectiveRank - 1)], but got \(dim))")
        return dim < 0 ? dim + effectiveRank : dim
    }

    // MARK: Raw access

    /// Pointer to the first element of the view (storage start + offset), typed.
    @inline(__always)
    func basePointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        (storage.bytes + storageOffset * dtype.itemSize).assumingMemoryBound(to: T.self)
    }

    /// Pointer to the first element of the view, untyped.
    @inline(__always)
    var baseRawPointer: UnsafeMutableRawPointer { storage.bytes + storageOffset * dtype.itemSize }

    /// Calls `body` with a typed pointer to the first element and the element strides. `T` must match ``dtype``
    /// in layout (checked).
    public func withUnsafeElements<T: TensorElement, R>(
        of type: T.Type, _ body: (UnsafeMutablePointer<T>, _ shape: [Int], _ strides: [Int]) throws -> R
    ) rethrows -> R {
        check(T.dtype == dtype, "expected a tensor of \(T.dtype), got \(dtype)")
        return try withExtendedLifetime(storage) { try body(basePointer(T.self), shape, strides) }
    }

    /// Calls `body` with the bytes of a contiguous tensor, `numel × itemSize` of them from the first element, in
    /// row-major order (what a checkpoint file stores).
    public func withUnsafeRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        check(isContiguous, "withUnsafeRawBytes needs a contiguous tensor; call contiguous() first")
        return try withExtendedLifetime(storage) {
            try body(UnsafeRawBufferPointer(start: baseRawPointer, count: numel * dtype.itemSize))
        }
    }

    /// Marks the storage as modified in place (for autograd's saved-tensor checks).
    @inline(__always) func markModified() { storage.bumpVersion() }
}
