/// Swift numbers used as operands: wrapped as 0-dimensional tensors that follow PyTorch's rules for Python
/// scalars (they never widen the tensor's type within its category).
/// (The literal initialisers live in the class body, as Swift requires for `required` initialisers.)
extension Tensor: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {

    /// `value` as a 0-dim operand next to this tensor: same dtype when it fits the tensor's category,
    /// otherwise the default type of its own category.
    func scalarOperand(_ value: Double) -> Tensor {
        let dtype = dtype.isFloatingPoint ? dtype : .float32
        return Tensor.scalar(value, dtype: dtype)
    }

    /// An integer `value` as a 0-dim operand next to this tensor.
    func scalarOperand(_ value: Int) -> Tensor {
        let dtype: DType = dtype == .bool ? .int64 : dtype
        if dtype.isFloatingPoint { return Tensor.scalar(Double(value), dtype: dtype) }
        let result = Tensor.empty([], dtype: dtype)
        result.fillWithoutGrad(integer: Int64(value))
        return result
    }

    /// A 0-dimensional tensor of `dtype` holding `value`.
    static func scalar(_ value: Double, dtype: DType) -> Tensor {
        Tensor.empty([], dtype: dtype).fillWithoutGrad(value)
    }
}
