/// Element-wise mathematical functions. Integer inputs of the transcendental functions give `.float32`, as in PyTorch.
extension Tensor {
    /// `-x`.
    public func neg() -> Tensor { Autograd.unary(.neg, self) }
    /// `|x|`.
    public func abs() -> Tensor { Autograd.unary(.abs, self) }
    /// -1, 0 or 1 by sign (NaN stays NaN).
    public func sign() -> Tensor { Autograd.unary(.sign, self) }
    /// `eˣ`.
    public func exp() -> Tensor { Autograd.unary(.exp, self) }
    /// `2ˣ`.
    public func exp2() -> Tensor { Autograd.unary(.exp2, self) }
    /// `eˣ - 1`, accurate near 0.
    public func expm1() -> Tensor { Autograd.unary(.expm1, self) }
    /// Natural logarithm.
    public func log() -> Tensor { Autograd.unary(.log, self) }
    /// Base-2 logarithm.
    public func log2() -> Tensor { Autograd.unary(.log2, self) }
    /// Base-10 logarithm.
    public func log10() -> Tensor { Autograd.unary(.log10, self) }
    /// `log(1 + x)`, accurate near 0.
    public func log1p() -> Tensor { Autograd.unary(.log1p, self) }
    /// Square root.
    public func sqrt() -> Tensor { Autograd.unary(.sqrt, self) }
    /// `1 / sqrt(x)`.
    public func rsqrt() -> Tensor { Autograd.unary(.rsqrt, self) }
    /// `1 / x`.
    public func reciprocal() -> Tensor { Autograd.unary(.reciprocal, self) }
    /// `x * x`.
    public func square() -> Tensor { Autograd.unary(.square, self) }
    /// Sine.
    public func sin() -> Tensor { Autograd.unary(.sin, self) }
    /// Cosine.
    public func cos() -> Tensor { Autograd.unary(.cos, self) }
    /// Tangent.
    public func tan() -> Tensor { Autograd.unary(.tan, self) }
    /// Arcsine.
    public func asin() -> Tensor { Autograd.unary(.asin, self) }
    /// Arccosine.
    public func acos() -> Tensor { Autograd.unary(.acos, self) }
    /// Arctangent.
    public func atan() -> Tensor { Autograd.unary(.atan, self) }
    /// Hyperbolic sine.
    public func sinh() -> Tensor { Autograd.unary(.sinh, self) }
    /// Hyperbolic cosine.
    public func cosh() -> Tensor { Autograd.unary(.cosh, self) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { Autograd.unary(.tanh, self) }
    /// Logistic sigmoid `1 / (1 + e⁻ˣ)`.
    public func sigmoid() -> Tensor { Autograd.unary(.sigmoid, self) }
    /// Error function.
    public func erf() -> Tensor { Autograd.unary(.erf, self) }
    /// Gaussian error linear unit: `0.5·x·(1 + erf(x/√2))`, or `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` with
    /// `tanhApproximation` (`F.gelu(x, approximate='tanh')`); vectorised for contiguous float tensors.
    public func gelu(tanhApproximation: Bool = false) -> Tensor {
        Autograd.unary(tanhApproximation ? .geluTanh : .gelu, self)
    }
    /// Complementary error function.
    public func erfc() -> Tensor { Autograd.unary(.erfc, self) }
    /// `max(x, 0)` (NaN stays NaN).
    public func relu() -> Tensor { Autograd.unary(.relu, self) }
    /// Rounds down.
    public func floor() -> Tensor { Autograd.unary(.floor, self) }
    /// Rounds up.
    public func ceil() -> Tensor { Autograd.unary(.ceil, self) }
    /// Rounds half to even, like `torch.round`.
    public func round() -> Tensor { Autograd.unary(.round, self) }
    /// Rounds toward zero.
    public func trunc() -> Tensor { Autograd.unary(.trunc, self) }

    /// Limits every element to `min...max` (either bound may be omitted; NaN stays NaN).
    public func clamp(min: Double? = nil, max: Double? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        return Autograd.unary(.clamp(min: min, max: max), self)
    }

    /// Limits every element between tensors `min` and `max` (broadcasting). Disfavoured, so that number literals
    /// (`t.clamp(min: 0, max: 16)`) pick the scalar bounds, as in PyTorch.
    @_disfavoredOverload
    public func clamp(min: Tensor? = nil, max: Tensor? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        var result = self
        if let min { result = result.maximum(min) }
        if let max { result = result.minimum(max) }
        return result
    }

    // MARK: In place

    /// Limits every element to `min...max`, in place.
    @discardableResult
    public func clamp_(min: Double? = nil, max: Double? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        return inPlaceUnary(.clamp(min: min, max: max))
    }
    /// Negates in place.
    @discardableResult public func neg_() -> Tensor { inPlace(.neg) }
    /// Absolute value in place.
    @discardableResult public func abs_() -> Tensor { inPlace(.abs) }
    /// `eˣ` in place.
    @discardableResult public func exp_() -> Tensor { inPlace(.exp) }
    /// Natural logarithm in place.
    @discardableResult public func log_() -> Tensor { inPlace(.log) }
    /// Square root in place.
    @discardableResult public func sqrt_() -> Tensor { inPlace(.sqrt) }
    /// `max(x, 0)` in place.
    @discardableResult public func relu_() -> Tensor { inPlace(.relu) }
    /// Sigmoid in place.
    @discardableResult public func sigmoid_() -> Tensor { inPlace(.sigmoid) }
    /// Hyperbolic tangent in place.
    @discardableResult public func tanh_() -> Tensor { inPlace(.tanh) }

    private func inPlace(_ op: UnaryOp) -> Tensor { inPlaceUnary(op) }
}
