/// A value in an optimiser's `param_groups` entry, as PyTorch stores it.
public enum OptimizerValue: Equatable, Sendable, CustomStringConvertible {
    /// A number (`lr`, `momentum`, `eps`, …).
    case number(Double)
    /// A Python `int` (LBFGS's `max_iter`, `history_size`; PyTorch needs them as ints).
    case integer(Int)
    /// A flag (`nesterov`, `amsgrad`, `maximize`, …).
    case flag(Bool)
    /// A pair (`betas`).
    case pair(Double, Double)
    /// Python's `None` (`foreach`, `fused`).
    case none
    /// Parameter indices (`params`).
    case indices([Int])
    /// A string (LBFGS's `line_search_fn`).
    case string(String)
    /// A tuple of numbers and `None`s that isn't a pair of numbers (Adafactor's `eps`, `(None, 0.001)`; Muon's
    /// `ns_coefficients`).
    case tuple([Double?])

    /// Python's repr of the value: `0.1`, `True`, `(0.9, 0.999)`, `None`, `[0, 1]`.
    public var description: String {
        switch self {
        case .number(let value): PythonFormat.repr(value)
        case .integer(let value): String(value)
        case .flag(let value): value ? "True" : "False"
        case .pair(let a, let b): "(\(PythonFormat.repr(a)), \(PythonFormat.repr(b)))"
        case .none: "None"
        case .indices(let values): "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .string(let text): "'\(text)'"
        case .tuple(let values):
            "(" + values.map { $0.map(PythonFormat.repr) ?? "None" }.joined(separator: ", ") + (values.count == 1 ? ",)" : ")")
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
    /// State entries that aren't tensors, by parameter index (LBFGS's `n_iter`, `t`, `old_dirs`, …).
    public var otherState: [Int: [String: OptimizerStateValue]]
    /// The groups' options and `params` indices.
    public var paramGroups: [Group]

    /// A state dict with the given parts.
    public init(state: [Int: [String: Tensor]], otherState: [Int: [String: OptimizerStateValue]] = [:], paramGroups: [Group]) {
        self.state = state
        self.otherState = otherState
        self.paramGroups = paramGroups
    }
}

/// A per-parameter state entry that isn't one tensor, as PyTorch keeps LBFGS's: a Python `int` or `float`, `None`, or
/// a list of tensors and `None`s.
public enum OptimizerStateValue: Sendable {
    /// An `int` (`func_evals`, `n_iter`, and `H_diag` before any curvature pair).
    case int(Int)
    /// A `float` (`t`, `prev_loss`).
    case number(Double)
    /// `None`.
    case none
    /// A list of tensors or `None`s (`old_dirs`, `old_stps`, `ro`, `al`).
    case tensors([Tensor?])
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
        var state: [Int: [String: Tensor]] = [:], otherState: [Int: [String: OptimizerStateValue]] = [:]
        var groups: [OptimizerStateDict.Group] = []
        var index = 0
        for group in paramGroups {
            var indices: [Int] = []
            for parameter in group.params {
                if let entries = self.state[ObjectIdentifier(parameter)] { state[index] = entries }
                if let entries = self.otherState[ObjectIdentifier(parameter)] { otherState[index] = entries }
                indices.append(index)
                index += 1
            }
            let initialLR = group.initialLR.map { [(key: "initial_lr", value: OptimizerValue.number($0))] } ?? []
            let scheduleValues = group.scheduleValues.map { (key: $0.key, value: OptimizerValue.number($0.value)) }
            groups.append(group.options.encoded + initialLR + scheduleValues + [(key: "params", value: .indices(indices))])
        }
        return OptimizerStateDict(state: state, otherState: otherState, paramGroups: groups)
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
            let entries = stateDict.paramGroups[groupIndex]
            if let lr = try? entries.number("initial_lr", group: groupIndex) { setInitialLR(at: groupIndex, lr) }
            for (key, _) in entries where ParamGroup<Options>.scheduleKeys.contains(key) {
                if let value = try? entries.number(key, group: groupIndex) { setScheduleValue(key, value, at: groupIndex) }
            }
        }
        state = [:]
        otherState = [:]
        func converted(_ tensor: Tensor, _ parameter: Parameter) -> Tensor {
            tensor.dtype.isFloatingPoint && tensor.rank > 0 ? tensor.to(parameter.dtype).clone() : tensor.clone()
        }
        for (index, entries) in stateDict.state {
            guard let parameter = parametersByIndex[index] else { continue }
            state[ObjectIdentifier(parameter)] = entries.mapValues { converted($0, parameter) }
        }
        for (index, entries) in stateDict.otherState {
            guard let parameter = parametersByIndex[index] else { continue }
            otherState[ObjectIdentifier(parameter)] = entries.mapValues { value in
                guard case .tensors(let tensors) = value else { return value }
                return .tensors(tensors.map { $0.map { converted($0, parameter) } })
            }
        }
    }
}

extension OptimizerStateDict.Group where Element == (key: String, value: OptimizerValue) {
    /// The number (`float` or `int`) stored under `key`; throws when missing or of another kind.
    func number(_ key: String, group: Int) throws(OptimizerLoadError) -> Double {
        switch first(where: { $0.key == key })?.value {
        case .number(let value)?: return value
        case .integer(let value)?: return Double(value)
        case let other: throw .option(group: group, key: key, found: other)
        }
    }

    /// The whole number stored under `key` (an `int`, or a `float` without a fraction); throws otherwise.
    func integer(_ key: String, group: Int) throws(OptimizerLoadError) -> Int {
        switch first(where: { $0.key == key })?.value {
        case .integer(let value)?: return value
        case .number(let value)? where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case let other: throw .option(group: group, key: key, found: other)
        }
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

    /// The name stored under `key` as a `Name`, or `nil` for `None` (`line_search_fn`, `adjust_lr_fn`); throws for
    /// an unknown name or another kind of value.
    func optionalName<Name: RawRepresentable>(_ key: String, as type: Name.Type, group: Int) throws(OptimizerLoadError)
        -> Name? where Name.RawValue == String {
        let value = first { $0.key == key }?.value
        switch value {
        case .none?: return nil
        case .string(let name)?: if let known = Name(rawValue: name) { return known }
        default: break
        }
        throw .option(group: group, key: key, found: value)
    }

    /// The tuple of `count` numbers and `None`s stored under `key` (a pair of numbers too); throws otherwise.
    func tuple(_ key: String, count: Int, group: Int) throws(OptimizerLoadError) -> [Double?] {
        switch first(where: { $0.key == key })?.value {
        case .pair(let a, let b)? where count == 2: return [a, b]
        case .tuple(let values)? where values.count == count: return values
        case let other: throw .option(group: group, key: key, found: other)
        }
    }
}
