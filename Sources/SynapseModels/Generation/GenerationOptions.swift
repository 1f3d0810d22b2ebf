/// How ``GPT2LMHeadModel/generate(_:options:onToken:)`` picks tokens (transformers' `GenerationConfig`).
///
/// Greedy by default; with `doSample` the scores go through temperature, top-k and top-p in transformers' order,
/// and the token is drawn as `torch.multinomial` draws it, from ``generator`` (the default generator when `nil`),
/// so `manualSeed(s)` before generating gives transformers' tokens after `torch.manual_seed(s)`.
public struct GenerationOptions: Sendable {
    /// How many tokens to add at most (`max_new_tokens`).
    public var maxNewTokens: Int
    /// Draw tokens at random instead of taking the most likely (`do_sample`).
    public var doSample: Bool
    /// Divides the scores before sampling (`temperature`); 1 leaves them.
    public var temperature: Double
    /// Keeps the `topK` most likely tokens (`top_k`); `nil` or 0 keeps all. transformers' own default is 50:
    /// here the default keeps all, so say `topK: 50` to match a plain `generate(do_sample=True)`.
    public var topK: Int?
    /// Keeps the most likely tokens whose probabilities sum to `topP` (`top_p`); 1 keeps all.
    public var topP: Double
    /// Tokens that end generation once produced (`eos_token_id`); the stop token is kept in the output.
    public var stopTokens: Set<Int>
    /// Where random draws come from; `nil` is the default generator.
    public var generator: Generator?

    /// Options with transformers' meanings; see each property.
    public init(maxNewTokens: Int = 20, doSample: Bool = false, temperature: Double = 1, topK: Int? = nil,
                topP: Double = 1, stopTokens: Set<Int> = [], generator: Generator? = nil) {
        self.maxNewTokens = maxNewTokens
        self.doSample = doSample
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.stopTokens = stopTokens
        self.generator = generator
    }

    /// Throws for settings transformers refuses.
    func validate() throws(PretrainedError) {
        guard maxNewTokens >= 0 else { throw .invalidConfig("max_new_tokens must be >= 0, found \(maxNewTokens)") }
        guard temperature > 0, temperature.isFinite else {
            throw .invalidConfig("temperature must be a strictly positive float, found \(temperature)")
        }
        if let topK, topK < 0 { throw .invalidConfig("top_k must be >= 0, found \(topK)") }
        guard topP > 0, topP <= 1 else { throw .invalidConfig("top_p must be a float in (0, 1], found \(topP)") }
    }
}
