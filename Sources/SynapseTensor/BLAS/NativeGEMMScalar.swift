import CSynapseKernels

/// An element type the native GEMM kernel multiplies (`Float`, `Double`): its entry into the packed, cache-blocked
/// C kernel (`synapse_sgemm_packed` / `synapse_dgemm_packed` in `gemm_packed.c`).
///
/// (`Codable` is implied by `SIMDScalar`'s storage constraints; the compiler asks for it to be spelled out.)
protocol NativeGEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// Runs part `part` of `parts` of `C = alpha·A·B + beta·C` (`k > 0`) with the micro-kernel of instruction-set
    /// level `isa` (`-1`: the level in use), packing into `scratch` (``GEMMScratchPool`` buffer).
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Self, a: MatrixView<Self>,
        b: MatrixView<Self>, beta: Self, c: OutputMatrix<Self>, scratch: UnsafeMutableRawPointer)
}

extension Float: NativeGEMMScalar {
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Float, a: MatrixView<Float>,
        b: MatrixView<Float>, beta: Float, c: OutputMatrix<Float>, scratch: UnsafeMutableRawPointer
    ) {
        synapse_sgemm_packed(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride,
                             b.base, b.rowStride, b.columnStride, beta, c.base, c.ld, scratch)
    }
}

extension Double: NativeGEMMScalar {
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Double, a: MatrixView<Double>,
        b: MatrixView<Double>, beta: Double, c: OutputMatrix<Double>, scratch: UnsafeMutableRawPointer
    ) {
        synapse_dgemm_packed(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride,
                             b.base, b.rowStride, b.columnStride, beta, c.base, c.ld, scratch)
    }
}
