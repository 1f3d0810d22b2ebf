/// Copies blocks of the GEMM operands into the contiguous, zero-padded layouts the micro-kernel reads.
enum GEMMPacking {
    /// Packs `rows × depth` of `a`, starting at `(row0, depth0)`, as consecutive slivers of `microRows` rows:
    /// inside a sliver, step `p` holds the `microRows` values of column `p`, each repeated `broadcastWidth`
    /// times. Rows past the end of the block are zero, so the micro-kernel never needs a fringe case.
    static func packA<T: NativeGEMMScalar>(
        _ a: MatrixView<T>, row0: Int, rows: Int, depth0: Int, depth: Int, into destination: UnsafeMutablePointer<T>
    ) {
        let mr = T.microRows, width = T.broadcastWidth
        var out = destination
        for sliver in stride(from: 0, to: rows, by: mr) {
            let valid = min(mr, rows - sliver)
            let origin = a.base + (row0 + sliver) * a.rowStride + depth0 * a.columnStride
            for p in 0..<depth {
                let column = origin + p * a.columnStride
                for r in 0..<valid {
                    let value = column[r * a.rowStride]
                    for copy in 0..<width { out[copy] = value }
                    out += width
                }
                if valid < mr {
                    out.update(repeating: 0, count: (mr - valid) * width)
                    out += (mr - valid) * width
                }
            }
        }
    }

    /// Packs `depth × columns` of `b`, starting at `(depth0, column0)`, as consecutive slivers of `microColumns`
    /// columns: inside a sliver, step `p` holds the `microColumns` values of row `p`. Columns past the end of the
    /// block are zero.
    static func packB<T: NativeGEMMScalar>(
        _ b: MatrixView<T>, depth0: Int, depth: Int, column0: Int, columns: Int,
        into destination: UnsafeMutablePointer<T>
    ) {
        let nr = T.microColumns
        var out = destination
        for sliver in stride(from: 0, to: columns, by: nr) {
            let valid = min(nr, columns - sliver)
            let origin = b.base + depth0 * b.rowStride + (column0 + sliver) * b.columnStride
            if valid == nr && b.columnStride == 1 {
                for p in 0..<depth {
                    out.update(from: origin + p * b.rowStride, count: nr)
                    out += nr
                }
            } else {
                for p in 0..<depth {
                    let row = origin + p * b.rowStride
                    for j in 0..<valid { out[j] = row[j * b.columnStride] }
                    for j in valid..<nr { out[j] = 0 }
                    out += nr
                }
            }
        }
    }
}
