/// Typed inner loops shared by every element-wise kernel. Each walks a ``StridedLoop`` row by row with a
/// specialised, inlined body; contiguous and scalar-broadcast rows get their own loops so LLVM can vectorise them.
///
/// Operations are values of ``ElementFunction`` types (`map(loop, o, x, FloatingFunctions.Negate<T>())`), never
/// closures: the row loop handed to the worker pool is compiled once per element type for every closure, which it
/// then calls indirectly per element, unvectorised (a closure's `a * 2` ran 3–5× slower on two threads than on
/// one, an integer `a + b` up to 10×), while a function type gets a row loop of its own with the function inlined.
enum ElementwiseLoops {
    /// `out[i] = f(a[i])` over operands (out, a).
    @inline(__always)
    static func map<F: ElementFunction>(
        _ loop: StridedLoop, _ out: UnsafeMutablePointer<F.Output>, _ a: UnsafeMutablePointer<F.Input>, _ f: F
    ) {
        let so = loop.rowStride(0), sa = loop.rowStride(1)
        loop.forEachRowParallel { offsets, count in
            let po = out + offsets[0], pa = a + offsets[1]
            if so == 1 && sa == 1 {
                for index in 0..<count { po[index] = f(pa[index]) }
            } else {
                for index in 0..<count { po[index * so] = f(pa[index * sa]) }
            }
        }
    }

    /// `out[i] = f(a[i], b[i])` over operands (out, a, b).
    @inline(__always)
    static func map<F: BinaryElementFunction>(
        _ loop: StridedLoop, _ out: UnsafeMutablePointer<F.Output>, _ a: UnsafeMutablePointer<F.First>,
        _ b: UnsafeMutablePointer<F.Second>, _ f: F
    ) {
        let so = loop.rowStride(0), sa = loop.rowStride(1), sb = loop.rowStride(2)
        loop.forEachRowParallel { offsets, count in
            let po = out + offsets[0], pa = a + offsets[1], pb = b + offsets[2]
            if so == 1 && sa == 1 && sb == 1 {
                for index in 0..<count { po[index] = f(pa[index], pb[index]) }
            } else if so == 1 && sa == 1 && sb == 0 {
                let scalar = pb.pointee
                for index in 0..<count { po[index] = f(pa[index], scalar) }
            } else if so == 1 && sa == 0 && sb == 1 {
                let scalar = pa.pointee
                for index in 0..<count { po[index] = f(scalar, pb[index]) }
            } else {
                for index in 0..<count { po[index * so] = f(pa[index * sa], pb[index * sb]) }
            }
        }
    }

    /// `out[i] = f(a[i], b[i], c[i])` over operands (out, a, b, c) (`where`: a mask and two values). Contiguous
    /// rows, and rows whose first or second value is a broadcast scalar (`masked_fill`), get loops of their own.
    @inline(__always)
    static func map<F: TernaryElementFunction>(
        _ loop: StridedLoop, _ out: UnsafeMutablePointer<F.Output>, _ a: UnsafeMutablePointer<F.First>,
        _ b: UnsafeMutablePointer<F.Second>, _ c: UnsafeMutablePointer<F.Third>, _ f: F
    ) {
        let so = loop.rowStride(0), sa = loop.rowStride(1), sb = loop.rowStride(2), sc = loop.rowStride(3)
        loop.forEachRowParallel { offsets, count in
            let po = out + offsets[0], pa = a + offsets[1], pb = b + offsets[2], pc = c + offsets[3]
            if so == 1 && sa == 1 && sb == 1 && sc == 1 {
                for index in 0..<count { po[index] = f(pa[index], pb[index], pc[index]) }
            } else if so == 1 && sa == 1 && sb == 0 && sc == 1 {
                let scalar = pb.pointee
                for index in 0..<count { po[index] = f(pa[index], scalar, pc[index]) }
            } else if so == 1 && sa == 1 && sb == 1 && sc == 0 {
                let scalar = pc.pointee
                for index in 0..<count { po[index] = f(pa[index], pb[index], scalar) }
            } else {
                for index in 0..<count { po[index * so] = f(pa[index * sa], pb[index * sb], pc[index * sc]) }
            }
        }
    }
}

/// How an element-wise operation's operands and result are typed (PyTorch's `result_type` rules).
enum TypePromotion {
    /// The result dtype of a binary operation between two tensors. A 0-dimensional operand next to a
    /// dimensioned one only matters when it belongs to a higher category (bool < integer < floating point).
    static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        let aScalar = a.rank == 0, bScalar = b.rank == 0
        if aScalar == bScalar { return DType.promote(a.dtype, b.dtype) }
        let (dimensioned, zeroDim) = aScalar ? (b.dtype, a.dtype) : (a.dtype, b.dtype)
        return zeroDim.category > dimensioned.category ? zeroDim : dimensioned
    }

    /// The dtype in which kernels compute for a result dtype: half types compute in float32, as PyTorch's CPU
    /// kernels do, and bool arithmetic in uint8.
    static func computeType(for result: DType) -> DType {
        switch result {
        case .float16, .bfloat16: .float32
        case .bool: .uint8
        default: result
        }
    }

    /// `tensor` converted to `dtype` if needed (kernels read operands in the compute type).
    static func operand(_ tensor: Tensor, as dtype: DType) -> Tensor {
        tensor.dtype == dtype ? tensor : tensor.contiguous(dtype: dtype)
    }
}
