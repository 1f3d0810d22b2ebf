import CSynapseKernels

/// An element type the native GEMM kernel multiplies (`Float`, `Double`): its entry into the packed, cache-blocked
/// C kernel (`synapse_sgemm_packed` / `synapse_dgemm_packed` in `gemm_packed.c`).
///
/// (`Codable` is implied by `SIMDScalar`'s storage constraints; the compiler asks for it to be spelled out.)
protocol NativeGEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// The packed product's entry point (`synapse_sgemm_packed` / `synapse_dgemm_packed`).
    static var packedKernel: PackedKernel<Self> { get }

    /// The implicit-GEMM entry point: the packed product with `B` a window matrix packed straight from its image
    /// (`synapse_sgemm_packed_windows` / `synapse_dgemm_packed_windows`).
    static var packedWindowsKernel: PackedWindowsKernel<Self> { get }

    /// The weight gradient's entry point: the window matrix as `A`, read in place from padded image planes
    /// (`synapse_sgemm_packed_window_rows` / `synapse_dgemm_packed_window_rows`).
    static var packedWindowRowsKernel: PackedWindowRowsKernel<Self> { get }
}

/// The C signature of `synapse_sgemm_packed` and `synapse_dgemm_packed` for element type `T`.
typealias PackedKernel<T> = (
    Int32, Int, Int, Int, Int, Int, T, UnsafePointer<T>?, Int, Int, UnsafePointer<T>?, Int, Int, T,
    UnsafeMutablePointer<T>?, Int, UnsafeMutableRawPointer?) -> Void

/// The C signature of `synapse_sgemm_packed_windows` and `synapse_dgemm_packed_windows` for element type `T`.
typealias PackedWindowsKernel<T> = (
    Int32, Int, Int, Int, Int, Int, T, UnsafePointer<T>?, Int, Int, UnsafePointer<synapse_windows>?, T,
    UnsafeMutablePointer<T>?, Int, UnsafeMutableRawPointer?) -> Void

/// The C signature of `synapse_sgemm_packed_window_rows` and `synapse_dgemm_packed_window_rows` for element type `T`.
typealias PackedWindowRowsKernel<T> = (
    Int32, Int, Int, Int, Int, Int, T, UnsafePointer<synapse_windows>?, UnsafePointer<T>?, Int, Int, T,
    UnsafeMutablePointer<T>?, Int, UnsafeMutableRawPointer?) -> Void

extension NativeGEMMScalar {
    /// Runs part `part` of `parts` of `C = alpha·A·B + beta·C` (`k > 0`) with the micro-kernel of instruction-set
    /// level `isa` (`-1`: the level in use), packing into `scratch` (``GEMMScratchPool`` buffer).
    static func packedProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Self, a: MatrixView<Self>,
        b: MatrixView<Self>, beta: Self, c: OutputMatrix<Self>, scratch: UnsafeMutableRawPointer
    ) {
        packedKernel(isa, part, parts, m, n, k, alpha, a.base, a.rowStride, a.columnStride, b.base, b.rowStride,
                     b.columnStride, beta, c.base, c.ld, scratch)
    }

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

    /// Part `part` of `parts` of `C = alpha·W·B + beta·C` with `W` (`m × k`) the window matrix `windows` describes,
    /// read in place from padded image planes (``packedWindowRowsKernel``; only when
    /// ``ConvolutionWindows/readsRowsInPlace(columns:)``).
    static func packedWindowRowsProduct(
        isa: Int32, part: Int, parts: Int, m: Int, n: Int, k: Int, alpha: Self, windows: ConvolutionWindows,
        b: MatrixView<Self>, beta: Self, c: OutputMatrix<Self>, scratch: UnsafeMutableRawPointer
    ) {
        withUnsafePointer(to: windows.description) { description in
            packedWindowRowsKernel(isa, part, parts, m, n, k, alpha, description, b.base, b.rowStride,
                                   b.columnStride, beta, c.base, c.ld, scratch)
        }
    }
}

extension Float: NativeGEMMScalar {
    static var packedKernel: PackedKernel<Float> { synapse_sgemm_packed }
    static var packedWindowsKernel: PackedWindowsKernel<Float> { synapse_sgemm_packed_windows }
    static var packedWindowRowsKernel: PackedWindowRowsKernel<Float> { synapse_sgemm_packed_window_rows }
}

extension Double: NativeGEMMScalar {
    static var packedKernel: PackedKernel<Double> { synapse_dgemm_packed }
    static var packedWindowsKernel: PackedWindowsKernel<Double> { synapse_dgemm_packed_windows }
    static var packedWindowRowsKernel: PackedWindowRowsKernel<Double> { synapse_dgemm_packed_window_rows }
}
