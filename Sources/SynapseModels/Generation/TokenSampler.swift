/// Picks the next token from one row of float32 logits, with transformers' logits warpers and PyTorch's
/// `torch.multinomial` (one sample: `argmax(p / q)` with `q` drawn from `Exp(1)` in index order).
struct TokenSampler {
    let options: GenerationOptions

    /// The next token for `logits` (the last position's scores, one per vocabulary entry).
    func next(_ logits: [Float]) -> Int {
        guard options.doSample else { return Self.argmax(logits) }
        var scores = logits
        if options.temperature != 1 {
            let temperature = Float(options.temperature)
            for i in scores.indices { scores[i] /= temperature }
        }
        if let topK = options.topK, topK > 0 { Self.keepTopK(&scores, min(topK, scores.count)) }
        if options.topP < 1 { Self.keepTopP(&scores, options.topP) }
        return Self.multinomial(Self.softmax(scores), generator: options.generator ?? Generator.default)
    }

    /// The first index of the largest value (`torch.argmax`).
    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for i in values.indices.dropFirst() where values[i] > values[best] { best = i }
        return best
    }

    /// `TopKLogitsWarper`: scores below the `k`-th largest become -inf.
    static func keepTopK(_ scores: inout [Float], _ k: Int) {
        let threshold = scores.sorted(by: >)[k - 1]
        for i in scores.indices where scores[i] < threshold { scores[i] = -.infinity }
    }

    /// `TopPLogitsWarper`: sorted ascending, the tokens whose cumulative probability stays at or below `1 - p`
    /// are removed; the most likely token always stays.
    static func keepTopP(_ scores: inout [Float], _ p: Double) {
        let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let probabilities = softmax(order.map { scores[$0] })
        let limit = Float(1 - p)
        var cumulative = 0.0  // torch's CPU cumsum accumulates float32 in double
        for (rank, index) in order.enumerated() where rank < order.count - 1 {
            cumulative += Double(probabilities[rank])
            if Float(cumulative) <= limit { scores[index] = -.infinity }
        }
    }

    /// `softmax` of one row, as PyTorch computes it in float32: `exp(x - max) / Σ`.
    static func softmax(_ scores: [Float]) -> [Float] {
        Tensor(scores).softmax(dim: 0).toArray(of: Float.self)
    }

    /// `torch.multinomial(probabilities, 1)` (see ``SynapseTensor/Tensor/multinomial(_:replacement:generator:)``).
    static func multinomial(_ probabilities: [Float], generator: Generator) -> Int {
        Int(Tensor(probabilities).multinomial(1, generator: generator).item(as: Int64.self))
    }
}
