import CSynapseKernels
import RealModule

/// Arithmetic between two operands.
enum ArithmeticOp {
    case add, sub, mul, div, pow, maximum, minimum, remainder, fmod, floorDivide, atan2
}

/// Comparisons, producing `.bool` tensors.
enum ComparisonOp {
    case eq, ne, lt, le, gt, ge
}

/// Logical operations, producing `.bool` tensors (operands are tested for non-zero).
enum LogicalOp {
    case and, or, xor
}

/// Broadcasting binary kernels with PyTorch's type promotion.
enum BinaryKernels {
    /// `op(a, b)` into a new tensor, or into `out` (an in-place operation's `self`).
    static func arithmetic(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor, into out: Tensor? = nil) -> Tensor {
        if out == nil, let fast = contiguousFloatFastPath(op, a, b) { return fast }
        if let half = HalfElementwise.binary(op, a, b, into: out) { return half }
        var result = TypePromotion.resultType(a, b)
        if (op == .div || op == .atan2) && !result.isFloatingPoint { result = .float32 }
        if op == .sub && result == .bool {
            fatalError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
        }
        let compute = TypePromotion.computeType(for: result)
        return run(a, b, result: result, compute: compute, into: out) { loop, target, lhs, rhs in
            switch compute {
            case .float32: floating(op, loop, target, lhs, rhs, Float.self)
            case .float64: floating(op, loop, target, lhs, rhs, Double.self)
            case .int64: integer(op, loop, target, lhs, rhs, Int64.self)
            case .int32: integer(op, loop, target, lhs, rhs, Int32.self)
            case .int16: integer(op, loop, target, lhs, rhs, Int16.self)
            case .int8: integer(op, loop, target, lhs, rhs, Int8.self)
            case .uint8: integer(op, loop, target, lhs, rhs, UInt8.self)
            default: fatalError("unreachable compute type \(compute)")
            }
        }
    }

    /// `op(a, b)` as a `.bool` tensor, computed in the promoted type.
    static func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, into out: Tensor? = nil) -> Tensor {
        let compute = TypePromotion.computeType(for: TypePromotion.resultType(a, b))
        return run(a, b, result: .bool, compute: compute, outputType: .bool, into: out) { loop, target, lhs, rhs in
            compute.visit(CompareVisitor(op: op, loop: loop, target: target, lhs: lhs, rhs: rhs))
        }
    }

    /// `op(a != 0, b != 0)` as a `.bool` tensor.
    static func logical(_ op: LogicalOp, _ a: Tensor, _ b: Tensor, into out: Tensor? = nil) -> Tensor {
        run(a, b, result: .bool, compute: .bool, outputType: .bool, into: out) { loop, target, lhs, rhs in
            // Bools as their bytes (0 or 1): see LogicalFunctions.
            let o = target.basePointer(UInt8.self), x = lhs.basePointer(UInt8.self), y = rhs.basePointer(UInt8.self)
            switch op {
            case .and: ElementwiseLoops.map(loop, o, x, y, LogicalFunctions.And())
            case .or: ElementwiseLoops.map(loop, o, x, y, LogicalFunctions.Or())
            case .xor: ElementwiseLoops.map(loop, o, x, y, LogicalFunctions.ExclusiveOr())
            }
        }
    }

    /// Shared plumbing: broadcast, check the in-place output, convert operands to the compute type, run the
    /// kernel into a compute-typed target and cast into the output when they differ.
    private static func run(
        _ a: Tensor, _ b: Tensor, result: DType, compute: DType, outputType: DType? = nil, into out: Tensor?,
        _ kernel: (StridedLoop, Tensor, Tensor, Tensor) -> Void
    ) -> Tensor {
        let shape = Broadcast.shape(a.shape, b.shape)
        let output: Tensor
        if let out {
            check(out.shape == shape,
                "output with shape \(Tensor.shapeString(out.shape)) doesn't match the broadcast shape \(Tensor.shapeString(shape))")
            check(canCast(result, to: out.dtype),
                "result type \(result.scalarTypeName) can't be cast to the desired output type \(out.dtype.scalarTypeName)")
            output = out
        } else {
            output = Tensor.empty(shape, dtype: result, stridesFrom: a.shape == shape ? a : b)
        }
        let targetType = outputType ?? compute
        let target = output.dtype == targetType ? output : Tensor.empty(shape, dtype: targetType)
        let lhs = TypePromotion.operand(a, as: compute), rhs = TypePromotion.operand(b, as: compute)
        let loop = StridedLoop(shape: shape, target.strides, Broadcast.strides(of: lhs, to: shape),
                               Broadcast.strides(of: rhs, to: shape))
        withExtendedLifetime((lhs, rhs)) { kernel(loop, target, lhs, rhs) }
        if target !== output { CopyKernel.copy(from: target, into: output) }
        if out != nil { output.markModified() }
        return output
    }

    /// PyTorch's `canCast`: no floating point into integers, nothing but bool into bool.
    static func canCast(_ from: DType, to: DType) -> Bool {
        if from.isFloatingPoint && !to.isFloatingPoint { return false }
        if from != .bool && to == .bool { return false }
        return true
    }

    /// Arrays from this many elements are written with streaming stores (they can't stay in the caches anyway).
    static let streamingThreshold = 1 << 20

    /// Same-shape contiguous float32 `+ - * /` skip the general machinery: small tensors stay cheap, and large
    /// ones go to the streaming-store C kernel, split across cores.
    private static func contiguousFloatFastPath(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor) -> Tensor? {
        guard a.dtype == .float32, b.dtype == .float32, a.shape == b.shape, a.isContiguous, b.isContiguous,
              a.numel < Parallel.grainSize || a.numel >= streamingThreshold else { return nil }
        let count = a.numel
        let result = Tensor(storage: Storage.allocate(byteCount: count * 4), shape: a.shape,
                            strides: a.strides, dtype: .float32)
        let o = result.basePointer(Float.self), x = a.basePointer(Float.self), y = b.basePointer(Float.self)
        if count >= streamingThreshold {
            let streamOp: synapse_stream_op
            switch op {
            case .add: streamOp = SYNAPSE_STREAM_ADD
            case .sub: streamOp = SYNAPSE_STREAM_SUB
            case .mul: streamOp = SYNAPSE_STREAM_MUL
            case .div: streamOp = SYNAPSE_STREAM_DIV
            default: return nil
            }
            withExtendedLifetime((a, b)) {
                Parallel.forRanges(count: count) { range in
                    synapse_stream_binary_f32(streamOp, x + range.lowerBound, y + range.lowerBound,
                                              o + range.lowerBound, range.count)
                }
            }
            return result
        }
        switch op {
        case .add: for index in 0..<count { o[index] = x[index] + y[index] }
        case .sub: for index in 0..<count { o[index] = x[index] - y[index] }
        case .mul: for index in 0..<count { o[index] = x[index] * y[index] }
        case .div: for index in 0..<count { o[index] = x[index] / y[index] }
        default: return nil
        }
        return result
    }

    private static func floating<T: Real & BinaryFloatingPoint & TensorElement>(
        _ op: ArithmeticOp, _ loop: StridedLoop, _ target: Tensor, _ lhs: Tensor, _ rhs: Tensor, _: T.Type
    ) {
        let o = target.basePointer(T.self), x = lhs.basePointer(T.self), y = rhs.basePointer(T.self)
        switch op {
        case .add: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Add<T>())
        case .sub: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Subtract<T>())
        case .mul: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Multiply<T>())
        case .div: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Divide<T>())
        case .pow: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Power<T>())
        case .maximum: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Maximum<T>())
        case .minimum: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.Minimum<T>())
        case .fmod: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.TruncatedRemainder<T>())
        case .remainder: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.FlooredRemainder<T>())
        case .floorDivide: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.FloorDivide<T>())
        case .atan2: ElementwiseLoops.map(loop, o, x, y, FloatingFunctions.ArcTangent2<T>())
        }
    }

    private static func integer<T: FixedWidthInteger & TensorElement>(
        _ op: ArithmeticOp, _ loop: StridedLoop, _ target: Tensor, _ lhs: Tensor, _ rhs: Tensor, _: T.Type
    ) {
        let o = target.basePointer(T.self), x = lhs.basePointer(T.self), y = rhs.basePointer(T.self)
        switch op {
        case .add: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Add<T>())
        case .sub: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Subtract<T>())
        case .mul: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Multiply<T>())
        case .maximum: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Maximum<T>())
        case .minimum: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Minimum<T>())
        case .pow: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.Power<T>())
        case .fmod: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.TruncatedRemainder<T>())
        case .remainder: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.FlooredRemainder<T>())
        case .floorDivide: ElementwiseLoops.map(loop, o, x, y, IntegerFunctions.FloorDivide<T>())
        case .div, .atan2: fatalError("unreachable: division promotes to floating point")
        }
    }
}

private struct CompareVisitor: ElementVisitor {
    let op: ComparisonOp, loop: StridedLoop, target: Tensor, lhs: Tensor, rhs: Tensor
    func visit<T: TensorElement>(_: T.Type) {
        let o = target.basePointer(Bool.self), x = lhs.basePointer(T.self), y = rhs.basePointer(T.self)
        // Compare through doubles for floats (exact for every type but int64), integers through Int64.
        if T.dtype.isFloatingPoint {
            ComparisonFunctions.compare(op, loop, o, x, y, ComparisonFunctions.ThroughDouble<T>.self)
        } else {
            ComparisonFunctions.compare(op, loop, o, x, y, ComparisonFunctions.ThroughInt64<T>.self)
        }
    }
}
