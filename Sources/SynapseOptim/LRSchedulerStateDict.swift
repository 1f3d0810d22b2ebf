/// A value in a learning-rate scheduler's state dict, as PyTorch stores it.
public indirect enum SchedulerValue: Equatable, Sendable, CustomStringConvertible {
    /// An `int` (`last_epoch`, `step_size`).
    case int(Int)
    /// A `float` (`gamma`, `eta_min`).
    case number(Double)
    /// A `bool`.
    case flag(Bool)
    /// A `str` (`ReduceLROnPlateau`'s `mode`).
    case string(String)
    /// A list of floats (`base_lrs`, `_last_lr`).
    case numbers([Double])
    /// A list of ints (`SequentialLR`'s `_milestones`).
    case ints([Int])
    /// Counts by epoch (`MultiStepLR`'s `milestones`, a `Counter`).
    case counts([Int: Int])
    /// `None` (`LambdaLR`'s functions, which can't be saved).
    case none
    /// A list of other values (`lr_lambdas`).
    case list([SchedulerValue])
    /// The state dicts of composed schedulers (`SequentialLR`'s `_schedulers`).
    case states([LRSchedulerStateDict])

    /// Python's repr.
    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .number(let value): PythonFormat.repr(value)
        case .flag(let value): value ? "True" : "False"
        case .string(let text): "'\(text)'"
        case .numbers(let values): "[" + values.map(PythonFormat.repr).joined(separator: ", ") + "]"
        case .ints(let values): "\(values)"
        case .counts(let counts): "Counter({" + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "})"
        case .none: "None"
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .states(let states): "[" + states.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// A learning-rate scheduler's state in PyTorch's layout (`scheduler.state_dict()`): its entries in PyTorch's order.
public struct LRSchedulerStateDict: Equatable, Sendable, CustomStringConvertible {
    /// One entry.
    public struct Entry: Equatable, Sendable {
        /// PyTorch's attribute name (`last_epoch`).
        public let key: String
        /// Its value.
        public let value: SchedulerValue

        /// An entry.
        public init(_ key: String, _ value: SchedulerValue) {
            (self.key, self.value) = (key, value)
        }
    }

    /// The entries, in order.
    public var entries: [Entry]

    /// A state dict with `entries`.
    public init(_ entries: [Entry]) { self.entries = entries }

    /// The value under `key`.
    public subscript(key: String) -> SchedulerValue? { entries.first { $0.key == key }?.value }

    /// Python's repr of the dict.
    public var description: String {
        "{" + entries.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ") + "}"
    }

    func int(_ key: String) throws(SchedulerLoadError) -> Int {
        guard case .int(let value)? = self[key] else { throw .entry(key: key, expected: "an int", found: self[key]) }
        return value
    }

    func number(_ key: String) throws(SchedulerLoadError) -> Double {
        switch self[key] {
        case .number(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw .entry(key: key, expected: "a number", found: self[key])
        }
    }

    func flag(_ key: String) throws(SchedulerLoadError) -> Bool {
        guard case .flag(let value)? = self[key] else { throw .entry(key: key, expected: "a bool", found: self[key]) }
        return value
    }

    func string(_ key: String) throws(SchedulerLoadError) -> String {
        guard case .string(let value)? = self[key] else { throw .entry(key: key, expected: "a string", found: self[key]) }
        return value
    }

    func numbers(_ key: String) throws(SchedulerLoadError) -> [Double] {
        switch self[key] {
        case .numbers(let values)?: return values
        case .ints(let values)?: return values.map(Double.init)
        default: throw .entry(key: key, expected: "a list of numbers", found: self[key])
        }
    }
}

/// Why a scheduler state dict could not be loaded; nothing was changed.
public enum SchedulerLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An entry is missing or holds another kind of value.
    case entry(key: String, expected: String, found: SchedulerValue?)
    /// A composed scheduler's state dict doesn't match (another number of schedulers).
    case schedulerCount(expected: Int, found: Int)

    /// What was expected and found.
    public var description: String {
        switch self {
        case .entry(let key, let expected, let found):
            "scheduler state entry '\(key)': expected \(expected), found \(found.map { "\($0)" } ?? "nothing")"
        case .schedulerCount(let expected, let found):
            "the state dict holds \(found) schedulers, this SequentialLR has \(expected)"
        }
    }
}
