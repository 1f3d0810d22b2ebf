import Dispatch

/// The portable GEMM: `C = alpha·A·B + beta·C` with cache blocking, packing and a SIMD register-tiled
/// micro-kernel (see ``NativeGEMMScalar``), split across cores when the product is large.
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
            multiplyInParallel(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
        }
    }

    /// Splits C into one band per core, along whichever of rows and columns is longer, in whole micro-tiles.
    /// Each band is an independent blocked product with its own packing buffers.
    private static func multiplyInParallel<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>
    ) {
        let splitColumns = n >= m
        let tile = splitColumns ? T.microColumns : T.microRows
        let tiles = ((splitColumns ? n : m) + tile - 1) / tile
        let bands = m * n * k < parallelThreshold ? 1 : min(Parallel.threadCount, tiles)
        if bands <= 1 {
            multiplyBlocked(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
            return
        }
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let start = tiles * band / bands * tile
            let end = min(tiles * (band + 1) / bands * tile, splitColumns ? n : m)
            guard start < end else { return }
            if splitColumns {
                let bBand = MatrixView(base: b.base + start * b.columnStride,
                                       rowStride: b.rowStride, columnStride: b.columnStride)
                multiplyBlocked(m: m, n: end - start, k: k, alpha: alpha, a: a, b: bBand, beta: beta,
                                c: OutputMatrix(base: c.base + start, ld: c.ld))
            } else {
                let aBand = MatrixView(base: a.base + start * a.rowStride,
                                       rowStride: a.rowStride, columnStride: a.columnStride)
                multiplyBlocked(m: end - start, n: n, k: k, alpha: alpha, a: aBand, b: b, beta: beta,
                                c: OutputMatrix(base: c.base + start * c.ld, ld: c.ld))
            }
        }
    }

    /// The single-threaded blocked product (loops of GotoBLAS: column blocks, depth blocks, row blocks, then
    /// micro-tiles).
    static func multiplyBlocked<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return scale(c, rows: m, columns: n, by: beta) }
        let mr = T.microRows, nr = T.microColumns, width = T.broadcastWidth
        let mcMax = T.blockRows, ncMax = T.blockColumns
        // Equal depth blocks, so k = 257 becomes 129 + 128 rather than 256 + 1.
        let depthBlocks = (k + T.blockDepth - 1) / T.blockDepth
        let kcMax = (k + depthBlocks - 1) / depthBlocks
        GEMMScratchPool.shared.withBuffer(of: T.self) { scratch in
            let packedA = scratch
            let packedB = packedA + mcMax * T.blockDepth * width
            let tile = packedB + T.blockDepth * ncMax
            for jc in stride(from: 0, to: n, by: ncMax) {
                let nc = min(ncMax, n - jc)
                for pc in stride(from: 0, to: k, by: kcMax) {
                    let kc = min(kcMax, k - pc)
                    let blockBeta: T = pc == 0 ? beta : 1
                    GEMMPacking.packB(b, depth0: pc, depth: kc, column0: jc, columns: nc, into: packedB)
                    for ic in stride(from: 0, to: m, by: mcMax) {
                        let mc = min(mcMax, m - ic)
                        GEMMPacking.packA(a, row0: ic, rows: mc, depth0: pc, depth: kc, into: packedA)
                        for jr in stride(from: 0, to: nc, by: nr) {
                            let sliverB = packedB + jr * kc
                            for ir in stride(from: 0, to: mc, by: mr) {
                                T.microKernel(depth: kc, packedA: packedA + ir * kc * width, packedB: sliverB,
                                              result: tile)
                                storeTile(tile, into: c.pointer(row: ic + ir, column: jc + jr), ld: c.ld,
                                          rows: min(mr, mc - ir), columns: min(nr, nc - jr),
                                          alpha: alpha, beta: blockBeta)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `C = alpha·tile + beta·C` over the valid `rows × columns` corner of a micro-tile (C not read when `beta`
    /// is zero).
    @inline(__always)
    private static func storeTile<T: NativeGEMMScalar>(
        _ tile: UnsafeMutablePointer<T>, into destination: UnsafeMutablePointer<T>, ld: Int,
        rows: Int, columns: Int, alpha: T, beta: T
    ) {
        let nr = T.microColumns
        for r in 0..<rows {
            let source = tile + r * nr, row = destination + r * ld
            if beta == 0 {
                for j in 0..<columns { row[j] = alpha * source[j] }
            } else if beta == 1 {
                for j in 0..<columns { row[j] += alpha * source[j] }
            } else {
                for j in 0..<columns { row[j] = alpha * source[j] + beta * row[j] }
            }
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
