/// Nested Swift arrays that describe a tensor: `[1.0, 2.0]`, `[[1, 2], [3, 4]]`, `[[[true]]]`.
public protocol NestedTensorData {
    /// The leaf element type.
    associatedtype Leaf: TensorElement
    /// Appends this value's shape (outermost first), checking that nested arrays are not ragged.
    func appendShape(to shape: inout [Int], depth: Int)
    /// Appends the leaves in row-major order.
    func appendLeaves(to leaves: inout [Leaf])
}

extension Float: NestedTensorData {}
extension Double: NestedTensorData {}
extension Float16: NestedTensorData {}
extension BFloat16: NestedTensorData {}
extension Int: NestedTensorData {}
extension Int64: NestedTensorData {}
extension Int32: NestedTensorData {}
extension Int16: NestedTensorData {}
extension Int8: NestedTensorData {}
extension UInt8: NestedTensorData {}
extension Bool: NestedTensorData {}

extension TensorElement where Self: NestedTensorData {
    public func appendShape(to shape: inout [Int], depth: Int) {}
    public func appendLeaves(to leaves: inout [Self]) { leaves.append(self) }
}

extension Array: NestedTensorData where Element: NestedTensorData {
    public typealias Leaf = Element.Leaf

    public func appendShape(to shape: inout [Int], depth: Int) {
        if depth == shape.count { shape.append(count) }
        check(shape[depth] == count,
            "expected sequence of length \(shape[depth]) at dim \(depth) (got \(count))")
        for element in self { element.appendShape(to: &shape, depth: depth + 1) }
    }

    public func appendLeaves(to leaves: inout [Leaf]) {
        for element in self { element.appendLeaves(to: &leaves) }
    }
}

extension Tensor {
    /// A tensor with the values and shape of nested Swift arrays (`torch.tensor`).
    ///
    /// The dtype follows PyTorch's rules for Python values unless given: floating-point literals (`Double`) make
    /// `.float32`, integers `.int64`, booleans `.bool`; arrays of `Float`, `Float16`, `Int32`… keep their own type.
    /// ```swift
    /// let x = Tensor([[1.0, 2.0], [3.0, 4.0]])        // float32, shape [2, 2]
    /// let i = Tensor([1, 2, 3])                       // int64
    /// let d = Tensor([0.5, 1.5], dtype: .float64)
    /// ```
    public convenience init<Data: NestedTensorData>(_ values: Data, dtype: DType? = nil) {
        var shape: [Int] = []
        values.appendShape(to: &shape, depth: 0)
        var leaves: [Data.Leaf] = []
        leaves.reserveCapacity(Tensor.elementCount(shape))
        values.appendLeaves(to: &leaves)
        let natural = Data.Leaf.self == Double.self ? DType.float32 : Data.Leaf.dtype
        let target = dtype ?? natural
        let flat = Tensor(flat: leaves, shape: shape)
        if target == flat.dtype {
            self.init(sharing: flat)
        } else {
            self.init(sharing: flat.to(target))
        }
    }

    /// A contiguous tensor holding `values` in row-major order with the given shape.
    public convenience init<T: TensorElement>(flat values: [T], shape: [Int]) {
        let count = Tensor.elementCount(shape)
        check(values.count == count,
            "shape '\(shape)' is invalid for input of size \(values.count)")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        let destination = basePointer(T.self)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { destination.update(from: base, count: count) }
        }
    }

    /// A 0-dimensional tensor holding one value (`torch.tensor(3.5)`); `Double` makes `.float32` unless given.
    public convenience init<T: TensorElement & NestedTensorData>(scalar value: T, dtype: DType? = nil) {
        let vector = Tensor([value] as [T], dtype: dtype ?? (T.self == Double.self ? .float32 : T.dtype))
        self.init(storage: vector.storage, shape: [], strides: [], storageOffset: 0, dtype: vector.dtype)
    }

    /// The single value of a one-element tensor, converted to `T` (`t.item()`).
    public func item<T: TensorElement>(as type: T.Type = Double.self) -> T {
        checkHoldsValues()
        check(numel == 1,
            "a Tensor with \(numel) elements cannot be converted to Scalar")
        return dtype.visit(ItemVisitor<T>(tensor: self))
    }

    /// The single value of a one-element tensor as a `Double`.
    public func item() -> Double { item(as: Double.self) }

    /// All values in row-major order (whatever the layout), converted to `T`.
    public func toArray<T: TensorElement>(of type: T.Type) -> [T] {
        checkHoldsValues()
        let source = dtype == T.dtype && isContiguous ? self : contiguous(dtype: T.dtype)
        return [T](UnsafeBufferPointer(start: source.basePointer(T.self), count: numel))
    }

    /// A copy converted to `dtype` (this tensor itself when the dtype already matches, like PyTorch).
    public func to(_ dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        let out = contiguous(dtype: dtype)
        guard Autograd.needsGrad(self), dtype.isFloatingPoint else { return out }
        // The gradient goes back in the source's dtype (a float32 master weight cast for autocast gets float32).
        let source = self.dtype
        return Autograd.attach(out, name: "ToCopyBackward0", inputs: self) { g, _, _ in InputGradients(g.to(source)) }
    }

    /// Moves the tensor to `device`. Only `.cpu` is available; any other device throws.
    public func to(device: Device) throws(DeviceError) -> Tensor {
        guard device.isAvailable else { throw .unavailable(device) }
        return self
    }

    /// This tensor if contiguous, otherwise a contiguous copy (`t.contiguous()`).
    public func contiguous() -> Tensor {
        isContiguous ? self : clone()
    }

    /// A contiguous copy with the given dtype, without autograd.
    func contiguous(dtype: DType) -> Tensor {
        let result = Tensor.empty(shape, dtype: dtype, stridesFrom: self)
        CopyKernel.copy(from: self, into: result)
        return result
    }

    /// A contiguous copy with its own memory (`t.clone()`).
    public func clone() -> Tensor {
        let out = contiguous(dtype: dtype)
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "CloneBackward0", inputs: self) { g, _, _ in InputGradients(g) }
    }
}

private struct ItemVisitor<Target: TensorElement>: ElementVisitor {
    let tensor: Tensor
    func visit<T: TensorElement>(_: T.Type) -> Target {
        convertElement(tensor.basePointer(T.self).pointee, to: Target.self)
    }
}
