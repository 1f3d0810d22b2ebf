/// Recorded binary arithmetic and its derivatives.
extension Autograd {
    /// `op(a, b)`, recorded for autograd.
    static func binary(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        let out = BinaryKernels.arithmetic(op, a, b)
        guard needsGrad(a, b), out.dtype.isFloatingPoint else { return out }
        switch op {
        case .add:
            return attach(out, name: "AddBackward0", inputs: a, b) { g, _, _ in InputGradients(g, g) }
        case .sub:
            return attach(out, name: "SubBackward0", inputs: a, b) { g, _, needs in
                InputGradients(g, needs[1] ? -g : nil)
            }
        case .mul:
            let kept = factors(a, b)
            return attach(out, name: "MulBackward0", inputs: a, b, saved: kept.a, kept.b) { g, s, needs in
                let (a, b) = s.factors(needsA: needs[0], needsB: needs[1])
                return InputGradients(b.map { g * $0 }, a.map { g * $0 })
            }
        case .div:
            // As in PyTorch: the divisor always, the dividend only when the divisor needs a gradient.
            return attach(out, name: "DivBackward0", inputs: a, b, saved: b, b.requiresGrad ? a : nil) { g, s, needs in
                InputGradients(needs[0] ? g / s[0] : nil, needs[1] ? -g * s[1] / (s[0] * s[0]) : nil)
            }
        case .pow:
            return attach(out, name: "PowBackward1", inputs: a, b, saved: a, b, savedOutput: true) { g, s, needs in
                let (base, exponent, result) = (s[0], s[1], s[2])
                let gradBase = needs[0]
                    ? Tensor.where(exponent .== 0.0, Tensor.zerosLike(g), g * exponent * base.pow(exponent - 1.0)) : nil
                // d/db a^b = a^b log a, defined as 0 where a == 0 and b >= 0 (PyTorch's convention).
                let gradExponent = needs[1]
                    ? Tensor.where((base .== 0.0) .& (exponent .>= 0.0), Tensor.zerosLike(g), g * result * base.log()) : nil
                return InputGradients(gradBase, gradExponent)
            }
        case .maximum, .minimum:
            let name = op == .maximum ? "MaximumBackward0" : "MinimumBackward0"
            return attach(out, name: name, inputs: a, b, saved: a, b) { g, s, needs in
                let (x, y) = (s[0], s[1])
                let tie = x .== y, half = g / 2.0, zero = Tensor.zerosLike(g)
                let xWins = op == .maximum ? x .> y : x .< y
                let yWins = op == .maximum ? y .> x : y .< x
                return InputGradients(needs[0] ? Tensor.where(xWins, g, Tensor.where(tie, half, zero)) : nil,
                                      needs[1] ? Tensor.where(yWins, g, Tensor.where(tie, half, zero)) : nil)
            }
        case .remainder:
            return attach(out, name: "RemainderBackward0", inputs: a, b, saved: a, b) { g, s, needs in
                InputGradients(g, needs[1] ? -g * s[0].floorDivide(s[1]) : nil)
            }
        case .fmod:
            return attach(out, name: "FmodBackward0", inputs: a, b, saved: a, b) { g, s, needs in
                InputGradients(g, needs[1] ? -g * (s[0] / s[1]).trunc() : nil)
            }
        case .atan2:
            return attach(out, name: "Atan2Backward0", inputs: a, b, saved: a, b) { g, s, needs in
                let denominator = s[0] * s[0] + s[1] * s[1]
                return InputGradients(needs[0] ? g * s[1] / denominator : nil, needs[1] ? g * -s[0] / denominator : nil)
            }
        case .floorDivide:
            // Piecewise constant: zero gradient almost everywhere.
            return attach(out, name: "FloorDivideBackward0", inputs: a, b) { g, _, _ in
                InputGradients(Tensor.zerosLike(g), Tensor.zerosLike(g))
            }
        }
    }

    /// `lhs - rhs` where the tensor is on the right of a number (`2 - x`), recorded as PyTorch's `RsubBackward1`.
    static func reverseSubtract(_ value: Tensor, _ x: Tensor) -> Tensor {
        let out = BinaryKernels.arithmetic(.sub, value, x)
        guard needsGrad(x), out.dtype.isFloatingPoint else { return out }
        return attach(out, name: "RsubBackward1", inputs: x) { g, _, _ in InputGradients(-g) }
    }
}
