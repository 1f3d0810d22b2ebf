/// Comparisons and logical operations. Results are `.bool` tensors, usable as masks (`t[t .> 0]`).
///
/// The element-wise operators are the dotted ones Swift uses for SIMD vectors (`.==`, `.<`, `.&`…), so that
/// `==` keeps its meaning of a `Bool` answer; ``equal(_:)`` compares whole tensors.
extension Tensor {
    /// Element-wise `==`.
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.eq, lhs, rhs) }
    /// Element-wise `!=`.
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.ne, lhs, rhs) }
    /// Element-wise `<`.
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.lt, lhs, rhs) }
    /// Element-wise `<=`.
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.le, lhs, rhs) }
    /// Element-wise `>`.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.gt, lhs, rhs) }
    /// Element-wise `>=`.
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.compare(.ge, lhs, rhs) }

    /// Element-wise `==` against a number.
    public static func .== (lhs: Tensor, rhs: Double) -> Tensor { lhs .== lhs.scalarOperand(rhs) }
    /// Element-wise `!=` against a number.
    public static func .!= (lhs: Tensor, rhs: Double) -> Tensor { lhs .!= lhs.scalarOperand(rhs) }
    /// Element-wise `<` against a number.
    public static func .< (lhs: Tensor, rhs: Double) -> Tensor { lhs .< lhs.scalarOperand(rhs) }
    /// Element-wise `<=` against a number.
    public static func .<= (lhs: Tensor, rhs: Double) -> Tensor { lhs .<= lhs.scalarOperand(rhs) }
    /// Element-wise `>` against a number.
    public static func .> (lhs: Tensor, rhs: Double) -> Tensor { lhs .> lhs.scalarOperand(rhs) }
    /// Element-wise `>=` against a number.
    public static func .>= (lhs: Tensor, rhs: Double) -> Tensor { lhs .>= lhs.scalarOperand(rhs) }

    /// Element-wise `==` against an integer.
    public static func .== (lhs: Tensor, rhs: Int) -> Tensor { lhs .== lhs.scalarOperand(rhs) }
    /// Element-wise `!=` against an integer.
    public static func .!= (lhs: Tensor, rhs: Int) -> Tensor { lhs .!= lhs.scalarOperand(rhs) }
    /// Element-wise `<` against an integer.
    public static func .< (lhs: Tensor, rhs: Int) -> Tensor { lhs .< lhs.scalarOperand(rhs) }
    /// Element-wise `<=` against an integer.
    public static func .<= (lhs: Tensor, rhs: Int) -> Tensor { lhs .<= lhs.scalarOperand(rhs) }
    /// Element-wise `>` against an integer.
    public static func .> (lhs: Tensor, rhs: Int) -> Tensor { lhs .> lhs.scalarOperand(rhs) }
    /// Element-wise `>=` against an integer.
    public static func .>= (lhs: Tensor, rhs: Int) -> Tensor { lhs .>= lhs.scalarOperand(rhs) }

    /// Element-wise `==` (`torch.eq`).
    public func eq(_ other: Tensor) -> Tensor { self .== other }
    /// Element-wise `!=` (`torch.ne`).
    public func ne(_ other: Tensor) -> Tensor { self .!= other }
    /// Element-wise `<` (`torch.lt`).
    public func lt(_ other: Tensor) -> Tensor { self .< other }
    /// Element-wise `<=` (`torch.le`).
    public func le(_ other: Tensor) -> Tensor { self .<= other }
    /// Element-wise `>` (`torch.gt`).
    public func gt(_ other: Tensor) -> Tensor { self .> other }
    /// Element-wise `>=` (`torch.ge`).
    public func ge(_ other: Tensor) -> Tensor { self .>= other }

    /// Element-wise logical and of the non-zero tests.
    public static func .& (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.logical(.and, lhs, rhs) }
    /// Element-wise logical or of the non-zero tests.
    public static func .| (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.logical(.or, lhs, rhs) }
    /// Element-wise logical exclusive or of the non-zero tests.
    public static func .^ (lhs: Tensor, rhs: Tensor) -> Tensor { BinaryKernels.logical(.xor, lhs, rhs) }
    /// Element-wise logical not (`x == 0`).
    public static prefix func .! (operand: Tensor) -> Tensor { operand.logicalNot() }

    /// Element-wise logical and (`torch.logical_and`).
    public func logicalAnd(_ other: Tensor) -> Tensor { self .& other }
    /// Element-wise logical or (`torch.logical_or`).
    public func logicalOr(_ other: Tensor) -> Tensor { self .| other }
    /// Element-wise logical exclusive or (`torch.logical_xor`).
    public func logicalXor(_ other: Tensor) -> Tensor { self .^ other }
    /// Element-wise logical not (`torch.logical_not`).
    public func logicalNot() -> Tensor { BinaryKernels.compare(.eq, self, Tensor.zeros([], dtype: dtype)) }

    /// Picks `x` where `condition` is true and `y` elsewhere, broadcasting all three (`torch.where`).
    public static func `where`(_ condition: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor {
        let mask = condition.dtype == .bool ? condition : condition .!= Tensor.zeros([], dtype: condition.dtype)
        let dtype = TypePromotion.resultType(x, y)
        let shape = Broadcast.shape([mask.shape, x.shape, y.shape])
        let result = Tensor.empty(shape, dtype: dtype)
        let a = TypePromotion.operand(x, as: dtype), b = TypePromotion.operand(y, as: dtype)
        let loop = StridedLoop(shape: shape, strides: [
            result.strides, Broadcast.strides(of: mask, to: shape),
            Broadcast.strides(of: a, to: shape), Broadcast.strides(of: b, to: shape),
        ])
        withExtendedLifetime((a, b, mask)) {
            dtype.visit(WhereVisitor(loop: loop, result: result, mask: mask, x: a, y: b))
        }
        guard Autograd.needsGrad(x, y), dtype.isFloatingPoint else { return result }
        return Autograd.attach(result, name: "WhereBackward0", inputs: x, y, saved: mask) { g, s, needs in
            let zero = Tensor.zeros([], dtype: g.dtype)
            return InputGradients(needs[0] ? Tensor.where(s[0], g, zero) : nil,
                                  needs[1] ? Tensor.where(s[0], zero, g) : nil)
        }
    }

    /// Whether both tensors have the same shape and the same values (`torch.equal`).
    public func equal(_ other: Tensor) -> Bool {
        shape == other.shape && (self .== other).all().item(as: Bool.self)
    }

    /// Whether `|self - other| <= atol + rtol * |other|` everywhere, broadcasting (`torch.allclose`).
    /// NaNs are equal only when `equalNaN` is set.
    public func allclose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) -> Bool {
        isclose(other, rtol: rtol, atol: atol, equalNaN: equalNaN).all().item(as: Bool.self)
    }

    /// Element-wise closeness test (`torch.isclose`).
    public func isclose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) -> Tensor {
        let a = to(.float64), b = other.to(.float64)
        let exact = a .== b
        let close = (a - b).abs() .<= (atol + rtol * b.abs())
        var result = exact .| (close .& a.isfinite() .& b.isfinite())
        if equalNaN { result = result .| (a.isnan() .& b.isnan()) }
        return result
    }

    /// Element-wise NaN test.
    public func isnan() -> Tensor { self .!= self }
    /// Element-wise finiteness test (integers are always finite).
    public func isfinite() -> Tensor {
        dtype.isFloatingPoint ? (self - self) .== Tensor.zeros([], dtype: dtype) : Tensor.ones(shape, dtype: .bool)
    }
}

private struct WhereVisitor: ElementVisitor {
    let loop: StridedLoop, result: Tensor, mask: Tensor, x: Tensor, y: Tensor
    func visit<T: TensorElement>(_: T.Type) {
        ElementwiseLoops.map(loop, result.basePointer(T.self), mask.basePointer(Bool.self),
                             x.basePointer(T.self), y.basePointer(T.self), LogicalFunctions.Select<T>())
    }
}
