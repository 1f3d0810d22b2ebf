import RealModule

extension Tensor {
    /// `numSamples` category indices per row of the weights `self` (`[categories]` or `[rows, categories]`,
    /// non-negative, not all zero), drawn as `torch.multinomial(self, numSamples, replacement, generator=g)` draws
    /// them on the CPU.
    ///
    /// With replacement and more than one sample: PyTorch's cumulative-distribution search (a double uniform per
    /// sample, in the weights' precision), the same indices as torch for the same generator state. Without
    /// replacement, or for one sample: PyTorch's exponential trick, `argmax`/`topk` of `p / q` with `q ~ Exp(1)`
    /// drawn in index order as `-log1p(-u)`; for float32 weights these are torch's draws exactly; for float64 torch's
    /// vectorised logarithm rounds differently in about 8 % of the draws, so an index may differ where two ratios
    /// are within an ulp.
    public func multinomial(_ numSamples: Int, replacement: Bool = false, generator: Generator? = nil) -> Tensor {
        check(rank == 1 || rank == 2, "prob_dist must be 1 or 2 dim")
        check(dtype.isFloatingPoint, "multinomial only supports floating-point dtypes for input, got: \(dtype)")
        check(numSamples > 0, "cannot sample n_sample <= 0 samples")
        let categories = size(-1), rows = rank == 2 ? size(0) : 1
        check(replacement || numSamples <= categories, "cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        let weights = contiguous().to(.float64).toArray(of: Double.self)
        let single = dtype != .float64
        let engine = generator.resolved
        var result = [Int64]()
        result.reserveCapacity(rows * numSamples)
        for row in 0..<rows {
            let w = Array(weights[row * categories ..< (row + 1) * categories])
            for value in w {
                check(value >= 0, "invalid multinomial distribution (encountering probability entry < 0)")
                check(value.isFinite, "invalid multinomial distribution (encountering probability entry = infinity or NaN)")
            }
            if replacement && numSamples > 1 {
                result += Self.cumulativeSamples(w, numSamples, single: single, engine: engine)
            } else {
                result += Self.exponentialSamples(w, numSamples, single: single, engine: engine)
            }
        }
        let out = Tensor(result)
        return rank == 2 ? out.view(rows, numSamples) : out
    }

    /// A double uniform in [0, 1) as torch's `uniform_real_distribution<double>` draws it.
    private static func uniform(_ engine: Generator) -> Double {
        Double(engine.random64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// `multinomial_with_replacement_apply`: the running sum in the weights' precision, normalised, the last bucket
    /// forced to 1, a binary search per uniform.
    private static func cumulativeSamples(_ w: [Double], _ count: Int, single: Bool, engine: Generator) -> [Int64] {
        var cumulative = [Double](repeating: 0, count: w.count)
        if single {
            var sum: Float = 0
            for (j, value) in w.enumerated() { sum += Float(value); cumulative[j] = Double(sum) }
            check(sum > 0, "invalid multinomial distribution (sum of probabilities <= 0)")
            for j in cumulative.indices { cumulative[j] = Double(Float(cumulative[j]) / sum) }
        } else {
            var sum = 0.0
            for (j, value) in w.enumerated() { sum += value; cumulative[j] = sum }
            check(sum > 0, "invalid multinomial distribution (sum of probabilities <= 0)")
            for j in cumulative.indices { cumulative[j] /= sum }
        }
        cumulative[w.count - 1] = 1
        return (0..<count).map { _ in
            let u = uniform(engine)
            var left = 0, right = w.count
            while right - left > 0 {
                let middle = left + (right - left) / 2
                if cumulative[middle] < u { left = middle + 1 } else { right = middle }
            }
            return Int64(left)
        }
    }

    /// The exponential trick: `q[i] ~ Exp(1)` in index order, then the indices of the largest `p[i] / q[i]`,
    /// largest first.
    private static func exponentialSamples(_ w: [Double], _ count: Int, single: Bool, engine: Generator) -> [Int64] {
        check(w.contains { $0 > 0 }, "invalid multinomial distribution (sum of probabilities <= 0)")
        let ratios: [Double] = w.map { p in
            let q = -Double.log(onePlus: -uniform(engine))
            return single ? Double(Float(p) / Float(q)) : p / q
        }
        if count == 1 {
            var best = 0
            for i in ratios.indices.dropFirst() where ratios[i] > ratios[best] { best = i }
            return [Int64(best)]
        }
        let order = ratios.indices.sorted { ratios[$0] > ratios[$1] || (ratios[$0] == ratios[$1] && $0 < $1) }
        return order.prefix(count).map(Int64.init)
    }
}
