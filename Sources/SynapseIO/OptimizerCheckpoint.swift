import OrderedCollections

extension CheckpointValue {
    /// An optimiser's state dict as `torch.save(optimizer.state_dict())` writes it:
    /// `{'state': {0: {'exp_avg': …, …}, …}, 'param_groups': [{'lr': 0.001, 'betas': (0.9, 0.999), …, 'params': [0, 1]}]}`.
    /// Each parameter's state entries are written in sorted order (torch reads them by name).
    public init(_ state: OptimizerStateDict) {
        var perParameter = OrderedDictionary<CheckpointKey, CheckpointValue>()
        for index in Set(state.state.keys).union(state.otherState.keys).sorted() {
            let tensors = (state.state[index] ?? [:]).map { ($0.key, CheckpointValue.tensor($0.value)) }
            let others = (state.otherState[index] ?? [:]).map { ($0.key, CheckpointValue($0.value)) }
            let entries = (tensors + others).sorted { $0.0 < $1.0 }
            perParameter[.int(index)] = .dict(OrderedDictionary(uniqueKeysWithValues: entries.map { (CheckpointKey.string($0.0), $0.1) }))
        }
        let groups: [CheckpointValue] = state.paramGroups.map { group in
            .dict(OrderedDictionary(uniqueKeysWithValues: group.map { (CheckpointKey.string($0.key), CheckpointValue($0.value)) }))
        }
        self = ["state": .dict(perParameter), "param_groups": .list(groups)]
    }

    private init(_ option: OptimizerValue) {
        switch option {
        case .number(let value): self = .double(value)
        case .integer(let value): self = .int(value)
        case .flag(let flag): self = .bool(flag)
        case .pair(let a, let b): self = .tuple([.double(a), .double(b)])
        case .none: self = .none
        case .indices(let indices): self = .list(indices.map(CheckpointValue.int))
        case .string(let text): self = .string(text)
        case .tuple(let values): self = .tuple(values.map { $0.map(CheckpointValue.double) ?? .none })
        }
    }

    private init(_ value: OptimizerStateValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .number(let number): self = .double(number)
        case .none: self = .none
        case .tensors(let tensors): self = .list(tensors.map { $0.map(CheckpointValue.tensor) ?? .none })
        }
    }

    /// The optimiser state dict this value holds (what `torch.load` of a saved `optimizer.state_dict()` gives),
    /// ready for `Optimizer.loadStateDict`.
    public func optimizerStateDict() throws(CheckpointError) -> OptimizerStateDict {
        guard let state = self["state"]?.dictionary, let groups = self["param_groups"]?.elements else {
            throw .unexpectedValue(expected: "an optimizer state dict ({'state': …, 'param_groups': […]})", found: kindName)
        }
        var perParameter: [Int: [String: Tensor]] = [:], otherState: [Int: [String: OptimizerStateValue]] = [:]
        for (key, entries) in state {
            guard case .int(let index) = key, let entries = entries.dictionary else {
                throw .unexpectedValue(expected: "optimizer state keyed by parameter index", found: "the key \(key)")
            }
            var tensors: [String: Tensor] = [:], others: [String: OptimizerStateValue] = [:]
            for (name, value) in entries {
                guard case .string(let name) = name else {
                    throw .unexpectedValue(expected: "string names in the state of parameter \(index)", found: "the key \(name)")
                }
                if case .tensor(let tensor) = value {
                    tensors[name] = tensor
                } else {
                    others[name] = try Self.stateValue(value, name, index)
                }
            }
            perParameter[index] = tensors
            if !others.isEmpty { otherState[index] = others }
        }
        var paramGroups: [OptimizerStateDict.Group] = []
        for group in groups {
            guard let entries = group.dictionary else { throw .unexpectedValue(expected: "a param_groups dict", found: group.kindName) }
            var options: OptimizerStateDict.Group = []
            for (key, value) in entries {
                guard case .string(let name) = key else { throw .unexpectedValue(expected: "string option names", found: "the key \(key)") }
                options.append((name, try Self.option(value, name)))
            }
            paramGroups.append(options)
        }
        return OptimizerStateDict(state: perParameter, otherState: otherState, paramGroups: paramGroups)
    }

    /// A state entry that isn't a tensor: an int, a float, `None`, or a list of tensors and `None`s (LBFGS's).
    private static func stateValue(_ value: CheckpointValue, _ name: String, _ index: Int) throws(CheckpointError) -> OptimizerStateValue {
        switch value {
        case .int(let number): return .int(number)
        case .double(let number): return .number(number)
        case .none: return .none
        case .list(let items):
            var tensors: [Tensor?] = []
            for item in items {
                switch item {
                case .tensor(let tensor): tensors.append(tensor)
                case .none: tensors.append(nil)
                default:
                    throw .unexpectedValue(expected: "tensors or None in '\(name)' of parameter \(index)", found: item.kindName)
                }
            }
            return .tensors(tensors)
        default:
            throw .unexpectedValue(expected: "a tensor, number, None or list of tensors for '\(name)' of parameter \(index)",
                                   found: value.kindName)
        }
    }

    private static func option(_ value: CheckpointValue, _ name: String) throws(CheckpointError) -> OptimizerValue {
        switch value {
        case .double(let number): return .number(number)
        case .int(let number): return .integer(number)
        case .bool(let flag): return .flag(flag)
        case .none: return .none
        case .string(let text): return .string(text)
        case .tuple(let items):
            if items.count == 2, let a = items[0].number, let b = items[1].number { return .pair(a, b) }
            var values: [Double?] = []
            for item in items {
                if let number = item.number { values.append(number) } else if case .none = item { values.append(nil) } else { break }
            }
            if values.count == items.count { return .tuple(values) }
        case .list(let items):
            var indices: [Int] = []
            for item in items {
                guard case .int(let index) = item else { break }
                indices.append(index)
            }
            if indices.count == items.count { return .indices(indices) }
        default: break
        }
        throw .unexpectedValue(expected: "a number, flag, string, tuple of numbers, None or index list for option '\(name)'", found: value.kindName)
    }

    /// An `int` or `float` as a `Double`.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

extension CheckpointValue {
    /// A scheduler's state dict as `torch.save(scheduler.state_dict())` writes it (`milestones` as a plain dict,
    /// which PyTorch's `MultiStepLR` reads as it reads its `Counter`).
    public init(_ state: LRSchedulerStateDict) {
        self = .dict(OrderedDictionary(uniqueKeysWithValues: state.entries.map { (CheckpointKey.string($0.key), CheckpointValue($0.value)) }))
    }

    private init(_ value: SchedulerValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .number(let number): self = .double(number)
        case .flag(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .numbers(let numbers): self = .list(numbers.map(CheckpointValue.double))
        case .ints(let numbers): self = .list(numbers.map(CheckpointValue.int))
        case .counts(let counts):
            self = .dict(OrderedDictionary(uniqueKeysWithValues: counts.sorted { $0.key < $1.key }.map { (CheckpointKey.int($0.key), CheckpointValue.int($0.value)) }))
        case .none: self = .none
        case .list(let values): self = .list(values.map(CheckpointValue.init))
        case .states(let states): self = .list(states.map(CheckpointValue.init))
        }
    }

    /// The scheduler state dict this value holds (what `torch.load` of a saved `scheduler.state_dict()` gives), for
    /// `LRScheduler.loadStateDict`.
    public func lrSchedulerStateDict() throws(CheckpointError) -> LRSchedulerStateDict {
        guard let entries = dictionary else { throw .unexpectedValue(expected: "a scheduler state dict", found: kindName) }
        var state = LRSchedulerStateDict([])
        for (key, value) in entries {
            guard case .string(let name) = key else { throw .unexpectedValue(expected: "string keys", found: "the key \(key)") }
            state.entries.append(.init(name, try Self.schedulerValue(value, name)))
        }
        return state
    }

    private static func schedulerValue(_ value: CheckpointValue, _ name: String) throws(CheckpointError) -> SchedulerValue {
        switch value {
        case .int(let number): return .int(number)
        case .double(let number): return .number(number)
        case .bool(let flag): return .flag(flag)
        case .string(let text): return .string(text)
        case .none: return .none
        case .dict(let entries), .orderedDict(let entries):
            var counts: [Int: Int] = [:]
            for (key, count) in entries {
                guard case .int(let epoch) = key, case .int(let times) = count else {
                    throw .unexpectedValue(expected: "counts by epoch under '\(name)'", found: "\(key): \(count.kindName)")
                }
                counts[epoch] = times
            }
            return .counts(counts)
        case .list(let items), .tuple(let items):
            if items.allSatisfy({ if case .int = $0 { true } else { false } }), !items.isEmpty || name == "_milestones" {
                return .ints(items.map { if case .int(let number) = $0 { number } else { 0 } })
            }
            if items.allSatisfy({ $0.number != nil }) { return .numbers(items.map { $0.number! }) }
            if items.allSatisfy({ $0.dictionary != nil }) {
                var states: [LRSchedulerStateDict] = []
                for item in items { states.append(try item.lrSchedulerStateDict()) }
                return .states(states)
            }
            var values: [SchedulerValue] = []
            for item in items { values.append(try schedulerValue(item, name)) }
            return .list(values)
        default:
            throw .unexpectedValue(expected: "a number, flag, list or None under '\(name)'", found: value.kindName)
        }
    }
}
