/// How `Tokenizer` pads encodings (`tokenizer.enable_padding(...)` in Python).
public struct Padding: Sendable, Equatable {
    /// The length to pad to.
    public enum Strategy: Sendable, Equatable {
        /// The longest encoding of the batch (a single encoding stays as it is).
        case longest
        /// A fixed number of tokens (longer encodings are left alone).
        case fixed(Int)
    }

    /// The length to pad to.
    public var strategy: Strategy
    /// The side the padding goes on.
    public var direction: Encoding.Direction
    /// If set, the padded length is rounded up to a multiple of it.
    public var padToMultipleOf: Int?
    /// The padding token's id.
    public var padId: Int
    /// The padding token's segment id.
    public var padTypeId: Int
    /// The padding token's text.
    public var padToken: String

    /// Padding as Python's `enable_padding` defaults it (`[PAD]`, id 0, on the right, to the batch's longest).
    public init(strategy: Strategy = .longest, direction: Encoding.Direction = .right, padToMultipleOf: Int? = nil,
                padId: Int = 0, padTypeId: Int = 0, padToken: String = "[PAD]") {
        self.strategy = strategy
        self.direction = direction
        self.padToMultipleOf = padToMultipleOf
        self.padId = padId
        self.padTypeId = padTypeId
        self.padToken = padToken
    }

    /// The length `encodings` are padded to.
    func length(for encodings: [Encoding]) -> Int {
        var length = switch strategy {
        case .longest: encodings.map(\.count).max() ?? 0
        case .fixed(let size): size
        }
        if let multiple = padToMultipleOf, multiple > 0, length % multiple > 0 { length += multiple - length % multiple }
        return length
    }
}

/// How `Tokenizer` truncates encodings (`tokenizer.enable_truncation(...)` in Python); the post-processor's special
/// tokens count towards `maxLength`. The tokens cut off become `Encoding.overflowing`.
public struct Truncation: Sendable, Equatable {
    /// Which text of a pair loses tokens.
    public enum Strategy: Sendable, Equatable {
        /// The longer one first, then both alike (the longer keeps the odd token).
        case longestFirst
        /// Only the first text.
        case onlyFirst
        /// Only the pair's text.
        case onlySecond
    }

    /// The most tokens an encoding may have, special tokens included.
    public var maxLength: Int
    /// Which text of a pair loses tokens.
    public var strategy: Strategy
    /// The side tokens are dropped from.
    public var direction: Encoding.Direction
    /// How many tokens each overflowing window repeats from the one before it.
    public var stride: Int

    /// Truncation to `maxLength` tokens, by default from the end of the longer text first.
    public init(maxLength: Int, strategy: Strategy = .longestFirst, direction: Encoding.Direction = .right,
                stride: Int = 0) {
        self.maxLength = maxLength
        self.strategy = strategy
        self.direction = direction
        self.stride = stride
    }

    /// Truncates `encoding` to `length` tokens, refusing a stride that leaves no room for new tokens.
    private func cut(_ encoding: inout Encoding, to length: Int) throws(TokenizerError) {
        if length > 0 && length < encoding.count && stride >= length {
            throw .invalidRequest("`stride` must be strictly less than `max_len=\(length)` (note that `max_len` may be "
                + "shorter than the max length of the original model, as it subtracts the number of special characters")
        }
        encoding.truncate(to: length, stride: stride, direction: direction)
    }

    /// `truncate_encodings`: shortens `first` and `second` to `maxLength` tokens between them (here `maxLength`
    /// already excludes the special tokens).
    func apply(_ first: inout Encoding, _ second: inout Encoding?, maxLength: Int) throws(TokenizerError) {
        let total = first.count + (second?.count ?? 0)
        guard total > maxLength else { return }
        switch strategy {
        case .longestFirst:
            guard var pair = second else {
                try cut(&first, to: maxLength)
                return
            }
            var (short, long) = (min(first.count, pair.count), max(first.count, pair.count))
            long = short > maxLength ? short : max(short, maxLength - short)
            if short + long > maxLength {
                short = maxLength / 2
                long = short + maxLength % 2
            }
            let firstIsLonger = first.count > pair.count
            try cut(&first, to: firstIsLonger ? long : short)
            try cut(&pair, to: firstIsLonger ? short : long)
            second = pair
        case .onlyFirst, .onlySecond:
            if strategy == .onlySecond && second == nil {
                throw .invalidRequest("Truncation error: Second sequence not provided")
            }
            let excess = total - maxLength
            if strategy == .onlyFirst {
                guard first.count > excess else {
                    throw .invalidRequest("Truncation error: Sequence to truncate too short to respect the provided max_length")
                }
                try cut(&first, to: first.count - excess)
            } else if var pair = second {
                guard pair.count > excess else {
                    throw .invalidRequest("Truncation error: Sequence to truncate too short to respect the provided max_length")
                }
                try cut(&pair, to: pair.count - excess)
                second = pair
            }
        }
    }
}
