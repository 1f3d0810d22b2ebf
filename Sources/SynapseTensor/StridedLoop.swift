import Dispatch

/// Walks several equally shaped strided operands (an output and its inputs, already broadcast) row by row.
///
/// Dimensions are coalesced first (size-1 dimensions dropped, adjacent dimensions merged where every operand
/// allows it), so a contiguous or a broadcast-contiguous operation becomes one long row.
/// The body receives each row's starting element offsets and runs a tight loop itself, so nothing is allocated
/// or reference-counted per element.
struct StridedLoop {
    /// Coalesced sizes, outermost first; never empty (a scalar is one row of one element).
    let sizes: [Int]
    /// Coalesced strides, `strides[operand][dimension]`.
    let strides: [[Int]]
    /// Elements per row (the innermost size).
    var rowLength: Int { sizes[sizes.count - 1] }
    /// Number of rows.
    var rowCount: Int { sizes.dropLast().reduce(1, *) }

    init(shape: [Int], strides operandStrides: [[Int]]) {
        var sizes: [Int] = []
        var strides = [[Int]](repeating: [], count: operandStrides.count)
        for dim in 0..<shape.count where shape[dim] != 1 {
            let size = shape[dim]
            if let last = sizes.indices.last,
               operandStrides.indices.allSatisfy({ strides[$0][last] == operandStrides[$0][dim] * size }) {
                sizes[last] *= size
                for op in operandStrides.indices { strides[op][last] = operandStrides[op][dim] }
            } else {
                sizes.append(size)
                for op in operandStrides.indices { strides[op].append(operandStrides[op][dim]) }
            }
        }
        if sizes.isEmpty || shape.contains(0) {
            sizes = [shape.contains(0) ? 0 : 1]
            strides = strides.map { _ in [1] }
        }
        self.sizes = sizes
        self.strides = strides
    }

    /// The innermost stride of an operand.
    @inline(__always) func rowStride(_ operand: Int) -> Int { strides[operand][sizes.count - 1] }

    /// Calls `body(offsets, rowLength)` for each row in row-major order; `offsets[k]` is operand k's element offset.
    @inline(__always)
    func forEachRow(_ body: (UnsafePointer<Int>, Int) -> Void) {
        forEachRow(rows: 0..<rowCount, body)
    }

    /// Same as ``forEachRow(_:)`` over a sub-range of rows (used to split work across threads).
    @inline(__always)
    func forEachRow(rows: Range<Int>, _ body: (UnsafePointer<Int>, Int) -> Void) {
        let operandCount = strides.count
        let outerRank = sizes.count - 1
        let length = rowLength
        if length == 0 || rows.isEmpty { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operandCount * 2 + outerRank + 1) { scratch in
            let offsets = scratch.baseAddress!
            let index = offsets + operandCount
            // Position the odometer at the first row.
            var remaining = rows.lowerBound
            for op in 0..<operandCount { offsets[op] = 0 }
            for dim in stride(from: outerRank - 1, through: 0, by: -1) {
                let position = remaining % sizes[dim]
                remaining /= sizes[dim]
                index[dim] = position
                for op in 0..<operandCount { offsets[op] += position * strides[op][dim] }
            }
            for _ in rows {
                body(UnsafePointer(offsets), length)
                var dim = outerRank - 1
                while dim >= 0 {
                    index[dim] += 1
                    for op in 0..<operandCount { offsets[op] += strides[op][dim] }
                    if index[dim] < sizes[dim] { break }
                    for op in 0..<operandCount { offsets[op] -= strides[op][dim] * sizes[dim] }
                    index[dim] = 0
                    dim -= 1
                }
            }
        }
    }

    /// Runs rows on several threads when the work is large enough to pay for it: whole rows per thread when
    /// there are enough rows, otherwise each row split into column ranges.
    /// The body must write only the elements of its own rows.
    func forEachRowParallel(_ body: (UnsafePointer<Int>, Int) -> Void) {
        let chunks = Parallel.chunkCount(work: rowCount * rowLength)
        if chunks <= 1 {
            forEachRow(body)
            return
        }
        let rows = rowCount
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            if rows >= chunks {
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    forEachRow(rows: rows * chunk / chunks ..< rows * (chunk + 1) / chunks, body)
                }
                return
            }
            let operandCount = strides.count
            let rowStrides = (0..<operandCount).map { rowStride($0) }
            forEachRow { offsets, count in
                nonisolated(unsafe) let offsets = offsets
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: operandCount) { shifted in
                        for op in 0..<operandCount { shifted[op] = offsets[op] + start * rowStrides[op] }
                        body(UnsafePointer(shifted.baseAddress!), end - start)
                    }
                }
            }
        }
    }
}

/// How Synapse splits large element-wise work across cores.
enum Parallel {
    /// Elements below which one thread does the work (thread start-up costs more than it saves).
    static let grainSize = 1 << 15
    /// Number of worker threads (the machine's active processors).
    static let threadCount = max(1, ProcessInfoLite.activeProcessorCount)

    /// How many chunks to split `work` elements into.
    static func chunkCount(work: Int) -> Int {
        work < grainSize * 2 ? 1 : min(threadCount, work / grainSize)
    }

    /// Runs `body(range)` over `0..<count` split into chunks, on several threads when large.
    /// The body must write only the elements of its own range.
    static func forRanges(count: Int, grain: Int = grainSize, _ body: (Range<Int>) -> Void) {
        let chunks = count < grain * 2 ? 1 : min(threadCount, count / grain)
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(count * chunk / chunks ..< count * (chunk + 1) / chunks)
            }
        }
    }
}

/// The number of processors, without importing Foundation into the kernels.
enum ProcessInfoLite {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
