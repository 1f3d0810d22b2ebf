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

    /// The implicit-GEMM entry point: the packed product with `B` a window matrix packed straight from its image
    /// (`synapse_sgemm_packed_windows` / `synapse_dgemm_packed_windows`).
    static var packedWindowsKernel: PackedWindowsKernel<Self> { get }
}

/// The C signature of `synapse_sgemm_packed_windows` and `synapse_dgemm_packed_windows` for element type `T`.
typealias PackedWindowsKernel<T> = (
    Int32, Int, Int, Int, Int, Int, T, UnsafePointer<T>?, Int, Int, UnsafePointer<synapse_windows>?, T,
    UnsafeMutablePointer<T>?, Int, UnsafeMutableRawPointer?) -> Void

extension NativeGEMMScalar {
    /// ``packedProduct(isa:part:parts:m:n:k:alpha:a:b:beta:c:scratch:)`` with `B` the window matrix `windows`
    /// describes, packed straight from its image (``packedWindowsKernel``).
    static func packedWindowProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Self, a: MatrixView<Self>,
        windows: ConvolutionWindows, beta: Self, c: OutputMatrix<Self>, scratch: UnsafeMutableRawPointer
    ) {
        withUnsafePointer(to: windows.description) { description in
            packedWindowsKernel(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride, description,
                                beta, c.base, c.ld, scratch)
        }
    }
}

extension Float: NativeGEMMScalar {
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Float, a: MatrixView<Float>,
        b: MatrixView<Float>, beta: Float, c: OutputMatrix<Float>, scratch: UnsafeMutableRawPointer
    ) {
        synapse_sgemm_packed(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride,
                             b.base, b.rowStride, b.columnStride, beta, c.base, c.ld, scratch)
    }

    static var packedWindowsKernel: PackedWindowsKernel<Float> { synapse_sgemm_packed_windows }
}

extension Double: NativeGEMMScalar {
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Double, a: MatrixView<Double>,
        b: MatrixView<Double>, beta: Double, c: OutputMatrix<Double>, scratch: UnsafeMutableRawPointer
    ) {
        synapse_dgemm_packed(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride,
                             b.base, b.rowStride, b.columnStride, beta, c.base, c.ld, scratch)
    }

    static var packedWindowsKernel: PackedWindowsKernel<Double> { synapse_dgemm_packed_windows }
}
