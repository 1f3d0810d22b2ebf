import SynapseTensor

/// The tokens of words already tokenised, as `tokenizers`' BPE keeps them (up to 10,000 words; then no more are
/// added), shared by the threads using the model.
final class WordCache: Sendable {
    private let words = Locked([ExactString: [WordToken]]())
    private static let capacity = 10_000

    /// The cached tokens of `word`, or `tokenize()`'s, cached while there is room.
    func tokens(of word: String, _ tokenize: () -> [WordToken]) -> [WordToken] {
        let key = ExactString(word)
        if let cached = words.withLock({ $0[key] }) { return cached }
        let tokens = tokenize()
        words.withLock { words in
            if words.count < WordCache.capacity { words[key] = tokens }
        }
        return tokens
    }
}
