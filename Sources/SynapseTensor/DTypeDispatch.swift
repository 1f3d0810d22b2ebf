/// A computation generic over the element type, run for a dtype known only at run time.
///
/// Swift has no generic closures, so kernels that must be specialised per element type are written as small
/// visitor structs; `DType.visit` switches once and calls the specialised code.
protocol ElementVisitor {
    associatedtype Result
    func visit<T: TensorElement>(_ type: T.Type) -> Result
}

extension DType {
    /// Runs `visitor` specialised for this dtype's element type.
    @inline(__always)
    func visit<V: ElementVisitor>(_ visitor: V) -> V.Result {
        switch self {
        case .float32: visitor.visit(Float.self)
        case .float64: visitor.visit(Double.self)
        case .float16: visitor.visit(Float16.self)
        case .bfloat16: visitor.visit(BFloat16.self)
        case .int64: visitor.visit(Int64.self)
        case .int32: visitor.visit(Int32.self)
        case .int16: visitor.visit(Int16.self)
        case .int8: visitor.visit(Int8.self)
        case .uint8: visitor.visit(UInt8.self)
        case .bool: visitor.visit(Bool.self)
        }
    }
}

/// Converts one element type to another with PyTorch's cast rules: integer to integer wraps, floating point to
/// integer truncates toward zero, anything to bool tests for non-zero. The branches fold away once specialised.
@inline(__always)
func convertElement<S: TensorElement, D: TensorElement>(_ value: S, to: D.Type) -> D {
    if S.dtype == D.dtype { return unsafeBitCast(value, to: D.self) }
    if !S.dtype.isFloatingPoint { return D(fromInt64: value.int64Value) }
    return D(fromDouble: value.doubleValue)
}
