/// How much a pruning method removes: a fraction of the entries (or channels), or a count of them
/// (PyTorch's `amount`, a float in [0, 1] or a non-negative int). A literal picks the case: `0.3` is a fraction,
/// `3` a count.
public enum PruningAmount: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// A fraction of the entries, in [0, 1]; the count is rounded half to even, as Python's `round`.
    case fraction(Double)
    /// A number of entries.
    case count(Int)

    /// A fraction.
    public init(floatLiteral value: Double) { self = .fraction(value) }
    /// A count.
    public init(integerLiteral value: Int) { self = .count(value) }

    /// The amount as Python prints it.
    public var description: String {
        switch self {
        case .fraction(let value): "\(value)"
        case .count(let value): "\(value)"
        }
    }

    /// PyTorch's `_validate_pruning_amount_init`.
    func validate() throws(ReparametrizationError) {
        let valid = switch self {
        case .fraction(let value): (0...1).contains(value)
        case .count(let value): value >= 0
        }
        if !valid {
            throw ReparametrizationError("amount=\(self) should either be a float in the range [0, 1] or a non-negative integer")
        }
    }

    /// How many of `size` entries to prune (PyTorch's `_compute_nparams_toprune` and `_validate_pruning_amount`).
    func count(of size: Int) throws(ReparametrizationError) -> Int {
        switch self {
        case .fraction(let value):
            return Int((value * Double(size)).rounded(.toNearestOrEven))
        case .count(let value):
            guard value <= size else {
                throw ReparametrizationError("amount=\(value) should be smaller than the number of parameters to prune=\(size)")
            }
            return value
        }
    }
}
