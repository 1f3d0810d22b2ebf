
/// The built-in GEMM: `C = alpha·A·B + beta·C` through direct loops for tiny and thin products, and otherwise the
/// packed, cache-blocked C kernel with AVX-512, AVX2 or portable micro-kernels chosen at run time
/// (``NativeGEMMScalar``), split across cores when the product is large.
enum NativeGEMM {
    /// Products with at least this many multiply-adds (`m·n·k`, 128³) are split across cores: measured on 2 cores,
    /// waking a second thread costs about as much as it saves at 128³ and loses below (96³: 63 µs on one thread,
    /// 90-115 µs on two), and wins above (256³: 1.09 ms → 0.67 ms).
    static let parallelThreshold = 1 << 21

    /// `C = alpha·A·B + beta·C` for an `m × k` matrix `a` and a `k × n` matrix `b`. When `beta` is zero, `C` is
    /// only written, never read (it may hold NaN). When `alpha` is zero or `k` is zero, `A` and `B` are not read.
    static func multiply<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 || alpha == 0 {
            scale(c, rows: m, columns: n, by: beta)
        } else if DirectGEMM.handles(m: m, n: n, k: k) {
            DirectGEMM.multiply(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
        } else {
            multiplyPacked(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
        }
    }

    /// The packed, cache-blocked product (`gemm_packed.c`), split into one band of C per thread when it has at
    /// least ``parallelThreshold`` multiply-adds. Both bands run at once, each packing its own operand blocks.
    ///
    /// - Parameters:
    ///   - isa: The micro-kernel's instruction-set level (`SYNAPSE_VM_ISA_*`), or -1 for the level in use: tests
    ///     force each level; a level above the one in use runs the one in use.
    ///   - threads: The most threads to split across (tests compare one with several).
    static func multiplyPacked<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>,
        isa: Int32 = -1, threads: Int = Parallel.threadCount
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0, alpha != 0 else { return scale(c, rows: m, columns: n, by: beta) }
        runParts(multiplyAdds: m * n * k, threads: threads) { part, parts, scratch in
            T.packedProduct(isa: isa, part: part, parts: parts, m: m, n: n, k: k, alpha: alpha, a: a, b: b,
                            beta: beta, c: c, scratch: scratch)
        }
    }

    /// `C = alpha·A·W + beta·C` where `W` is the convolution window matrix `windows` describes (`k × n`, or its
    /// transpose), packed straight from the image by the same kernel (`synapse_sgemm_packed_windows`): an
    /// implicit GEMM, split across threads as ``multiplyPacked(m:n:k:alpha:a:b:beta:c:isa:threads:)`` is.
    static func multiplyWindows<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, windows: ConvolutionWindows, beta: T,
        c: OutputMatrix<T>, isa: Int32 = -1, threads: Int = Parallel.threadCount
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0, alpha != 0 else { return scale(c, rows: m, columns: n, by: beta) }
        runParts(multiplyAdds: m * n * k, threads: threads) { part, parts, scratch in
            T.packedWindowProduct(isa: isa, part: part, parts: parts, m: m, n: n, k: k, alpha: alpha, a: a,
                                  windows: windows, beta: beta, c: c, scratch: scratch)
        }
    }

    /// `C = alpha·W·B + beta·C` where `W` is the window matrix `windows` describes (`m × k`: window rows ×
    /// positions), read in place from zero-padded copies of the image planes (`synapse_sgemm_packed_window_rows`):
    /// a convolution's weight gradient as `dWᵀ = windows · dYᵀ`, with the same bits as
    /// `(dY · windowsᵀ)ᵀ` through ``multiplyWindows(m:n:k:alpha:a:windows:beta:c:isa:threads:)`` and without
    /// transposing the windows. Only when ``ConvolutionWindows/readsRowsInPlace(columns:)``; split across threads by planes.
    static func multiplyWindowRows<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, windows: ConvolutionWindows, b: MatrixView<T>, beta: T,
        c: OutputMatrix<T>, isa: Int32 = -1, threads: Int = Parallel.threadCount
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0, alpha != 0 else { return scale(c, rows: m, columns: n, by: beta) }
        runParts(multiplyAdds: m * n * k, threads: threads) { part, parts, scratch in
            T.packedWindowRowsProduct(isa: isa, part: part, parts: parts, m: m, n: n, k: k, alpha: alpha,
                                      windows: windows, b: b, beta: beta, c: c, scratch: scratch)
        }
    }

    /// Runs `body(part, parts, scratch)` for each part of a packed product of `multiplyAdds` multiply-adds: one
    /// part on the calling thread below ``parallelThreshold``, otherwise one per thread (at most `threads`), each
    /// with its own ``GEMMScratchPool`` buffer.
    private static func runParts(
        multiplyAdds: Int, threads: Int, _ body: @Sendable (Int, Int, UnsafeMutableRawPointer) -> Void
    ) {
        let parts = multiplyAdds < parallelThreshold ? 1 : max(1, threads)
        if parts == 1 {
            GEMMScratchPool.shared.withBuffer { scratch in body(0, 1, scratch) }
            return
        }
        Parallel.perform(iterations: parts) { part in
            GEMMScratchPool.shared.withBuffer { scratch in body(part, parts, scratch) }
        }
    }

    /// `C = beta·C` (zero-filled without reading when `beta` is zero): the whole product when `alpha` or `k` is
    /// zero.
    static func scale<T: NativeGEMMScalar>(_ c: OutputMatrix<T>, rows: Int, columns: Int, by beta: T) {
        guard beta != 1 else { return }
        for r in 0..<rows {
            let row = c.pointer(row: r, column: 0)
            if beta == 0 {
                row.update(repeating: 0, count: columns)
            } else {
                for j in 0..<columns { row[j] *= beta }
            }
        }
    }
}
