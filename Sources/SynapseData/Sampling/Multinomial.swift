import SynapseTensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `torch.multinomial` over one row of float64 weights, with PyTorch's CPU algorithms and draws.
enum Multinomial {
    /// Stops unless the weights are a valid distribution (PyTorch's messages).
    static func checkWeights(_ weights: [Double]) {
        check(!weights.isEmpty, "prob_dist must be 1 or 2 dim, found an empty list of weights")
        for weight in weights {
            check(weight.isFinite, "invalid multinomial distribution (encountering probability entry = infinity or NaN)")
            check(weight >= 0, "invalid multinomial distribution (encountering probability entry < 0)")
        }
        check(weights.reduce(0, +) > 0, "invalid multinomial distribution (sum of probabilities <= 0)")
    }

    /// A uniform double in [0, 1) from 53 bits of one 64-bit draw (`at::uniform_real_distribution<double>`).
    private static func uniform(_ generator: Generator) -> Double {
        Double(generator.random64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// `count` indices. Without replacement, or for a single sample, PyTorch's fast path: `w / Exp(1)` with one
    /// exponential per weight (`-log1p(-u)`), the largest `count` in order; with replacement, a binary search of the
    /// normalised cumulative weights for each uniform.
    static func sample(_ weights: [Double], count: Int, replacement: Bool, generator: Generator) -> [Int] {
        if !replacement || count == 1 {
            let keys = weights.map { weight in weight / -log1p(-uniform(generator)) }
            let order = keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            return Array(order.prefix(count))
        }
        var cumulative = [Double](), sum = 0.0
        for weight in weights {
            sum += weight
            cumulative.append(sum)
        }
        cumulative = cumulative.map { $0 / sum }
        cumulative[cumulative.count - 1] = 1
        return (0..<count).map { _ in
            let u = uniform(generator)
            var low = 0, high = cumulative.count
            while high - low > 0 {
                let middle = low + (high - low) / 2
                if cumulative[middle] < u { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
