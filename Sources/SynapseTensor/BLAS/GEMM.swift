/// General matrix multiply on raw memory: `C = alpha·op(A)·op(B) + beta·C`, the routine behind `matmul`, `mm`,
/// `bmm` and `addmm`.
///
/// Matrices are row-major with a leading dimension (the distance, in elements, between the starts of
/// consecutive rows), as in CBLAS with `CblasRowMajor`:
/// - `op(A)` is `m × k`. `A` is stored `m × k` (`lda ≥ k`), or `k × m` when `transposeA` (`lda ≥ m`).
/// - `op(B)` is `k × n`. `B` is stored `k × n` (`ldb ≥ n`), or `n × k` when `transposeB` (`ldb ≥ k`).
/// - `C` is `m × n` (`ldc ≥ n`).
///
/// When `beta` is zero, `C` is only written, never read, so it may be uninitialised (NaN does not propagate);
/// when `alpha` or `k` is zero, `A` and `B` are not read. `C` must not overlap `A` or `B`.
///
/// Products run on ``backend`` — the built-in kernel, or OpenBLAS under `SYNAPSE_BLAS=openblas` — unless a
/// call names one. Both backends use every core for large products (see ``setBLASThreadCount(_:)``), and both
/// may be called from several threads at once.
///
/// ```swift
/// // c (2 × 3) = a (2 × 4) · bᵀ, where b is stored 3 × 4
/// GEMM.multiply(transposeB: true, m: 2, n: 3, k: 4,
///               a: a, lda: 4, b: b, ldb: 4, c: c, ldc: 3)
/// ```
public enum GEMM {
    /// `C = alpha·op(A)·op(B) + beta·C` in single precision. See ``GEMM`` for the layout.
    ///
    /// - Parameters:
    ///   - transposeA: Use `Aᵀ` (A stored `k × m`).
    ///   - transposeB: Use `Bᵀ` (B stored `n × k`).
    ///   - m: Rows of `op(A)` and `C`.
    ///   - n: Columns of `op(B)` and `C`.
    ///   - k: Columns of `op(A)`, rows of `op(B)`.
    ///   - alpha: Scale of the product.
    ///   - a: First element of `A`.
    ///   - lda: Leading dimension of `A` as stored.
    ///   - b: First element of `B`.
    ///   - ldb: Leading dimension of `B` as stored.
    ///   - beta: Scale of the existing `C`; `0` overwrites without reading it.
    ///   - c: First element of `C`.
    ///   - ldc: Leading dimension of `C`.
    ///   - backend: Run on this backend instead of ``backend``; it must be available (``isAvailable(_:)``).
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int, backend: Backend? = nil
    ) {
        run(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, backend: backend)
    }

    /// `C = alpha·op(A)·op(B) + beta·C` in double precision. The parameters are those of the single-precision
    /// overload; see ``GEMM`` for the layout.
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double = 0,
        c: UnsafeMutablePointer<Double>, ldc: Int, backend: Backend? = nil
    ) {
        run(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, backend: backend)
    }

    /// The shared body of both ``multiply`` overloads, for element types chosen generically inside the module.
    static func run<T: CBLASScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: T,
        c: UnsafeMutablePointer<T>, ldc: Int, backend requested: Backend?
    ) {
        check(m >= 0 && n >= 0 && k >= 0, "GEMM: negative size (m: \(m), n: \(n), k: \(k))")
        check(lda >= max(1, transposeA ? m : k),
              "GEMM: lda is \(lda), expected at least \(max(1, transposeA ? m : k))")
        check(ldb >= max(1, transposeB ? k : n),
              "GEMM: ldb is \(ldb), expected at least \(max(1, transposeB ? k : n))")
        check(ldc >= max(1, n), "GEMM: ldc is \(ldc), expected at least \(max(1, n))")
        if requested == nil, ShortProduct.runs(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                                 alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c,
                                                 ldc: ldc) {
            return
        }
        // A tiny product costs less in the direct loops than the call into BLAS does.
        let chosen = requested ?? (DirectGEMM.isTiny(m: m, n: n, k: k) ? .native : backend)
        let library = chosen == .openBLAS ? CBLASLibrary.shared : nil
        check(chosen == .native || library != nil,
              "GEMM: the openBLAS backend was requested but no OpenBLAS library could be loaded")
        if let library, k > 0, alpha != 0,
           let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: k),
           let lda32 = Int32(exactly: lda), let ldb32 = Int32(exactly: ldb), let ldc32 = Int32(exactly: ldc) {
            T.cblasGEMM(library, transposeA: transposeA, transposeB: transposeB, m: m32, n: n32, k: k32,
                        alpha: alpha, a: a, lda: lda32, b: b, ldb: ldb32, beta: beta, c: c, ldc: ldc32)
            return
        }
        NativeGEMM.multiply(
            m: m, n: n, k: k, alpha: alpha,
            a: MatrixView(a, leadingDimension: lda, transposed: transposeA),
            b: MatrixView(b, leadingDimension: ldb, transposed: transposeB),
            beta: beta, c: OutputMatrix(base: c, ld: ldc))
    }
}
