import RealModule

/// Recorded one-operand element-wise operations and their derivatives.
extension Autograd {
    /// `op(x)`, recorded for autograd.
    static func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let out = UnaryKernels.apply(op, x)
        guard needsGrad(x), out.dtype.isFloatingPoint else { return out }
        let (name, usesInput, usesOutput) = op.backwardSignature
        return attach(out, name: name, inputs: x, saved: usesInput ? x : nil, savedOutput: usesOutput) { g, s, _ in
            let input = usesInput ? s[0] : g
            let result = usesOutput ? s[s.count - 1] : g
            return InputGradients(op.derivative(g, input: input, result: result))
        }
    }
}

extension UnaryOp {
    /// PyTorch's node name, and whether the formula needs the input and/or the result.
    var backwardSignature: (name: String, input: Bool, output: Bool) {
        switch self {
        case .neg: ("NegBackward0", false, false)
        case .abs: ("AbsBackward0", true, false)
        case .sign: ("SignBackward0", false, false)
        case .relu: ("ReluBackward0", false, true)
        case .square: ("PowBackward0", true, false)
        case .floor: ("FloorBackward0", false, false)
        case .ceil: ("CeilBackward0", false, false)
        case .round: ("RoundBackward0", false, false)
        case .trunc: ("TruncBackward0", false, false)
        case .clamp(let low, let high):
            (low == nil ? "ClampMaxBackward0" : (high == nil ? "ClampMinBackward0" : "ClampBackward1"), true, false)
        case .exp: ("ExpBackward0", false, true)
        case .exp2: ("Exp2Backward0", false, true)
        case .expm1: ("Expm1Backward0", false, true)
        case .log: ("LogBackward0", true, false)
        case .log2: ("Log2Backward0", true, false)
        case .log10: ("Log10Backward0", true, false)
        case .log1p: ("Log1PBackward0", true, false)
        case .sqrt: ("SqrtBackward0", false, true)
        case .rsqrt: ("RsqrtBackward0", false, true)
        case .reciprocal: ("ReciprocalBackward0", false, true)
        case .sin: ("SinBackward0", true, false)
        case .cos: ("CosBackward0", true, false)
        case .tan: ("TanBackward0", false, true)
        case .asin: ("AsinBackward0", true, false)
        case .acos: ("AcosBackward0", true, false)
        case .atan: ("AtanBackward0", true, false)
        case .sinh: ("SinhBackward0", true, false)
        case .cosh: ("CoshBackward0", true, false)
        case .tanh: ("TanhBackward0", false, true)
        case .sigmoid: ("SigmoidBackward0", false, true)
        case .erf: ("ErfBackward0", true, false)
        case .erfc: ("ErfcBackward0", true, false)
        case .gelu, .geluTanh: ("GeluBackward0", true, false)
        case .powScalar: ("PowBackward0", true, false)
        }
    }

    /// The input gradient given the output gradient `g` (and the saved input or result where needed).
    func derivative(_ g: Tensor, input x: Tensor, result y: Tensor) -> Tensor {
        switch self {
        case .neg: return -g
        case .abs: return g * x.sign()
        case .sign, .floor, .ceil, .round, .trunc: return Tensor.zerosLike(g)
        // PyTorch's threshold_backward: `y <= 0 ? 0 : g` (a NaN result passes the gradient through).
        case .relu:
            return ReLUKernels.backward(g, result: y)
                ?? Fused.map(g, y, float: GradientFunctions.ThresholdBackward<Float>(),
                             double: GradientFunctions.ThresholdBackward<Double>())
                ?? Tensor.where(y .<= 0.0, Tensor.zerosLike(g), g)
        // PyTorch's pow_backward: `g * (2 * x)`.
        case .square:
            return Fused.map(g, x, float: GradientFunctions.SquareBackward<Float>(),
                             double: GradientFunctions.SquareBackward<Double>()) ?? g * (x * 2.0)
        case .clamp(let low, let high):
            var inside = Tensor.onesLike(x, dtype: .bool)
            if let low { inside = inside .& (x .>= low) }
            if let high { inside = inside .& (x .<= high) }
            return g * inside.to(g.dtype)
        case .exp: return g * y
        case .exp2: return g * y * Double.log(2)
        case .expm1: return g * (y + 1.0)
        case .log: return g / x
        case .log2: return g / (x * Double.log(2))
        case .log10: return g / (x * Double.log(10))
        case .log1p: return g / (x + 1.0)
        case .sqrt: return g / (y * 2.0)
        case .rsqrt: return g * y * y * y * -0.5
        case .reciprocal: return -g * y * y
        case .sin: return g * x.cos()
        case .cos: return -g * x.sin()
        case .tan: return g * (y * y + 1.0)
        case .asin: return g / (1.0 - x * x).sqrt()
        case .acos: return -g / (1.0 - x * x).sqrt()
        case .atan: return g / (x * x + 1.0)
        case .sinh: return g * x.cosh()
        case .cosh: return g * x.sinh()
        // PyTorch's tanh_backward and sigmoid_backward, in their order: `g * (1 - y²)`, `g * (1 - y) * y`.
        case .tanh:
            return Fused.map(g, y, float: GradientFunctions.TanhBackward<Float>(),
                             double: GradientFunctions.TanhBackward<Double>())
                ?? g * (1.0 - y * y)
        case .sigmoid:
            return Fused.map(g, y, float: GradientFunctions.SigmoidBackward<Float>(),
                             double: GradientFunctions.SigmoidBackward<Double>())
                ?? g * (1.0 - y) * y
        case .erf: return g * (-(x * x)).exp() * (2 / Double.pi.squareRoot())
        case .erfc: return g * (-(x * x)).exp() * (-2 / Double.pi.squareRoot())
        case .gelu:
            let cdf = ((x * (0.5).squareRoot()).erf() + 1.0) * 0.5
            let pdf = (x * x * -0.5).exp() * (1 / (2 * Double.pi).squareRoot())
            return g * (cdf + x * pdf)
        case .geluTanh:
            // PyTorch's GeluBackward for approximate='tanh'.
            let beta = (2 / Double.pi).squareRoot(), kappa = 0.044715
            let inner = (x + x * x * x * kappa) * beta
            let tanhInner = inner.tanh()
            let left = x * 0.5, right = tanhInner + 1.0
            let rightDerivative = left * (1.0 - tanhInner * tanhInner) * beta * (x * x * (3 * kappa) + 1.0)
            return g * (right * 0.5 + rightDerivative)
        case .powScalar(let exponent):
            if exponent == 0 { return Tensor.zerosLike(g) }
            // PyTorch's pow_backward: `g * (exponent * x.pow(exponent - 1))`, in that order.
            let power = exponent == 2 ? x : x.pow(exponent - 1)
            return Fused.map(g, power, float: GradientFunctions.PowerBackward(exponent: Float(exponent)),
                             double: GradientFunctions.PowerBackward(exponent: exponent))
                ?? g * (power * exponent)
        }
    }
}
