extension GPT2LMHeadModel {
    /// Continues `prompt` (token ids) one token at a time with a key-value cache, as transformers' `generate` does
    /// for one sequence; returns the prompt followed by the new tokens. `onToken` sees each new token as soon as it
    /// is chosen (for streaming). Generation stops after `options.maxNewTokens` tokens, at a stop token (kept), or
    /// at the model's `n_positions`.
    ///
    /// ```swift
    /// manualSeed(0)
    /// let ids = gpt2.generate([464, 2068], options: GenerationOptions(maxNewTokens: 10, doSample: true, topK: 50))
    /// ```
    public func generate(_ prompt: [Int], options: GenerationOptions = GenerationOptions(),
                         onToken: (Int) -> Void = { _ in }) throws(PretrainedError) -> [Int] {
        try options.validate()
        guard !prompt.isEmpty else { throw .invalidConfig("the prompt is empty: give at least one token id") }
        if let bad = prompt.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
            throw .invalidConfig("token id \(bad) is outside the vocabulary (0..<\(config.vocabSize))")
        }
        guard prompt.count <= config.nPositions else {
            throw .invalidConfig("the prompt has \(prompt.count) tokens; the model reads at most \(config.nPositions)")
        }
        let sampler = TokenSampler(options: options)
        let cache = KeyValueCache(layerCount: config.nLayer)
        var tokens = prompt
        var input = Tensor(prompt.map(Int64.init)).unsqueeze(0)
        return noGrad {
            for _ in 0..<options.maxNewTokens where tokens.count < config.nPositions {
                let logits = self(input, cache: cache)
                let next = sampler.next(logits[0, -1].toArray(of: Float.self))
                tokens.append(next)
                onToken(next)
                if options.stopTokens.contains(next) { break }
                input = Tensor([[Int64(next)]])
            }
            return tokens
        }
    }
}
