/// TensorBoard's `HistogramProto`: the statistics and buckets of a set of values, built the way PyTorch's
/// `SummaryWriter.add_histogram` builds them (`torch.utils.tensorboard.summary.make_histogram` with the default
/// "tensorflow" bins).
public struct HistogramSummary: Equatable, Sendable {
    /// The smallest value.
    public var min: Double
    /// The largest value.
    public var max: Double
    /// How many values there are.
    public var num: Double
    /// Their sum.
    public var sum: Double
    /// The sum of their squares.
    public var sumSquares: Double
    /// The right edge of each bucket (TensorBoard keeps right edges only; the first bucket is an empty one whose
    /// edge is the left edge of the first occupied bucket).
    public var bucketLimits: [Double]
    /// How many values fall into each bucket.
    public var buckets: [Double]

    /// A histogram with the given fields, as read from a file.
    public init(min: Double, max: Double, num: Double, sum: Double, sumSquares: Double,
                bucketLimits: [Double], buckets: [Double]) {
        (self.min, self.max, self.num, self.sum, self.sumSquares) = (min, max, num, sum, sumSquares)
        (self.bucketLimits, self.buckets) = (bucketLimits, buckets)
    }

    /// PyTorch's default bucket edges: ±1e-12 growing by a factor of 1.1 up to 1e20, and zero
    /// (`SummaryWriter.default_bins`, from TensorBoard's `generate_testdata.py`).
    public static let defaultBinEdges: [Double] = {
        var positive: [Double] = []
        var edge = 1e-12
        while edge < 1e20 {
            positive.append(edge)
            edge *= 1.1
        }
        return positive.reversed().map { -$0 } + [0] + positive
    }()

    /// The histogram of `values` over `edges` (ascending), trimmed to the occupied range as PyTorch trims it.
    ///
    /// - Throws: ``HistogramError`` when `values` is empty, holds NaN or infinity, or lies wholly outside `edges`.
    public init(values: [Double], edges: [Double] = HistogramSummary.defaultBinEdges) throws(HistogramError) {
        guard !values.isEmpty else { throw .empty }
        guard values.allSatisfy(\.isFinite) else { throw .nonFinite }
        // numpy.histogram over explicit edges: bucket i holds edges[i] <= v < edges[i+1], the last bucket also
        // its right edge; values outside the edges are dropped.
        let bucketCount = edges.count - 1
        var counts = [Double](repeating: 0, count: bucketCount)
        for value in values where value >= edges[0] && value <= edges[bucketCount] {
            var low = 0, high = edges.count   // first edge greater than value
            while low < high {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle + 1 } else { high = middle }
            }
            counts[Swift.min(low - 1, bucketCount - 1)] += 1
        }
        guard let first = counts.firstIndex(where: { $0 > 0 }),
              let last = counts.lastIndex(where: { $0 > 0 }) else { throw .outsideEdges }
        let end = last + 1
        self.buckets = first > 0 ? Array(counts[(first - 1)..<end]) : [0] + counts[..<end]
        self.bucketLimits = Array(edges[first...end])
        self.min = values.min()!
        self.max = values.max()!
        self.num = Double(values.count)
        self.sum = values.reduce(0, +)
        self.sumSquares = values.reduce(0) { $0 + $1 * $1 }
    }

    /// The message's bytes, fields in number order and zero scalars left out, as protobuf writes them.
    func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        for (field, value) in [(1, min), (2, max), (3, num), (4, sum), (5, sumSquares)] where value.bitPattern != 0 {
            writer.double(field, value)
        }
        if !bucketLimits.isEmpty { writer.packedDoubles(6, bucketLimits) }
        if !buckets.isEmpty { writer.packedDoubles(7, buckets) }
        return writer.bytes
    }

    /// Decodes a `HistogramProto`.
    init(decoding bytes: ArraySlice<UInt8>) throws(EventFileError) {
        self.init(min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimits: [], buckets: [])
        var reader = ProtobufReader(bytes, message: "HistogramProto")
        let name = "HistogramProto"
        while let field = try reader.next() {
            switch field.number {
            case 1: min = try field.double(in: name)
            case 2: max = try field.double(in: name)
            case 3: num = try field.double(in: name)
            case 4: sum = try field.double(in: name)
            case 5: sumSquares = try field.double(in: name)
            case 6: bucketLimits += try field.doubles(in: name)
            case 7: buckets += try field.doubles(in: name)
            default: continue
            }
        }
    }
}

/// Why a histogram could not be built (PyTorch raises `ValueError` for the same inputs).
public enum HistogramError: Error, Equatable, CustomStringConvertible {
    /// No values.
    case empty
    /// A value is NaN or infinite.
    case nonFinite
    /// Every value lies outside the bucket edges.
    case outsideEdges

    /// PyTorch's wording where it has one.
    public var description: String {
        switch self {
        case .empty: "The input has no element."
        case .nonFinite: "histogram values must be finite, found NaN or infinity"
        case .outsideEdges: "The histogram is empty: every value lies outside the bucket edges"
        }
    }
}
