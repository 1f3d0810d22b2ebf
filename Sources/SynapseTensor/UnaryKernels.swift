import CSynapseKernels
import RealModule

/// One-operand element-wise operations.
enum UnaryOp {
    // Keep the integer type.
    case neg, abs, sign, relu, square, floor, ceil, round, trunc
    case clamp(min: Double?, max: Double?)
    // Promote integers to float32.
    case exp, exp2, expm1, log, log2, log10, log1p, sqrt, rsqrt, reciprocal
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, sigmoid, erf, erfc
    /// GELU, exact (`0.5·x·(1 + erf(x/√2))`) or with the tanh approximation.
    case gelu, geluTanh
    case powScalar(Double)

    /// Whether an integer input produces a floating-point result.
    var promotesIntegers: Bool {
        switch self {
        case .neg, .abs, .sign, .relu, .square, .floor, .ceil, .round, .trunc, .clamp: false
        default: true
        }
    }
}

/// Element-wise kernels with one operand.
enum UnaryKernels {
    /// `op(x)` into a new tensor, or into `out` (in-place operations pass `self`).
    static func apply(_ op: UnaryOp, _ x: Tensor, into out: Tensor? = nil) -> Tensor {
        var result = x.dtype
        if op.promotesIntegers && !x.dtype.isFloatingPoint { result = .float32 }
        if case .clamp(let low, let high) = op, !x.dtype.isFloatingPoint,
           [low, high].contains(where: { $0.map { $0.rounded() != $0 } ?? false }) {
            result = .float32
        }
        if case .powScalar(let exponent) = op, !x.dtype.isFloatingPoint, exponent.rounded() == exponent {
            result = x.dtype
        }
        if x.dtype == .bool {
            switch op {
            case .neg: fatalError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            case .abs, .relu, .sign, .square, .floor, .ceil, .round, .trunc, .clamp: result = .uint8
            default: break
            }
        }
        let output: Tensor
        if let out {
            check(BinaryKernels.canCast(result, to: out.dtype),
                "result type \(result.scalarTypeName) can't be cast to the desired output type \(out.dtype.scalarTypeName)")
            output = out
        } else {
            output = Tensor.empty(x.shape, dtype: x.dtype == .bool && result == .uint8 ? .bool : result, stridesFrom: x)
        }
        if HalfConversion.isHalf(x.dtype),
           HalfElementwise.unary(x, into: output, { values, count in float32Block(op, values, count) }) {
            if out != nil { output.markModified() }
            return output
        }
        let compute = TypePromotion.computeType(for: result)
        let target = output.dtype == compute ? output : Tensor.empty(x.shape, dtype: compute)
        let input = TypePromotion.operand(x, as: compute)
        let loop = StridedLoop(shape: x.shape, target.strides, input.strides)
        withExtendedLifetime(input) {
            if target.isContiguous && input.isContiguous && vectorised(op, target, input, count: x.numel) { return }
            switch compute {
            case .float32: floating(op, loop, target, input, Float.self)
            case .float64: floating(op, loop, target, input, Double.self)
            case .int64: integer(op, loop, target, input, Int64.self)
            case .int32: integer(op, loop, target, input, Int32.self)
            case .int16: integer(op, loop, target, input, Int16.self)
            case .int8: integer(op, loop, target, input, Int8.self)
            case .uint8: integer(op, loop, target, input, UInt8.self)
            default: fatalError("unreachable compute type \(compute)")
            }
        }
        if target !== output { CopyKernel.copy(from: target, into: output) }
        if out != nil { output.markModified() }
        return output
    }

    /// Runs `op` through the SIMD kernels of ``VectorMath`` when it has one for the dtype; false otherwise.
    private static func vectorised(_ op: UnaryOp, _ target: Tensor, _ input: Tensor, count: Int) -> Bool {
        if case .relu = op { return ReLUKernels.forward(input, into: target, count: count) }
        switch target.dtype {
        case .float32:
            let kernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)
            switch op {
            case .exp: kernel = { VectorMath.exp($0, $1, count: $2) }
            case .expm1: kernel = { VectorMath.expm1($0, $1, count: $2) }
            case .log: kernel = { VectorMath.log($0, $1, count: $2) }
            case .log1p: kernel = { VectorMath.log1p($0, $1, count: $2) }
            case .tanh: kernel = { VectorMath.tanh($0, $1, count: $2) }
            case .sigmoid: kernel = { VectorMath.sigmoid($0, $1, count: $2) }
            case .sin: kernel = { VectorMath.sin($0, $1, count: $2) }
            case .cos: kernel = { VectorMath.cos($0, $1, count: $2) }
            case .erf: kernel = { VectorMath.erf($0, $1, count: $2) }
            case .gelu: kernel = { VectorMath.gelu($0, $1, count: $2) }
            case .geluTanh: kernel = { VectorMath.geluTanh($0, $1, count: $2) }
            default: return false
            }
            kernel(input.basePointer(Float.self), target.basePointer(Float.self), count)
        case .float64:
            let kernel: ((UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void)
            switch op {
            case .exp: kernel = { VectorMath.exp($0, $1, count: $2) }
            case .log: kernel = { VectorMath.log($0, $1, count: $2) }
            case .tanh: kernel = { VectorMath.tanh($0, $1, count: $2) }
            case .sigmoid: kernel = { VectorMath.sigmoid($0, $1, count: $2) }
            default: return false
            }
            kernel(input.basePointer(Double.self), target.basePointer(Double.self), count)
        default:
            return false
        }
        return true
    }

    /// `op` over `count` float32 values in place, on this thread (a block of a half tensor, see
    /// ``HalfElementwise``): the SIMD kernels where they exist, the scalar loops otherwise.
    private static func float32Block(_ op: UnaryOp, _ values: UnsafeMutablePointer<Float>, _ count: Int) {
        switch op {
        case .exp: synapse_vexp_f32(values, values, count)
        case .expm1: synapse_vexpm1_f32(values, values, count)
        case .log: synapse_vlog_f32(values, values, count)
        case .log1p: synapse_vlog1p_f32(values, values, count)
        case .tanh: synapse_vtanh_f32(values, values, count)
        case .sigmoid: synapse_vsigmoid_f32(values, values, count)
        case .sin: synapse_vsin_f32(values, values, count)
        case .cos: synapse_vcos_f32(values, values, count)
        case .erf: synapse_verf_f32(values, values, count)
        case .gelu: synapse_vgelu_f32(values, values, count)
        case .geluTanh: synapse_vgelu_tanh_f32(values, values, count)
        default: floating(op, StridedLoop(shape: [count], [1], [1]), values, values)
        }
    }

    private static func floating<T: Real & BinaryFloatingPoint & TensorElement>(
        _ op: UnaryOp, _ loop: StridedLoop, _ target: Tensor, _ input: Tensor, _: T.Type
    ) {
        floating(op, loop, target.basePointer(T.self), input.basePointer(T.self))
    }

    private static func floating<T: Real & BinaryFloatingPoint & TensorElement>(
        _ op: UnaryOp, _ loop: StridedLoop, _ o: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>
    ) {
        switch op {
        case .neg: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Negate<T>())
        case .abs: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Absolute<T>())
        case .sign: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Sign<T>())
        case .relu: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ReLU<T>())
        case .square: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Square<T>())
        case .floor: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Floor<T>())
        case .ceil: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Ceil<T>())
        case .round: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Round<T>())
        case .trunc: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Trunc<T>())
        case .clamp(let low, let high):
            let function = FloatingFunctions.Clamp<T>(low: low.map { T($0) } ?? -T.infinity,
                                                      high: high.map { T($0) } ?? T.infinity)
            ElementwiseLoops.map(loop, o, x, function)
        case .exp: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Exp<T>())
        case .exp2: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Exp2<T>())
        case .expm1: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ExpMinusOne<T>())
        case .log: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Log<T>())
        case .log2: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Log2<T>())
        case .log10: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Log10<T>())
        case .log1p: ElementwiseLoops.map(loop, o, x, FloatingFunctions.LogOnePlus<T>())
        case .sqrt: ElementwiseLoops.map(loop, o, x, FloatingFunctions.SquareRoot<T>())
        case .rsqrt: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ReciprocalSquareRoot<T>())
        case .reciprocal: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Reciprocal<T>())
        case .sin: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Sine<T>())
        case .cos: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Cosine<T>())
        case .tan: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Tangent<T>())
        case .asin: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ArcSine<T>())
        case .acos: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ArcCosine<T>())
        case .atan: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ArcTangent<T>())
        case .sinh: ElementwiseLoops.map(loop, o, x, FloatingFunctions.HyperbolicSine<T>())
        case .cosh: ElementwiseLoops.map(loop, o, x, FloatingFunctions.HyperbolicCosine<T>())
        case .tanh: ElementwiseLoops.map(loop, o, x, FloatingFunctions.HyperbolicTangent<T>())
        case .sigmoid: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Sigmoid<T>())
        case .erf: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ErrorFunction<T>())
        case .gelu: ElementwiseLoops.map(loop, o, x, FloatingFunctions.GELU<T>())
        case .geluTanh: ElementwiseLoops.map(loop, o, x, FloatingFunctions.GELUTanh<T>())
        case .erfc: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ComplementaryErrorFunction<T>())
        case .powScalar(let exponent): powScalar(loop, o, x, T(exponent))
        }
    }

    /// `x ** e` with PyTorch's special cases, which are exact where `pow` would round differently.
    private static func powScalar<T: Real & BinaryFloatingPoint>(
        _ loop: StridedLoop, _ o: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ exponent: T
    ) {
        switch exponent {
        case 1: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Identity<T>())
        case 2: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Square<T>())
        case 3: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Cube<T>())
        case 0.5: ElementwiseLoops.map(loop, o, x, FloatingFunctions.SquareRoot<T>())
        case -0.5: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ReciprocalSquareRoot<T>())
        case -1: ElementwiseLoops.map(loop, o, x, FloatingFunctions.Reciprocal<T>())
        case -2: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ReciprocalSquare<T>())
        default: ElementwiseLoops.map(loop, o, x, FloatingFunctions.ScalarPower(exponent: exponent))
        }
    }

    private static func integer<T: FixedWidthInteger & TensorElement>(
        _ op: UnaryOp, _ loop: StridedLoop, _ target: Tensor, _ input: Tensor, _: T.Type
    ) {
        let o = target.basePointer(T.self), x = input.basePointer(T.self)
        switch op {
        case .neg: ElementwiseLoops.map(loop, o, x, IntegerFunctions.Negate<T>())
        case .abs: ElementwiseLoops.map(loop, o, x, IntegerFunctions.Absolute<T>())
        case .sign: ElementwiseLoops.map(loop, o, x, IntegerFunctions.Sign<T>())
        case .relu: ElementwiseLoops.map(loop, o, x, IntegerFunctions.ReLU<T>())
        case .square: ElementwiseLoops.map(loop, o, x, IntegerFunctions.Square<T>())
        case .floor, .ceil, .round, .trunc: ElementwiseLoops.map(loop, o, x, IntegerFunctions.Identity<T>())
        case .clamp(let low, let high):
            let function = IntegerFunctions.Clamp<T>(low: low.map { T(fromDouble: $0) } ?? T.min,
                                                     high: high.map { T(fromDouble: $0) } ?? T.max)
            ElementwiseLoops.map(loop, o, x, function)
        case .powScalar(let exponent):
            let e = Int(exponent)
            check(e >= 0, "Integers to negative integer powers are not allowed.")
            ElementwiseLoops.map(loop, o, x, IntegerFunctions.ScalarPower<T>(exponent: e))
        default: fatalError("unreachable: \(op) promotes integers to floating point")
        }
    }
}
