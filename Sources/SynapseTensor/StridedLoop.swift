import CSynapseKernels
import Dispatch

/// Walks several equally shaped strided operands (an output and its inputs, already broadcast) row by row.
///
/// Dimensions are coalesced first (size-1 dimensions dropped, adjacent dimensions merged where every operand
/// allows it), so a contiguous or a broadcast-contiguous operation becomes one long row.
/// The body receives each row's starting element offsets and runs a tight loop itself, so nothing is allocated
/// or reference-counted per element. Sizes and strides live in one flat buffer (one allocation per loop), and
/// the fixed-arity initialisers avoid building an array of arrays: small tensors stay cheap.
struct StridedLoop {
    /// Number of coalesced dimensions (at least 1: a scalar is one row of one element).
    let rank: Int
    /// Number of operands.
    let operandCount: Int
    /// `rank` sizes, outermost first (the innermost one is ``rowLength``), then `rank` strides for each operand.
    private let layout: [Int]
    /// Elements per row (the innermost size).
    let rowLength: Int

    /// Size of coalesced dimension `dim`.
    @inline(__always) func size(_ dim: Int) -> Int { dim == rank - 1 ? rowLength : layout[dim] }
    /// Stride of operand `op` along coalesced dimension `dim`.
    @inline(__always) func stride(_ op: Int, _ dim: Int) -> Int { layout[rank * (op + 1) + dim] }
    /// Number of rows.
    var rowCount: Int {
        var count = 1
        for dim in 0..<(rank - 1) { count *= layout[dim] }
        return count
    }

    /// A loop over one operand.
    init(shape: [Int], _ s0: [Int]) {
        (rank, layout, rowLength) = StridedLoop.coalesce(shape: shape, operandCount: 1) { _, dim in s0[dim] }
        operandCount = 1
    }

    /// A loop over two operands (typically output, input).
    init(shape: [Int], _ s0: [Int], _ s1: [Int]) {
        (rank, layout, rowLength) = StridedLoop.coalesce(shape: shape, operandCount: 2) { op, dim in op == 0 ? s0[dim] : s1[dim] }
        operandCount = 2
    }

    /// A loop over three operands (typically output, left, right).
    init(shape: [Int], _ s0: [Int], _ s1: [Int], _ s2: [Int]) {
        (rank, layout, rowLength) = StridedLoop.coalesce(shape: shape, operandCount: 3) { op, dim in
            op == 0 ? s0[dim] : (op == 1 ? s1[dim] : s2[dim])
        }
        operandCount = 3
    }

    /// A loop over any number of operands.
    init(shape: [Int], strides operandStrides: [[Int]]) {
        (rank, layout, rowLength) = StridedLoop.coalesce(shape: shape, operandCount: operandStrides.count) { op, dim in
            operandStrides[op][dim]
        }
        operandCount = operandStrides.count
    }

    /// The layout of one row whose operands all have stride 1, shared: a loop over contiguous operands (most
    /// element-wise work on small tensors) then allocates nothing. Element 0, the row's size, is never read.
    private static let unitLayout = [Int](repeating: 1, count: 9)

    /// Coalesces dimensions into a flat layout buffer; returns the rank, the layout and the row length.
    @inline(__always)
    private static func coalesce(shape: [Int], operandCount: Int, stride: (Int, Int) -> Int) -> (Int, [Int], Int) {
        var isEmpty = false
        for size in shape where size == 0 { isEmpty = true }
        if isEmpty || shape.allSatisfy({ $0 == 1 }) {
            return (1, operandCount < unitLayout.count ? unitLayout : [Int](repeating: 1, count: operandCount + 1),
                    isEmpty ? 0 : 1)
        }
        // First pass: coalesced sizes and, per operand, strides (written into a scratch buffer of full rank).
        let fullRank = shape.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: fullRank * (operandCount + 1)) { scratch in
            var rank = 0
            for dim in 0..<fullRank where shape[dim] != 1 {
                let size = shape[dim]
                var mergeable = rank > 0
                if mergeable {
                    for op in 0..<operandCount where scratch[fullRank * (op + 1) + rank - 1] != stride(op, dim) * size {
                        mergeable = false
                        break
                    }
                }
                if mergeable {
                    scratch[rank - 1] *= size
                    for op in 0..<operandCount { scratch[fullRank * (op + 1) + rank - 1] = stride(op, dim) }
                } else {
                    scratch[rank] = size
                    for op in 0..<operandCount { scratch[fullRank * (op + 1) + rank] = stride(op, dim) }
                    rank += 1
                }
            }
            if rank == 1 && operandCount < unitLayout.count
                && (0..<operandCount).allSatisfy({ scratch[fullRank * ($0 + 1)] == 1 }) {
                return (1, unitLayout, scratch[0])
            }
            var layout = [Int]()
            layout.reserveCapacity(rank * (operandCount + 1))
            for dim in 0..<rank { layout.append(scratch[dim]) }
            for op in 0..<operandCount {
                for dim in 0..<rank { layout.append(scratch[fullRank * (op + 1) + dim]) }
            }
            return (rank, layout, scratch[rank - 1])
        }
    }

    /// The innermost stride of an operand.
    @inline(__always) func rowStride(_ operand: Int) -> Int { stride(operand, rank - 1) }

    /// Calls `body(offsets, rowLength)` for each row in row-major order; `offsets[k]` is operand k's element offset.
    @inline(__always)
    func forEachRow(_ body: (UnsafePointer<Int>, Int) -> Void) {
        forEachRow(rows: 0..<rowCount, body)
    }

    /// Same as ``forEachRow(_:)`` over a sub-range of rows (used to split work across threads).
    @inline(__always)
    func forEachRow(rows: Range<Int>, _ body: (UnsafePointer<Int>, Int) -> Void) {
        let operandCount = self.operandCount
        let outerRank = rank - 1
        let length = rowLength
        if length == 0 || rows.isEmpty { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operandCount * 2 + outerRank + 1) { scratch in
            let offsets = scratch.baseAddress!
            let index = offsets + operandCount
            // Position the odometer at the first row.
            var remaining = rows.lowerBound
            for op in 0..<operandCount { offsets[op] = 0 }
            for dim in Swift.stride(from: outerRank - 1, through: 0, by: -1) {
                let position = remaining % size(dim)
                remaining /= size(dim)
                index[dim] = position
                for op in 0..<operandCount { offsets[op] += position * stride(op, dim) }
            }
            for _ in rows {
                body(UnsafePointer(offsets), length)
                var dim = outerRank - 1
                while dim >= 0 {
                    index[dim] += 1
                    for op in 0..<operandCount { offsets[op] += stride(op, dim) }
                    if index[dim] < size(dim) { break }
                    for op in 0..<operandCount { offsets[op] -= stride(op, dim) * size(dim) }
                    index[dim] = 0
                    dim -= 1
                }
            }
        }
    }

    /// Runs rows on several threads when the work is large enough to pay for it: whole rows per thread when
    /// there are enough rows, otherwise each row split into column ranges.
    /// The body must write only the elements of its own rows.
    @inline(__always)
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
                Parallel.perform(iterations: chunks) { chunk in
                    forEachRow(rows: rows * chunk / chunks ..< rows * (chunk + 1) / chunks, body)
                }
                return
            }
            let operandCount = self.operandCount
            let rowStrides = (0..<operandCount).map { rowStride($0) }
            forEachRow { offsets, count in
                nonisolated(unsafe) let offsets = offsets
                Parallel.perform(iterations: chunks) { chunk in
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
    /// Elements below which one thread does the work. PyTorch uses 32 Ki; Synapse waits for 256 Ki because its
    /// worker threads are not OpenBLAS's: right after a matrix product, OpenBLAS's threads keep spinning for a
    /// while, and an element-wise pass split across the same cores then waits for them. On 2 cores the D2L MLP
    /// step went from ~2.0 to ~1.6 ms and the LeNet forward+backward from ~11.8 to ~9 ms (same-run medians).
    static let grainSize = 1 << 18
    /// Number of worker threads: the machine's active processors unless ``setNumThreads(_:)`` said otherwise.
    static var threadCount: Int { synapse_atomic_load_relaxed(threadCountCell) }

    /// Where ``threadCount`` lives: read by every large kernel, written by ``setNumThreads(_:)``.
    nonisolated(unsafe) static let threadCountCell: UnsafeMutablePointer<Int> = {
        let cell = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        cell.initialize(to: max(1, ProcessInfoLite.activeProcessorCount))
        return cell
    }()

    /// How many chunks to split `work` elements into.
    static func chunkCount(work: Int) -> Int {
        work < grainSize * 2 ? 1 : min(threadCount, work / grainSize)
    }

    /// Runs `body(range)` over `0..<count` split into chunks, on several threads when large.
    /// The body must write only the elements of its own range. With `chunksPerThread` above 1 (and several
    /// threads) the pool's threads claim up to that many chunks each, of at least `grain` items.
    static func forRanges(count: Int, grain: Int = grainSize, chunksPerThread: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = threadCount, perThread = threads > 1 ? chunksPerThread : 1
        let chunks = count < grain * 2 ? 1 : min(threads * perThread, count / grain)
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            Parallel.perform(iterations: chunks) { chunk in
                body(count * chunk / chunks ..< count * (chunk + 1) / chunks)
            }
        }
    }
}

/// The number of processors, without importing Foundation into the kernels.
enum ProcessInfoLite {
    /// The processors of the process's affinity mask (as OpenMP, and so PyTorch, counts them): under `taskset -c 0`
    /// one thread, not two threads taking turns on one core.
    static var activeProcessorCount: Int { Int(synapse_available_cpu_count()) }
}
