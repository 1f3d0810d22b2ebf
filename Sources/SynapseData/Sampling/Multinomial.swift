import SynapseTensor

/// `torch.multinomial` over one row of float64 weights, as `WeightedRandomSampler` calls it.
enum Multinomial {
    /// Stops unless the weights are a valid distribution (PyTorch's messages), when the sampler is made rather
    /// than at its first epoch.
    static func checkWeights(_ weights: [Double]) {
        check(!weights.isEmpty, "prob_dist must be 1 or 2 dim, found an empty list of weights")
        for weight in weights {
            check(weight.isFinite, "invalid multinomial distribution (encountering probability entry = infinity or NaN)")
            check(weight >= 0, "invalid multinomial distribution (encountering probability entry < 0)")
        }
        check(weights.reduce(0, +) > 0, "invalid multinomial distribution (sum of probabilities <= 0)")
    }

    /// `count` indices drawn by ``SynapseTensor/Tensor/multinomial(_:replacement:generator:)``.
    static func sample(_ weights: [Double], count: Int, replacement: Bool, generator: Generator) -> [Int] {
        Tensor(weights, dtype: .float64).multinomial(count, replacement: replacement, generator: generator)
            .toArray(of: Int64.self).map(Int.init)
    }
}
