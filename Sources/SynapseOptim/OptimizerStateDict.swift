/// A value in an optimiser's `param_groups` entry, as PyTorch stores it.
public enum OptimizerValue: Equatable, Sendable, CustomStringConvertible {
    /// A number (`lr`, `momentum`, `eps`, …).
    case number(Double)
    /// A flag (`nesterov`, `amsgrad`, `maximize`, …).
    case flag(Bool)
    /// A pair (`betas`).
    case pair(Double, Double)
    /// Python's `None` (`foreach`, `fused`).
    case none
    /// Parameter indices (`params`).
    case indices([Int])

    /// Python's repr of the value: `0.1`, `True`, `(0.9, 0.999)`, `None`, `[0, 1]`.
    public var description: String {
        switch self {
        case .number(let value): PythonFormat.repr(value)
        case .flag(let value): value ? "True" : "False"
        case .pair(let a, let b): "(\(PythonFormat.repr(a)), \(PythonFormat.repr(b)))"
        case .none: "None"
        case .indices(let values): "[" + values.map(String.init).joined(separator: ", ") + "]"
        }
    }
}

/// An optimiser's state in PyTorch's layout (`optimizer.state_dict()`): per-parameter state keyed by the
/// parameter's index (counting through the groups in order), and each group's options with its `params` indices,
/// keys in PyTorch's order.
public struct OptimizerStateDict: Sendable {
    /// One group's entries, in PyTorch's key order.
    public typealias Group = [(key: String, value: OptimizerValue)]

    /// State by parameter index (`step`, `exp_avg`, `momentum_buffer`, …).
    public var state: [Int: [String: Tensor]]
    /// The groups' options and `params` indices.
    public var paramGroups: [Group]

    /// A state dict with the given parts.
    public init(state: [Int: [String: Tensor]], paramGroups: [Group]) {
        self.state = state
        self.paramGroups = paramGroups
    }
}

/// Why an optimiser state dict could not be loaded (PyTorch's `ValueError` wording). Nothing was changed.
public enum OptimizerLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The number of groups differs.
    case groupCount(expected: Int, found: Int)
    /// A group's number of parameters differs.
    case groupSize(group: Int, expected: Int, found: Int)
    /// An option is missing or has the wrong kind of value.
    case option(group: Int, key: String, found: OptimizerValue?)

    /// PyTorch's message, with what was expected and found.
    public var description: String {
        switch self {
        case .groupCount(let expected, let found):
            "loaded state dict has a different number of parameter groups (expected \(expected), found \(found))"
        case .groupSize(let group, let expected, let found):
            "loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group \(group): expected \(expected) parameters, found \(found))"
        case .option(let group, let key, let found):
            "parameter group \(group): option '\(key)' is \(found.map { "\($0)" } ?? "missing"), which this optimizer can't use"
        }
    }
}

/// Options that can be written to and read from a state dict group.
public protocol OptimizerOptionsCoding: Sendable {
    /// The options as PyTorch's group entries (without `params`), in PyTorch's key order.
    var encoded: OptimizerStateDict.Group { get }
    /// Options read from a group's entries.
    init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError)
}

extension Optimizer where Options: OptimizerOptionsCoding {
    /// The state in PyTorch's layout (`state_dict()`), sharing the state tensors.
    public func stateDict() -> OptimizerStateDict {
        var state: [Int: [String: Tensor]] = [:]
        var groups: [OptimizerStateDict.Group] = []
        var index = 0
        for group in paramGroups {
            var indices: [Int] = []
            for parameter in group.params {
                if let entries = self.state[ObjectIdentifier(parameter)] { state[index] = entries }
                indices.append(index)
                index += 1
            }
            let initialLR = group.initialLR.map { [(key: "initial_lr", value: OptimizerValue.number($0))] } ?? []
            let scheduleValues = group.scheduleValues.map { (key: $0.key, value: OptimizerValue.number($0.value)) }
            groups.append(group.options.encoded + initialLR + scheduleValues + [(key: "params", value: .indices(indices))])
        }
        return OptimizerStateDict(state: state, paramGroups: groups)
    }

    /// Loads a state dict written by ``stateDict()`` or by PyTorch (`load_state_dict`): the groups' options, and
    /// each parameter's state (floating tensors converted to the parameter's dtype, `step` kept as is). Checks
    /// everything first; throws and changes nothing when the groups don't match.
    public func loadStateDict(_ stateDict: OptimizerStateDict) throws(OptimizerLoadError) {
        guard stateDict.paramGroups.count == paramGroups.count else {
            throw .groupCount(expected: paramGroups.count, found: stateDict.paramGroups.count)
        }
        var options: [Options] = []
        var parametersByIndex: [Int: Parameter] = [:]
        for (groupIndex, (saved, group)) in zip(stateDict.paramGroups, paramGroups).enumerated() {
            guard case .indices(let indices)? = saved.first(where: { $0.key == "params" })?.value else {
                throw .option(group: groupIndex, key: "params", found: saved.first { $0.key == "params" }?.value)
            }
            guard indices.count == group.params.count else {
                throw .groupSize(group: groupIndex, expected: group.params.count, found: indices.count)
            }
            options.append(try Options(decoding: saved, group: groupIndex))
            for (index, parameter) in zip(indices, group.params) { parametersByIndex[index] = parameter }
        }
        for (groupIndex, groupOptions) in options.enumerated() {
            setOptions(at: groupIndex) { $0 = groupOptions }
            if case .number(let lr)? = stateDict.paramGroups[groupIndex].first(where: { $0.key == "initial_lr" })?.value {
                setInitialLR(at: groupIndex, lr)
            }
            for case (let key, .number(let value)) in stateDict.paramGroups[groupIndex] where ParamGroup<Options>.scheduleKeys.contains(key) {
                setScheduleValue(key, value, at: groupIndex)
            }
        }
        state = [:]
        for (index, entries) in stateDict.state {
            guard let parameter = parametersByIndex[index] else { continue }
            state[ObjectIdentifier(parameter)] = entries.mapValues { tensor in
                tensor.dtype.isFloatingPoint && tensor.rank > 0 ? tensor.to(parameter.dtype).clone() : tensor.clone()
            }
        }
    }
}

extension OptimizerStateDict.Group where Element == (key: String, value: OptimizerValue) {
    /// The number stored under `key`; throws when missing or of another kind.
    func number(_ key: String, group: Int) throws(OptimizerLoadError) -> Double {
        guard case .number(let value)? = first(where: { $0.key == key })?.value else {
            throw .option(group: group, key: key, found: first { $0.key == key }?.value)
        }
        return value
    }

    /// The flag stored under `key`; throws when missing or of another kind.
    func flag(_ key: String, group: Int) throws(OptimizerLoadError) -> Bool {
        guard case .flag(let value)? = first(where: { $0.key == key })?.value else {
            throw .option(group: group, key: key, found: first { $0.key == key }?.value)
        }
        return value
    }

    /// The pair stored under `key`; throws when missing or of another kind.
    func pair(_ key: String, group: Int) throws(OptimizerLoadError) -> (Double, Double) {
        guard case .pair(let a, let b)? = first(where: { $0.key == key })?.value else {
            throw .option(group: group, key: key, found: first { $0.key == key }?.value)
        }
        return (a, b)
    }
}
