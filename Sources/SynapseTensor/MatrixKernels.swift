/// Matrix products on strided tensors, through ``GEMM``. Operands whose layout BLAS can read directly (row-major,
/// or transposed row-major, with a unit stride) are passed as they are; others are copied to contiguous first.
/// float16/bfloat16 compute in float32; integer types use a direct loop.
enum MatrixKernels {
    /// `out = beta·out + alpha·(a · b)` for 2-D `a` (m×k) and `b` (k×n) into a contiguous `out` (m×n).
    static func multiply(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Double = 1, beta: Double = 0) {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        switch out.dtype {
        case .float32:
            run(Float.self, a, b, out, m: m, n: n, k: k, alpha: Float(alpha), beta: Float(beta))
        case .float64:
            run(Double.self, a, b, out, m: m, n: n, k: k, alpha: alpha, beta: beta)
        case .bfloat16:
            multiplyBFloat16(a, b, into: out, alpha: alpha, beta: beta, kernel: BFloat16Product.isSupported)
        case .float16:
            let wide = out.contiguous(dtype: .float32)
            multiply(a.contiguous(dtype: .float32), b.contiguous(dtype: .float32), into: wide, alpha: alpha, beta: beta)
            CopyKernel.copy(from: wide, into: out)
        default:
            integerMultiply(a, b, into: out, alpha: alpha, beta: beta)
        }
    }

    /// `out = beta·out + alpha·(a · b)` for bfloat16: with `kernel` (AVX-512 BF16, see ``BFloat16Product``) when
    /// `alpha` is 1 and `beta` 0 or 1 and `out` has unit column stride; otherwise (or with `kernel` false, which
    /// tests use to check the fallback) in float32 through ``GEMM``. Either way float32 sums, rounded once.
    static func multiplyBFloat16(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Double, beta: Double, kernel: Bool) {
        if kernel, alpha == 1, beta == 0 || beta == 1, out.strides[1] == 1 || out.shape[1] <= 1 {
            BFloat16Product.multiply(a, b, into: out, accumulate: beta == 1)
            return
        }
        let wide = out.contiguous(dtype: .float32)
        multiply(a.contiguous(dtype: .float32), b.contiguous(dtype: .float32), into: wide, alpha: alpha, beta: beta)
        CopyKernel.copy(from: wide, into: out)
    }

    /// `out = op(a) · op(b)` where `op` transposes the operands flagged, for float32 or float64 tensors of one
    /// dtype: the transposition goes to BLAS as a flag instead of through view tensors. `out` is contiguous, or
    /// column-major (strides `[1, rows]`).
    static func multiply(_ a: Tensor, transposingA: Bool, _ b: Tensor, transposingB: Bool, into out: Tensor) {
        let m = transposingA ? a.shape[1] : a.shape[0], k = transposingA ? a.shape[0] : a.shape[1]
        let n = transposingB ? b.shape[0] : b.shape[1]
        switch out.dtype {
        case .float32:
            run(Float.self, a, b, out, m: m, n: n, k: k, alpha: 1, beta: 0, transposingA: transposingA,
                transposingB: transposingB)
        case .float64:
            run(Double.self, a, b, out, m: m, n: n, k: k, alpha: 1, beta: 0, transposingA: transposingA,
                transposingB: transposingB)
        default:
            fatalError("unreachable: transposing products are float32 or float64")
        }
    }

    /// The layout BLAS sees for a 2-D operand: (transposed?, leading dimension), and a contiguous copy when
    /// neither layout works (`nil` when the operand is read as it is: returning the operand itself would retain it).
    private static func blasLayout(_ t: Tensor) -> (copy: Tensor?, transposed: Bool, leading: Int) {
        let (rows, columns) = (t.shape[0], t.shape[1])
        if t.strides[1] == 1 && t.strides[0] >= Swift.max(1, columns) { return (nil, false, t.strides[0]) }
        if t.strides[0] == 1 && t.strides[1] >= Swift.max(1, rows) { return (nil, true, t.strides[1]) }
        // Otherwise a copy; for a row or column vector too (any stride on its size-1 dimension is irrelevant,
        // except as a leading dimension).
        return (t.contiguous(), false, Swift.max(1, columns))
    }

    private static func run<T: CBLASScalar & TensorElement>(
        _: T.Type, _ a: Tensor, _ b: Tensor, _ out: Tensor, m: Int, n: Int, k: Int, alpha: T, beta: T,
        transposingA: Bool = false, transposingB: Bool = false
    ) {
        let left = blasLayout(a), right = blasLayout(b)
        let transposeA = left.transposed != transposingA, transposeB = right.transposed != transposingB
        withExtendedLifetime((left.copy, right.copy)) {
            let aBase = left.copy?.basePointer(T.self) ?? a.basePointer(T.self)
            let bBase = right.copy?.basePointer(T.self) ?? b.basePointer(T.self)
            if out.strides[1] == 1 {
                GEMM.run(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                         a: aBase, lda: left.leading, b: bBase, ldb: right.leading,
                         beta: beta, c: out.basePointer(T.self), ldc: Swift.max(1, out.strides[0]), backend: nil)
            } else {
                // A column-major result is the row-major product of the transposes: outᵀ = op(b)ᵀ·op(a)ᵀ.
                GEMM.run(transposeA: !transposeB, transposeB: !transposeA, m: n, n: m, k: k, alpha: alpha,
                         a: bBase, lda: right.leading, b: aBase, ldb: left.leading,
                         beta: beta, c: out.basePointer(T.self), ldc: Swift.max(1, out.strides[1]), backend: nil)
            }
        }
    }

    /// Integer products (PyTorch supports them on the CPU): exact, wrapping arithmetic in `Int64`.
    private static func integerMultiply(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Double, beta: Double) {
        let x = a.toArray(of: Int64.self), y = b.toArray(of: Int64.self)
        let previous = beta == 0 ? nil : out.toArray(of: Int64.self)
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var result = [Int64](repeating: 0, count: m * n)
        for row in 0..<m {
            for inner in 0..<k {
                let left = x[row * k + inner]
                for column in 0..<n { result[row * n + column] &+= left &* y[inner * n + column] }
            }
        }
        let scaled = result.enumerated().map { index, value -> Int64 in
            let product = alpha == 1 ? value : Int64(Double(value) * alpha)
            guard let previous else { return product }
            return product &+ (beta == 1 ? previous[index] : Int64(Double(previous[index]) * beta))
        }
        CopyKernel.copy(from: Tensor(flat: scaled, shape: [m, n]), into: out)
    }
}
