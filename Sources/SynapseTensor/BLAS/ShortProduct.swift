import CSynapseKernels

/// Products `A·Bᵀ` or `A·B` with a short `A` (at most 16 rows: a linear layer on a few tokens, one generated
/// token through GPT-2's Conv1D) in single precision. A general kernel (OpenBLAS's or the native one) packs `B`
/// first, which for a few rows costs as much as the product; here each row of `B` is read once, as it is stored
/// (`synapse_sgemm_nt_short`, `synapse_sgemm_nn_short`), with the columns split across cores.
enum ShortProduct {
    /// Rows of `A` up to which the short kernel is used.
    static let maximumRows = 16
    /// Multiply-adds below which one thread does the whole product.
    static let parallelWork = 1 << 18

    /// Runs the product when it has this shape and returns true; returns false for any other product.
    static func runs<T>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) -> Bool {
        guard T.self == Float.self, !transposeA, m > 0, m <= maximumRows, k >= 16, n >= 2,
              !DirectGEMM.isTiny(m: m, n: n, k: k) else { return false }
        let alpha = unsafeBitCast(alpha, to: Float.self), beta = unsafeBitCast(beta, to: Float.self)
        let a = UnsafeRawPointer(a).assumingMemoryBound(to: Float.self)
        let b = UnsafeRawPointer(b).assumingMemoryBound(to: Float.self)
        let c = UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self)
        let grain = Swift.max(2, parallelWork / Swift.max(1, m * k))
        Parallel.forRanges(count: n, grain: grain) { columns in
            if transposeB {
                synapse_sgemm_nt_short(m, columns.lowerBound, columns.upperBound, k, alpha, a, lda, b, ldb, beta, c, ldc)
            } else {
                synapse_sgemm_nn_short(m, columns.lowerBound, columns.upperBound, k, alpha, a, lda, b, ldb, beta, c, ldc)
            }
        }
        return true
    }
}
