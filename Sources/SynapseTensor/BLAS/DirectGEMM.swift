/// Products without packing, for shapes where packing cannot pay for itself: tiny products (a 2 × 4 · 4 × 8
/// product is a few dozen multiply-adds) and thin ones — a few rows times a matrix, a matrix times a few
/// columns — where the packed kernel would mostly multiply the zero padding of its register tile (6-8 rows ×
/// 4-32 columns).
enum DirectGEMM {
    /// Rows (of `A`) or columns (of `B`) up to which a product counts as thin.
    static let thinLimit = 4

    /// Products of at most this many multiply-adds (`m·n·k`) are one scalar loop per element of C: a 2 × 8 · 8 × 1
    /// product is a few dozen multiply-adds, fewer instructions than setting up any vector loop (or calling BLAS).
    static let tinyLimit = 512

    /// Whether an `m × k · k × n` product is tiny (``tinyLimit``); sizes whose product overflows are not.
    @inline(__always)
    static func isTiny(m: Int, n: Int, k: Int) -> Bool {
        let (mn, overflowMN) = m.multipliedReportingOverflow(by: n)
        let (mnk, overflowMNK) = mn.multipliedReportingOverflow(by: k)
        return !overflowMN && !overflowMNK && mnk <= tinyLimit
    }

    /// Whether the direct loops are the faster way to compute an `m × k · k × n` product.
    @inline(__always)
    static func handles(m: Int, n: Int, k: Int) -> Bool { m * n * k <= 4096 || m <= thinLimit || n <= thinLimit }

    /// `C = alpha·A·B + beta·C` (C not read when `beta` is zero). When B's rows are contiguous and C is wider
    /// than a few columns, rows of C are sums of scaled rows of B, which vectorises; otherwise each element is a
    /// dot product of contiguous vectors. Large thin products are split by rows across cores.
    static func multiply<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>
    ) {
        if isTiny(m: m, n: n, k: k) {
            multiplyTiny(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
            return
        }
        let bySumsOfRows = b.columnStride == 1 && n > thinLimit
        func run(_ rows: Range<Int>) {
            if bySumsOfRows {
                rowsAsSumsOfRows(rows, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
            } else {
                rowsAsDotProducts(rows, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c)
            }
        }
        if m * n * k < 2 * NativeGEMM.parallelThreshold {
            run(0..<m)
        } else {
            Parallel.forRanges(count: m, grain: max(1, NativeGEMM.parallelThreshold / (n * k)), run)
        }
    }

    /// Each element of C summed over `p` in order, as the other direct loops sum it (so the results are the same
    /// bits whichever loop a size picks).
    // Optimised for size: vectorising these few-element loops adds stride and overlap checks that cost more than
    // the multiply-adds themselves.
    @_optimize(size) @inline(never)
    private static func multiplyTiny<T: NativeGEMMScalar>(
        m: Int, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T, c: OutputMatrix<T>
    ) {
        // Wrapping index arithmetic: the sizes are small, and checked multiplications would outnumber the
        // multiply-adds.
        if alpha == 1 && beta == 0 && k > 0 {
            // The usual case (backward formulas): each row of C built up as a sum of rows of B, so the loop
            // overhead is per row instead of per element. Each element still adds its products in order onto
            // a zero (`0 + a·b`, as the sum below starts), so the bits are the same.
            for i in 0..<m {
                let row = c.pointer(row: i, column: 0), aRow = a.base + i &* a.rowStride
                let first = aRow[0]
                var bRow = b.base
                for j in 0..<n { row[j] = 0 + first * bRow[j &* b.columnStride] }
                for p in 1..<k {
                    let factor = aRow[p &* a.columnStride]
                    bRow += b.rowStride
                    for j in 0..<n { row[j] += factor * bRow[j &* b.columnStride] }
                }
            }
            return
        }
        for i in 0..<m {
            let row = c.pointer(row: i, column: 0), aRow = a.base + i &* a.rowStride
            for j in 0..<n {
                let bColumn = b.base + j &* b.columnStride
                var sum: T = 0
                var aOffset = 0, bOffset = 0
                for _ in 0..<k {
                    sum += aRow[aOffset] * bColumn[bOffset]
                    aOffset &+= a.columnStride
                    bOffset &+= b.rowStride
                }
                row[j] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j]
            }
        }
    }

    /// Up to four rows of C at a time, each the sum over `p` of `A[i, p]·B[p, :]`, so every row of B read
    /// serves every row of the group.
    private static func rowsAsSumsOfRows<T: NativeGEMMScalar>(
        _ rows: Range<Int>, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T,
        c: OutputMatrix<T>
    ) {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 4 * n) { buffer in
            let sums = buffer.baseAddress!
            for first in stride(from: rows.lowerBound, to: rows.upperBound, by: 4) {
                let count = min(4, rows.upperBound - first)
                sums.update(repeating: 0, count: count * n)
                switch count {
                case 1: accumulateOneRow(first, n: n, k: k, a: a, b: b, into: sums)
                case 2: accumulateTwoRows(first, n: n, k: k, a: a, b: b, into: sums)
                default: accumulateFourRows(first, count: count, n: n, k: k, a: a, b: b, into: sums)
                }
                for r in 0..<count {
                    store(sums + r * n, into: c.pointer(row: first + r, column: 0), count: n, alpha: alpha, beta: beta)
                }
            }
        }
    }

    @inline(__always)
    private static func accumulateOneRow<T: NativeGEMMScalar>(
        _ i: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, into s0: UnsafeMutablePointer<T>
    ) {
        for p in 0..<k {
            let bRow = b.base + p * b.rowStride, f0 = a[i, p]
            for j in 0..<n { s0[j] += f0 * bRow[j] }
        }
    }

    @inline(__always)
    private static func accumulateTwoRows<T: NativeGEMMScalar>(
        _ i: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, into s0: UnsafeMutablePointer<T>
    ) {
        let s1 = s0 + n
        for p in 0..<k {
            let bRow = b.base + p * b.rowStride, f0 = a[i, p], f1 = a[i + 1, p]
            for j in 0..<n {
                let value = bRow[j]
                s0[j] += f0 * value
                s1[j] += f1 * value
            }
        }
    }

    /// Three or four rows (a third row group multiplies a zero factor into a fourth scratch row).
    @inline(__always)
    private static func accumulateFourRows<T: NativeGEMMScalar>(
        _ i: Int, count: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, into s0: UnsafeMutablePointer<T>
    ) {
        let s1 = s0 + n, s2 = s1 + n, s3 = s2 + n
        for p in 0..<k {
            let bRow = b.base + p * b.rowStride
            let f0 = a[i, p], f1 = a[i + 1, p], f2 = a[i + 2, p], f3 = count == 4 ? a[i + 3, p] : 0
            for j in 0..<n {
                let value = bRow[j]
                s0[j] += f0 * value
                s1[j] += f1 * value
                s2[j] += f2 * value
                s3[j] += f3 * value
            }
        }
    }

    /// Each element of C as a dot product. Columns of B and rows of A that are not contiguous are first copied
    /// into contiguous scratch, so every dot product runs in SIMD registers.
    private static func rowsAsDotProducts<T: NativeGEMMScalar>(
        _ rows: Range<Int>, n: Int, k: Int, alpha: T, a: MatrixView<T>, b: MatrixView<T>, beta: T,
        c: OutputMatrix<T>
    ) {
        let gatherB = b.rowStride != 1, gatherA = a.columnStride != 1
        let scratch = (gatherB ? n * k : 0) + (gatherA ? k : 0)
        withUnsafeTemporaryAllocation(of: T.self, capacity: max(1, scratch)) { buffer in
            let bColumns = buffer.baseAddress!, aScratch = bColumns + (gatherB ? n * k : 0)
            if gatherB {
                for j in 0..<n {
                    for p in 0..<k { bColumns[j * k + p] = b[p, j] }
                }
            }
            for i in rows {
                var aRow = UnsafePointer(a.base + i * a.rowStride)
                if gatherA {
                    for p in 0..<k { aScratch[p] = a[i, p] }
                    aRow = UnsafePointer(aScratch)
                }
                let row = c.pointer(row: i, column: 0)
                for j in 0..<n {
                    let column = gatherB ? UnsafePointer(bColumns + j * k) : b.base + j * b.columnStride
                    let sum = contiguousDot(aRow, column, count: k)
                    row[j] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j]
                }
            }
        }
    }

    /// `row = alpha·sums + beta·row` (row not read when `beta` is zero).
    @inline(__always)
    private static func store<T: NativeGEMMScalar>(
        _ sums: UnsafeMutablePointer<T>, into row: UnsafeMutablePointer<T>, count: Int, alpha: T, beta: T
    ) {
        if beta == 0 {
            for j in 0..<count { row[j] = alpha * sums[j] }
        } else {
            for j in 0..<count { row[j] = alpha * sums[j] + beta * row[j] }
        }
    }

    /// `Σ x[p]·y[p]` over `count` terms, in two SIMD accumulators (so the additions overlap instead of waiting on
    /// each other), then the tail.
    @inline(__always)
    static func contiguousDot<T: NativeGEMMScalar>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, count: Int) -> T {
        typealias V = SIMD8<T>
        let width = V.scalarCount, size = MemoryLayout<T>.stride
        let xRaw = UnsafeRawPointer(x), yRaw = UnsafeRawPointer(y)
        var sum0 = V(), sum1 = V()
        var p = 0
        while p + 2 * width <= count {
            sum0 += xRaw.loadUnaligned(fromByteOffset: p * size, as: V.self)
                * yRaw.loadUnaligned(fromByteOffset: p * size, as: V.self)
            sum1 += xRaw.loadUnaligned(fromByteOffset: (p + width) * size, as: V.self)
                * yRaw.loadUnaligned(fromByteOffset: (p + width) * size, as: V.self)
            p += 2 * width
        }
        var total = (sum0 + sum1).sum()
        while p < count {
            total += x[p] * y[p]
            p += 1
        }
        return total
    }
}
