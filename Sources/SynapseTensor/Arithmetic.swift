/// Arithmetic with broadcasting and PyTorch's type promotion.
extension Tensor {
    /// Element-wise sum, broadcasting (`a + b`).
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { Autograd.binary(.add, lhs, rhs) }
    /// Element-wise difference, broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { Autograd.binary(.sub, lhs, rhs) }
    /// Element-wise product, broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { Autograd.binary(.mul, lhs, rhs) }
    /// Element-wise true division (integers divide to `.float32`), broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { Autograd.binary(.div, lhs, rhs) }
    /// Negation.
    public static prefix func - (operand: Tensor) -> Tensor { operand.neg() }

    /// Adds a number to every element.
    public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs + lhs.scalarOperand(rhs) }
    /// Adds a number to every element.
    public static func + (lhs: Double, rhs: Tensor) -> Tensor { rhs.scalarOperand(lhs) + rhs }
    /// Subtracts a number from every element.
    public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs - lhs.scalarOperand(rhs) }
    /// Subtracts every element from a number.
    public static func - (lhs: Double, rhs: Tensor) -> Tensor { Autograd.reverseSubtract(rhs.scalarOperand(lhs), rhs) }
    /// Multiplies every element by a number.
    public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs * lhs.scalarOperand(rhs) }
    /// Multiplies every element by a number.
    public static func * (lhs: Double, rhs: Tensor) -> Tensor { rhs.scalarOperand(lhs) * rhs }
    /// Divides every element by a number.
    public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs / lhs.scalarOperand(rhs) }
    /// Divides a number by every element (as PyTorch: `rhs.reciprocal() * lhs`).
    public static func / (lhs: Double, rhs: Tensor) -> Tensor { rhs.reciprocal() * lhs }

    /// Adds an integer to every element (integer tensors keep their type).
    public static func + (lhs: Tensor, rhs: Int) -> Tensor { lhs + lhs.scalarOperand(rhs) }
    /// Adds an integer to every element (integer tensors keep their type).
    public static func + (lhs: Int, rhs: Tensor) -> Tensor { rhs.scalarOperand(lhs) + rhs }
    /// Subtracts an integer from every element.
    public static func - (lhs: Tensor, rhs: Int) -> Tensor { lhs - lhs.scalarOperand(rhs) }
    /// Subtracts every element from an integer.
    public static func - (lhs: Int, rhs: Tensor) -> Tensor { Autograd.reverseSubtract(rhs.scalarOperand(lhs), rhs) }
    /// Multiplies every element by an integer.
    public static func * (lhs: Tensor, rhs: Int) -> Tensor { lhs * lhs.scalarOperand(rhs) }
    /// Multiplies every element by an integer.
    public static func * (lhs: Int, rhs: Tensor) -> Tensor { rhs.scalarOperand(lhs) * rhs }
    /// Divides every element by an integer (true division).
    public static func / (lhs: Tensor, rhs: Int) -> Tensor { lhs / lhs.scalarOperand(rhs) }
    /// Divides an integer by every element (true division, as PyTorch: `rhs.reciprocal() * lhs`).
    public static func / (lhs: Int, rhs: Tensor) -> Tensor { rhs.reciprocal() * Double(lhs) }

    /// Adds `alpha * other` (`torch.add(input, other, alpha=…)`).
    public func add(_ other: Tensor, alpha: Double = 1) -> Tensor { self + (alpha == 1 ? other : other * alpha) }
    /// Subtracts `alpha * other`.
    public func sub(_ other: Tensor, alpha: Double = 1) -> Tensor { self - (alpha == 1 ? other : other * alpha) }
    /// Element-wise product.
    public func mul(_ other: Tensor) -> Tensor { self * other }
    /// Element-wise true division.
    public func div(_ other: Tensor) -> Tensor { self / other }
    /// Element-wise power with a tensor exponent.
    public func pow(_ exponent: Tensor) -> Tensor { Autograd.binary(.pow, self, exponent) }
    /// Element-wise power with a number exponent (`x ** 2` is computed exactly as `x * x`, like PyTorch).
    public func pow(_ exponent: Double) -> Tensor { Autograd.unary(.powScalar(exponent), self) }
    /// Element-wise power with an integer exponent (`x.pow(2)`).
    public func pow(_ exponent: Int) -> Tensor { pow(Double(exponent)) }
    /// Element-wise maximum, propagating NaN.
    public func maximum(_ other: Tensor) -> Tensor { Autograd.binary(.maximum, self, other) }
    /// Element-wise minimum, propagating NaN.
    public func minimum(_ other: Tensor) -> Tensor { Autograd.binary(.minimum, self, other) }
    /// Python-style modulus (the result has the divisor's sign).
    public func remainder(_ other: Tensor) -> Tensor { Autograd.binary(.remainder, self, other) }
    /// C-style modulus (the result has the dividend's sign).
    public func fmod(_ other: Tensor) -> Tensor { Autograd.binary(.fmod, self, other) }
    /// Division rounded toward negative infinity.
    public func floorDivide(_ other: Tensor) -> Tensor { Autograd.binary(.floorDivide, self, other) }
    /// Element-wise `atan2(self, other)`.
    public func atan2(_ other: Tensor) -> Tensor { Autograd.binary(.atan2, self, other) }
}

/// In-place arithmetic. These write into the tensor's memory, visible through every view of it.
extension Tensor {
    /// Adds in place (`t += other`); `other` broadcasts to this tensor's shape.
    public static func += (lhs: Tensor, rhs: Tensor) { lhs.add_(rhs) }
    /// Subtracts in place.
    public static func -= (lhs: Tensor, rhs: Tensor) { lhs.sub_(rhs) }
    /// Multiplies in place.
    public static func *= (lhs: Tensor, rhs: Tensor) { lhs.mul_(rhs) }
    /// Divides in place.
    public static func /= (lhs: Tensor, rhs: Tensor) { lhs.div_(rhs) }
    /// Adds a number in place.
    public static func += (lhs: Tensor, rhs: Double) { lhs.add_(lhs.scalarOperand(rhs)) }
    /// Subtracts a number in place.
    public static func -= (lhs: Tensor, rhs: Double) { lhs.sub_(lhs.scalarOperand(rhs)) }
    /// Multiplies by a number in place.
    public static func *= (lhs: Tensor, rhs: Double) { lhs.mul_(lhs.scalarOperand(rhs)) }
    /// Divides by a number in place.
    public static func /= (lhs: Tensor, rhs: Double) { lhs.div_(lhs.scalarOperand(rhs)) }
    /// Adds an integer in place.
    public static func += (lhs: Tensor, rhs: Int) { lhs.add_(lhs.scalarOperand(rhs)) }
    /// Subtracts an integer in place.
    public static func -= (lhs: Tensor, rhs: Int) { lhs.sub_(lhs.scalarOperand(rhs)) }
    /// Multiplies by an integer in place.
    public static func *= (lhs: Tensor, rhs: Int) { lhs.mul_(lhs.scalarOperand(rhs)) }
    /// Divides by an integer in place.
    public static func /= (lhs: Tensor, rhs: Int) { lhs.div_(lhs.scalarOperand(rhs)) }

    /// `self += alpha * other`, in place.
    @discardableResult
    public func add_(_ other: Tensor, alpha: Double = 1) -> Tensor {
        if scaledAddInPlace(other, alpha: alpha) { return self }
        return inPlaceBinary(.add, alpha == 1 ? other : other * alpha, savesSelf: false)
    }
    /// `self += value`, in place.
    @discardableResult
    public func add_(_ value: Double) -> Tensor { add_(scalarOperand(value)) }
    /// `self += value` for an integer, in place (integer tensors keep their type).
    @discardableResult
    public func add_(_ value: Int) -> Tensor { add_(scalarOperand(value)) }
    /// `self -= alpha * other`, in place.
    @discardableResult
    public func sub_(_ other: Tensor, alpha: Double = 1) -> Tensor {
        if scaledAddInPlace(other, alpha: -alpha) { return self }
        return inPlaceBinary(.sub, alpha == 1 ? other : other * alpha, savesSelf: false)
    }

    /// `self += alpha · other` in one pass for same-shape contiguous float tensors when nothing is recorded (an
    /// optimiser's update under no-grad): false when the general path must run.
    private func scaledAddInPlace(_ other: Tensor, alpha: Double) -> Bool {
        guard dtype == other.dtype, dtype == .float32 || dtype == .float64, shape == other.shape,
              isContiguous, other.isContiguous, !Autograd.needsGrad(self, other) else { return false }
        let count = numel
        withExtendedLifetime(other) {
            if dtype == .float32 {
                let target = basePointer(Float.self), source = other.basePointer(Float.self), scale = Float(alpha)
                for index in 0..<count { target[index] += scale * source[index] }
            } else {
                let target = basePointer(Double.self), source = other.basePointer(Double.self)
                for index in 0..<count { target[index] += alpha * source[index] }
            }
        }
        markModified()
        return true
    }
    /// `self -= value`, in place.
    @discardableResult
    public func sub_(_ value: Double) -> Tensor { sub_(scalarOperand(value)) }
    /// `self -= value` for an integer, in place (integer tensors keep their type).
    @discardableResult
    public func sub_(_ value: Int) -> Tensor { sub_(scalarOperand(value)) }
    /// `self *= other`, in place.
    @discardableResult
    public func mul_(_ other: Tensor) -> Tensor { inPlaceBinary(.mul, other, savesSelf: true) }
    /// `self *= value`, in place.
    @discardableResult
    public func mul_(_ value: Double) -> Tensor { mul_(scalarOperand(value)) }
    /// `self *= value` for an integer, in place.
    @discardableResult
    public func mul_(_ value: Int) -> Tensor { mul_(scalarOperand(value)) }
    /// `self /= other`, in place (integer tensors can't hold the result: a precondition, as in PyTorch).
    @discardableResult
    public func div_(_ other: Tensor) -> Tensor { inPlaceBinary(.div, other, savesSelf: true) }
    /// `self /= value`, in place.
    @discardableResult
    public func div_(_ value: Double) -> Tensor { div_(scalarOperand(value)) }
    /// `self /= value` for an integer, in place.
    @discardableResult
    public func div_(_ value: Int) -> Tensor { div_(scalarOperand(value)) }
    /// `self = self ** exponent`, in place.
    @discardableResult
    public func pow_(_ exponent: Double) -> Tensor { inPlaceUnary(.powScalar(exponent)) }

    /// `self = op(self, other)` in place, recorded when needed.
    func inPlaceBinary(_ op: ArithmeticOp, _ other: Tensor, savesSelf: Bool) -> Tensor {
        Autograd.inPlace(self, others: [other], savesSelf: savesSelf,
                         write: { _ = BinaryKernels.arithmetic(op, self, other, into: self) },
                         outOfPlace: { Autograd.binary(op, $0, other) })
        return self
    }

    /// `self = op(self)` in place, recorded when needed.
    func inPlaceUnary(_ op: UnaryOp) -> Tensor {
        Autograd.inPlace(self, others: [], savesSelf: op.backwardSignature.input,
                         write: { _ = UnaryKernels.apply(op, self, into: self) },
                         outOfPlace: { Autograd.unary(op, $0) })
        return self
    }
}
