import Testing
import SynapseOptim

/// Learning-rate schedules against torch: two groups' rates after creation and after each of 25 steps.
@Suite struct LRSchedulerTests {
    struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let rates: [[Double]]
        let state: [StateEntry]
        let initial_lrs: [Double]
        var testDescription: String { name }

        static let all: [ScheduleCase] = {
            struct File: Decodable { let cases: [ScheduleCase] }
            return OptimFixture.decode(File.self, "schedules.json").cases
        }()
    }

    static func make(_ name: String, _ optimizer: SGD) -> LRScheduler {
        switch name {
        case "step": StepLR(optimizer, stepSize: 4, gamma: 0.5)
        case "multistep": MultiStepLR(optimizer, milestones: [3, 7, 7, 12], gamma: 0.3)
        case "exponential": ExponentialLR(optimizer, gamma: 0.9)
        case "cosine": CosineAnnealingLR(optimizer, tMax: 6, etaMin: 0.001)
        case "linear warm-up": LinearLR(optimizer, startFactor: 0.25, endFactor: 1, totalIters: 8)
        case "constant": ConstantLR(optimizer, factor: 0.25, totalIters: 6)
        case "multiplicative": MultiplicativeLR(optimizer) { epoch in epoch % 3 != 0 ? 0.9 : 1.05 }
        case "sequential warm-up then cosine":
            SequentialLR(optimizer, schedulers: [LinearLR(optimizer, startFactor: 0.1, totalIters: 5),
                                                 CosineAnnealingLR(optimizer, tMax: 10, etaMin: 0.001)], milestones: [5])
        case "sequential constant then exponential":
            SequentialLR(optimizer, schedulers: [ConstantLR(optimizer, factor: 0.1, totalIters: 4),
                                                 ExponentialLR(optimizer, gamma: 0.9)], milestones: [4])
        case "sequential step, linear, multistep":
            SequentialLR(optimizer, schedulers: [StepLR(optimizer, stepSize: 2, gamma: 0.5),
                                                 LinearLR(optimizer, startFactor: 0.5, totalIters: 4),
                                                 MultiStepLR(optimizer, milestones: [2, 5], gamma: 0.2)], milestones: [5, 12])
        default: LambdaLR(optimizer) { epoch in Double.pow(0.95, Double(epoch)) }
        }
    }

    /// One `[key, kind, value]` entry of a fixture's scheduler state dict.
    struct StateEntry: Decodable, Sendable {
        let entry: LRSchedulerStateDict.Entry

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let key = try container.decode(String.self), kind = try container.decode(String.self)
            let value: SchedulerValue = switch kind {
            case "flag": .flag(try container.decode(Bool.self))
            case "string": .string(try container.decode(String.self))
            case "int": .int(try container.decode(Int.self))
            case "number": .number(Double(try container.decode(String.self))!)
            case "counts": .counts(Dictionary(uniqueKeysWithValues: try container.decode([String: Int].self).map { (Int($0.key)!, $0.value) }))
            case "states", "phases": .states(try container.decode([[StateEntry]].self).map { LRSchedulerStateDict($0.map(\.entry)) })
            case "none": .none
            case "nones": .list(Array(repeating: .none, count: try container.decode(Int.self)))
            case "ints": .ints(try container.decode([Int].self))
            default: .numbers(try container.decode([String].self).map { Double($0)! })
            }
            entry = .init(key, value)
        }
    }

    @Test(arguments: ScheduleCase.all)
    func matchesTorch(_ testCase: ScheduleCase) {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        optimizer.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01)))
        let scheduler = Self.make(testCase.name, optimizer)
        var rates = [optimizer.learningRates]
        for _ in 0..<25 {
            optimizer.step()
            scheduler.step()
            rates.append(optimizer.learningRates)
        }
        for (epoch, (got, expected)) in zip(rates, testCase.rates).enumerated() {
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) },
                    "\(testCase.name) epoch \(epoch): \(got) vs \(expected)")
        }
        #expect(scheduler.lastLR == rates.last!)
        #expect(optimizer.initialLearningRates == testCase.initial_lrs)
        let expected = LRSchedulerStateDict(testCase.state.map(\.entry))
        #expect(scheduler.stateDict() == expected, "\(scheduler.stateDict())\n vs \(expected)")
    }

    @Test(arguments: ScheduleCase.all)
    func stateDictResumesTheSchedule(_ testCase: ScheduleCase) throws {
        // Run 10 epochs, save; a fresh scheduler loaded with that state continues exactly as torch's did.
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        optimizer.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01)))
        let scheduler = Self.make(testCase.name, optimizer)
        for _ in 0..<10 { scheduler.step() }
        let saved = scheduler.stateDict(), savedOptimizer = optimizer.stateDict()
        let resumedOptimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        resumedOptimizer.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01)))
        let resumed = Self.make(testCase.name, resumedOptimizer)
        try resumedOptimizer.loadStateDict(savedOptimizer)
        try resumed.loadStateDict(saved)
        #expect(resumed.stateDict() == saved)
        for epoch in 11...25 {
            resumed.step()
            #expect(zip(resumedOptimizer.learningRates, testCase.rates[epoch]).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) },
                    "\(testCase.name) epoch \(epoch)")
        }
    }

    @Test func badStateDictsAreRefusedWithoutChanges() {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let scheduler = StepLR(optimizer, stepSize: 3)
        let before = scheduler.stateDict()
        var broken = before
        broken.entries[broken.entries.firstIndex { $0.key == "last_epoch" }!] = .init("last_epoch", .number(2.5))
        #expect(throws: SchedulerLoadError.entry(key: "last_epoch", expected: "an int", found: .number(2.5))) {
            try scheduler.loadStateDict(broken)
        }
        #expect(scheduler.stateDict() == before)
    }

    /// One factor function per group, each applied to its own group; a count that isn't the group count stops with
    /// PyTorch's message.
    @Test func multiplicativeTakesOneFunctionPerGroup() async {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        optimizer.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01)))
        let scheduler = MultiplicativeLR(optimizer, lambdas: [{ _ in 0.5 }, { _ in 2 }])
        #expect(optimizer.learningRates == [0.1, 0.01])
        scheduler.step()
        #expect(optimizer.learningRates == [0.05, 0.02])
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiplicativeLR(SGD([Parameter(Tensor.zeros([1]))], lr: 0.1), lambdas: [{ _ in 1 }, { _ in 1 }])
        }
        #expect(exitMessage(result).contains("Expected 1 lr_lambdas, but got 2"))
    }
}

/// `ReduceLROnPlateau` against torch over 40 metric values in three settings.
@Suite struct ReduceLROnPlateauTests {
    struct PlateauCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let metrics: [Double]
        let rates: [Double]
        let state: [LRSchedulerTests.StateEntry]
        var testDescription: String { name }

        static let all: [PlateauCase] = {
            struct File: Decodable { let cases: [PlateauCase] }
            return OptimFixture.decode(File.self, "plateau.json").cases
        }()
    }

    @Test(arguments: PlateauCase.all)
    func matchesTorch(_ testCase: PlateauCase) throws {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let scheduler: ReduceLROnPlateau
        switch testCase.name {
        case "min rel": scheduler = ReduceLROnPlateau(optimizer, patience: 3)
        case "min abs cooldown":
            scheduler = ReduceLROnPlateau(optimizer, factor: 0.5, patience: 2, threshold: 0.01, thresholdMode: .abs,
                                          cooldown: 3)
        default: scheduler = ReduceLROnPlateau(optimizer, mode: .max, factor: 0.2, patience: 1, minLR: 0.001)
        }
        var rates: [Double] = []
        for metric in testCase.metrics {
            scheduler.step(metric)
            rates.append(optimizer.learningRates[0])
        }
        #expect(zip(rates, testCase.rates).allSatisfy { abs($0 - $1) <= 1e-15 }, "\(rates) vs \(testCase.rates)")
        // torch keeps `min_lr=0` as the int the default is; Swift's `minLR: Double` writes 0.0, which torch reads
        // the same. So numbers are compared by value here.
        let expected = Self.numeric(LRSchedulerStateDict(testCase.state.map(\.entry)))
        #expect(Self.numeric(scheduler.stateDict()) == expected, "\(scheduler.stateDict())\n vs \(expected)")
        // A fresh scheduler loaded with that state reports the same state.
        let resumed = ReduceLROnPlateau(SGD([Parameter(Tensor.zeros([1]))], lr: 0.1))
        try resumed.loadStateDict(LRSchedulerStateDict(testCase.state.map(\.entry)))
        #expect(Self.numeric(resumed.stateDict()) == expected)
    }

    /// `state` with ints as floats, for comparing values whatever their Python type.
    static func numeric(_ state: LRSchedulerStateDict) -> LRSchedulerStateDict {
        LRSchedulerStateDict(state.entries.map { entry in
            switch entry.value {
            case .int(let value): .init(entry.key, .number(Double(value)))
            case .ints(let values): .init(entry.key, .numbers(values.map(Double.init)))
            default: entry
            }
        })
    }
}
