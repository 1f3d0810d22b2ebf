/// An element type with a CBLAS `?gemm` routine (`cblas_sgemm` for `Float`, `cblas_dgemm` for `Double`).
protocol CBLASScalar: NativeGEMMScalar {
    /// Calls the library's row-major `?gemm`; every size already fits in `Int32`.
    static func cblasGEMM(
        _ library: CBLASLibrary, transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Self,
        a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32, beta: Self,
        c: UnsafeMutablePointer<Self>, ldc: Int32)
}

extension CBLASLibrary {
    /// The CBLAS transpose flag.
    @inline(__always) static func flag(_ transposed: Bool) -> Int32 { transposed ? transpose : noTranspose }
}

extension Float: CBLASScalar {
    static func cblasGEMM(
        _ library: CBLASLibrary, transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Float,
        a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int32
    ) {
        library.sgemm(CBLASLibrary.rowMajor, CBLASLibrary.flag(transposeA), CBLASLibrary.flag(transposeB),
                      m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double: CBLASScalar {
    static func cblasGEMM(
        _ library: CBLASLibrary, transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
        a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32, beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        library.dgemm(CBLASLibrary.rowMajor, CBLASLibrary.flag(transposeA), CBLASLibrary.flag(transposeB),
                      m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}
