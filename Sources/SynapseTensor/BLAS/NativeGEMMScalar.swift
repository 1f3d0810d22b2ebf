/// An element type the native GEMM kernel multiplies (`Float`, `Double`), with its register tile, its cache
/// blocking and its micro-kernel.
///
/// The kernel follows the GotoBLAS/BLIS scheme: `op(B)` is copied ("packed") in `blockDepth × blockColumns`
/// blocks, `op(A)` in `blockRows × blockDepth` blocks, and the micro-kernel multiplies a `microRows × depth`
/// sliver of packed A by a `depth × microColumns` sliver of packed B into a `microRows × microColumns` tile held
/// entirely in SIMD registers.
///
/// (`Codable` is implied by `SIMDScalar`'s storage constraints; the compiler asks for it to be spelled out.)
protocol NativeGEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// Rows of C computed by one micro-kernel call (MR).
    static var microRows: Int { get }
    /// Columns of C computed by one micro-kernel call (NR); a multiple of the SIMD width.
    static var microColumns: Int { get }
    /// Copies of each A element stored in the packed A block (the SIMD width), so the micro-kernel reads a
    /// ready-made broadcast vector instead of spending a shuffle per element.
    static var broadcastWidth: Int { get }
    /// Depth of a packed block (KC): a `depth × microColumns` sliver of packed B stays in L1.
    static var blockDepth: Int { get }
    /// Rows of a packed A block (MC), a multiple of ``microRows``: the block stays in L2.
    static var blockRows: Int { get }
    /// Columns of a packed B block (NC), a multiple of ``microColumns``.
    static var blockColumns: Int { get }

    /// Computes the `microRows × microColumns` product of a packed A sliver (`depth` steps of `microRows`
    /// broadcast vectors) and a packed B sliver (`depth` rows of `microColumns` values) and stores it, row-major,
    /// into `result` (which needs `microRows * microColumns` elements, SIMD-aligned).
    static func microKernel(
        depth: Int, packedA: UnsafePointer<Self>, packedB: UnsafePointer<Self>, result: UnsafeMutablePointer<Self>)
}

extension NativeGEMMScalar {
    /// Elements of scratch memory one thread needs: a packed A block, a packed B block and a result tile.
    static var scratchElementCount: Int {
        blockRows * blockDepth * broadcastWidth + blockDepth * blockColumns + microRows * microColumns
    }
}
