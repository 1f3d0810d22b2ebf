import SynapseDistributed
import SynapseTensor

/// Checks every collective, for every dtype, against the result computed locally from every rank's inputs.
struct CollectiveChecks {
    let group: ProcessGroup
    var report: Report

    /// Rank `rank`'s input for a check: small integers (exact in every dtype, sums included), `salt` varying them.
    static func input(rank: Int, shape: [Int], dtype: DType, salt: Int, forProduct: Bool = false) -> Tensor {
        let count = shape.reduce(1, *)
        let values: [Double] = (0..<count).map { i in
            if dtype == .bool { return (rank + i + salt) % 3 == 0 ? 1 : 0 }
            if forProduct { return Double((rank + i + salt) % 2 + 1) }
            return Double(((rank + 1) * (i + 1) + salt) % 7 + (dtype == .uint8 ? 0 : -2))
        }
        return Tensor(flat: values, shape: shape).to(dtype)
    }

    /// What `op` over every rank's `input` gives, in `dtype`.
    func reference(_ op: ReduceOp, shape: [Int], dtype: DType, salt: Int) -> Tensor {
        let inputs = (0..<group.worldSize).map {
            Self.input(rank: $0, shape: shape, dtype: dtype, salt: salt, forProduct: op == .product)
                .to(.float64).toArray(of: Double.self)
        }
        let combined: [Double] = (0..<inputs[0].count).map { i in
            let column = inputs.map { $0[i] }
            switch op {
            case .sum: return dtype == .bool ? (column.contains(1) ? 1 : 0) : column.reduce(0, +)
            case .avg: return column.reduce(0, +) / Double(group.worldSize)
            case .product: return dtype == .bool ? (column.contains(0) ? 0 : 1) : column.reduce(1, *)
            case .min: return column.min()!
            case .max: return column.max()!
            }
        }
        return Tensor(flat: combined, shape: shape).to(dtype)
    }

    mutating func runAll() throws {
        let shape = [3, 5]
        for dtype in DType.allCases {
            for op in ReduceOp.allCases {
                if op == .avg && !dtype.isFloatingPoint {
                    let t = Self.input(rank: group.rank, shape: shape, dtype: dtype, salt: 0)
                    report.expectThrows("allReduce avg \(dtype)") { try group.allReduce(t, op: .avg) }
                    continue
                }
                let salt = ReduceOp.allCases.firstIndex(of: op)!
                let t = Self.input(rank: group.rank, shape: shape, dtype: dtype, salt: salt, forProduct: op == .product)
                try group.allReduce(t, op: op)
                report.expectEqual(t, reference(op, shape: shape, dtype: dtype, salt: salt), "allReduce \(op) \(dtype)")
            }
            try checkAsyncAndStrided(dtype, shape)
            try checkDataMovement(dtype, shape)
        }
        try group.barrier()
        report.count("barrier")
        checkRefusals()
    }

    /// Arguments no rank can agree on are refused on the calling rank, before anything reaches MPI.
    mutating func checkRefusals() {
        let t = Tensor.zeros([2])
        let world = group.worldSize
        report.expectThrows("broadcast from rank \(world)") { try group.broadcast(t, from: world) }
        report.expectThrows("allGather into \(world + 1) tensors") {
            try group.allGather((0...world).map { _ in Tensor.zeros([2]) }, t)
        }
        report.expectThrows("allGather into tensors of another shape") {
            try group.allGather((0..<world).map { _ in Tensor.zeros([3]) }, t)
        }
        report.expectThrows("gather without outputs on the root") { try group.gather(t, nil, to: group.rank) }
        report.expectThrows("send with tag 40000") { try group.send(t, to: 0, tag: 40000) }
    }

    /// Several all-reduces in flight at once, one on a transposed (non-contiguous) view.
    mutating func checkAsyncAndStrided(_ dtype: DType, _ shape: [Int]) throws {
        let a = Self.input(rank: group.rank, shape: shape, dtype: dtype, salt: 10)
        let b = Self.input(rank: group.rank, shape: [shape[1], shape[0]], dtype: dtype, salt: 11)
        let bView = b.t()
        let works = [try group.allReduceAsync(a, op: .max), try group.allReduceAsync(bView, op: .sum)]
        for work in works { try work.wait() }
        report.expectEqual(a, reference(.max, shape: shape, dtype: dtype, salt: 10), "allReduceAsync max \(dtype)")
        report.expectEqual(b, reference(.sum, shape: [shape[1], shape[0]], dtype: dtype, salt: 11),
                           "allReduceAsync on a transposed view \(dtype)")
    }

    mutating func checkDataMovement(_ dtype: DType, _ shape: [Int]) throws {
        let (rank, world) = (group.rank, group.worldSize)
        let mine = Self.input(rank: rank, shape: shape, dtype: dtype, salt: 20)
        let everyone = (0..<world).map { Self.input(rank: $0, shape: shape, dtype: dtype, salt: 20) }

        let root = world - 1
        let broadcasted = Self.input(rank: rank, shape: shape, dtype: dtype, salt: 20)
        try group.broadcast(broadcasted, from: root)
        report.expectEqual(broadcasted, everyone[root], "broadcast \(dtype)")

        let gathered = try group.allGather(mine)
        for (r, tensor) in gathered.enumerated() { report.expectEqual(tensor, everyone[r], "allGather[\(r)] \(dtype)") }

        let outputs = rank == 0 ? (0..<world).map { _ in Tensor.zeros(shape, dtype: dtype) } : nil
        try group.gather(mine, outputs, to: 0)
        for (r, tensor) in (outputs ?? []).enumerated() { report.expectEqual(tensor, everyone[r], "gather[\(r)] \(dtype)") }

        let source = 1 % world
        let pieces = (0..<world).map { Self.input(rank: $0 + 100 * source, shape: shape, dtype: dtype, salt: 30) }
        let received = Tensor.zeros(shape, dtype: dtype)
        try group.scatter(received, rank == source ? pieces : nil, from: source)
        report.expectEqual(received, pieces[rank], "scatter \(dtype)")

        if dtype != .bool {
            // Rank r contributes input(r, salt 40 + j) as piece j; it receives the sum over ranks of piece `rank`.
            let inputs = (0..<world).map { j in Self.input(rank: rank, shape: shape, dtype: dtype, salt: 40 + j) }
            let output = Tensor.zeros(shape, dtype: dtype)
            try group.reduceScatter(output, inputs, op: .sum)
            report.expectEqual(output, reference(.sum, shape: shape, dtype: dtype, salt: 40 + rank), "reduceScatter \(dtype)")
        }

        let next = (rank + 1) % world, previous = (rank + world - 1) % world
        let incoming = Tensor.zeros(shape, dtype: dtype)
        let sending = try group.isend(mine, to: next, tag: 7)
        try group.recv(incoming, from: previous, tag: 7)
        try sending.wait()
        report.expectEqual(incoming, everyone[previous], "send/recv \(dtype)")
    }
}
