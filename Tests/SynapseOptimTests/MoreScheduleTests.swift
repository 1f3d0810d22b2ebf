import Testing
import SynapseOptim

/// PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR and ChainedScheduler against torch
/// (`scripts/fixtures/optim_extra.py`): two groups' rates and momenta after creation and after each of 30 steps, and
/// the state dict after the last one.
@Suite struct MoreScheduleTests {
    struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let optimizer: String
        let rates: [[Double]]
        let momenta: [[Double]]
        let state: [LRSchedulerTests.StateEntry]
        var testDescription: String { name }

        static let all: [ScheduleCase] = {
            struct File: Decodable { let cases: [ScheduleCase] }
            return OptimFixture.decode(File.self, "schedules_extra.json").cases
        }()

        /// SGD with momentum 0.9 or Adam, groups with lr 0.1 and 0.01, as the fixture's.
        func makeOptimizer() -> any OptimizerProtocol {
            if optimizer == "SGD" {
                let sgd = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1, momentum: 0.9)
                sgd.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01, momentum: 0.9)))
                return sgd
            }
            let adam = Adam([Parameter(Tensor.zeros([1]))], lr: 0.1)
            adam.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: Adam.Options(lr: 0.01)))
            return adam
        }

        func makeScheduler(_ optimizer: any OptimizerProtocol) -> LRScheduler {
            switch name {
            case "polynomial": PolynomialLR(optimizer, totalIters: 12, power: 2)
            case "polynomial linear": PolynomialLR(optimizer)
            case "warm restarts": CosineAnnealingWarmRestarts(optimizer, t0: 5, etaMin: 0.001)
            case "warm restarts doubling": CosineAnnealingWarmRestarts(optimizer, t0: 3, tMult: 2)
            case "cyclic triangular": CyclicLR(optimizer, baseLR: 0.01, maxLR: 0.1, stepSizeUp: 4)
            case "cyclic triangular2 uneven":
                CyclicLR(optimizer, baseLR: [0.01, 0.001], maxLR: [0.1, 0.05], stepSizeUp: 3, stepSizeDown: 5, mode: .triangular2)
            case "cyclic exp range adam":
                CyclicLR(optimizer, baseLR: 0.001, maxLR: 0.01, stepSizeUp: 5, mode: .expRange, gamma: 0.95,
                         baseMomentum: 0.85, maxMomentum: 0.95)
            case "cyclic no momentum": CyclicLR(optimizer, baseLR: 0.01, maxLR: 0.1, stepSizeUp: 2, cycleMomentum: false)
            case "cyclic custom scale":
                CyclicLR(optimizer, baseLR: [0.01], maxLR: [0.1], stepSizeUp: 3, scaleFunction: { 1 / (1 + 0.5 * $0) },
                         scaleMode: .iterations)
            case "sequential warm-up then warm restarts":
                SequentialLR(optimizer, schedulers: [LinearLR(optimizer, startFactor: 0.2, totalIters: 4),
                                                     CosineAnnealingWarmRestarts(optimizer, t0: 4, tMult: 2)], milestones: [4])
            case "one cycle": OneCycleLR(optimizer, maxLR: 0.5, totalSteps: 30)
            case "one cycle linear three phase":
                OneCycleLR(optimizer, maxLR: [0.3, 0.05], totalSteps: 3 * 10, pctStart: 0.25, annealStrategy: .linear,
                           divFactor: 10, finalDivFactor: 100, threePhase: true)
            case "one cycle adam": OneCycleLR(optimizer, maxLR: 0.01, totalSteps: 31, baseMomentum: 0.8, maxMomentum: 0.9)
            case "chained constant and exponential":
                ChainedScheduler([ConstantLR(optimizer, factor: 0.1, totalIters: 3), ExponentialLR(optimizer, gamma: 0.9)])
            default:
                ChainedScheduler([StepLR(optimizer, stepSize: 4, gamma: 0.5), PolynomialLR(optimizer, totalIters: 20, power: 0.5)])
            }
        }
    }

    @Test(arguments: ScheduleCase.all)
    func matchesTorch(_ testCase: ScheduleCase) {
        let optimizer = testCase.makeOptimizer()
        let scheduler = testCase.makeScheduler(optimizer)
        var rates = [optimizer.learningRates], momenta = [optimizer.momenta!]
        for _ in 0..<30 {
            scheduler.step()
            rates.append(optimizer.learningRates)
            momenta.append(optimizer.momenta!)
        }
        for (epoch, (got, expected)) in zip(rates, testCase.rates).enumerated() {
            #expect(got == expected, "\(testCase.name) epoch \(epoch): \(got) vs \(expected)")
        }
        for (epoch, (got, expected)) in zip(momenta, testCase.momenta).enumerated() {
            #expect(got == expected, "\(testCase.name) momentum at epoch \(epoch): \(got) vs \(expected)")
        }
        #expect(scheduler.lastLR == rates.last!)
        let expected = LRSchedulerStateDict(testCase.state.map(\.entry))
        #expect(scheduler.stateDict() == expected, "\(scheduler.stateDict())\n vs \(expected)")
    }

    @Test(arguments: ScheduleCase.all)
    func stateDictResumesTheSchedule(_ testCase: ScheduleCase) throws {
        // Ten steps, save both state dicts; a fresh optimiser and scheduler loaded with them continue as torch's.
        let optimizer = testCase.makeOptimizer()
        let scheduler = testCase.makeScheduler(optimizer)
        for _ in 0..<10 { scheduler.step() }
        let saved = scheduler.stateDict(), savedOptimizer = optimizer.stateDict()
        let resumedOptimizer = testCase.makeOptimizer()
        let resumed = testCase.makeScheduler(resumedOptimizer)
        try resumedOptimizer.loadStateDict(savedOptimizer)
        try resumed.loadStateDict(saved)
        #expect(resumed.stateDict() == saved)
        for epoch in 11...30 {
            resumed.step()
            #expect(resumedOptimizer.learningRates == testCase.rates[epoch], "\(testCase.name) epoch \(epoch)")
            #expect(resumedOptimizer.momenta! == testCase.momenta[epoch], "\(testCase.name) momentum at epoch \(epoch)")
        }
    }

    @Test func oneCycleKeepsItsPhasesInTheOptimizersGroups() {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1, momentum: 0.9)
        _ = OneCycleLR(optimizer, maxLR: 0.5, totalSteps: 10)
        let keys = optimizer.stateDict().paramGroups[0].map(\.key)
        #expect(Array(keys.suffix(6)) == ["initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum", "params"])
        #expect(optimizer.scheduleValue("max_lr", at: 0) == 0.5 && optimizer.initialLearningRates == [0.02])
    }

    @Test func warmRestartsJumpToFractionalEpochs() {
        // T_0 = 4, T_mult = 2: periods [0, 4), [4, 12), [12, 28); epoch 13.5 is 1.5 into the third.
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let scheduler = CosineAnnealingWarmRestarts(optimizer, t0: 4, tMult: 2)
        scheduler.step(epoch: 13.5)
        #expect(scheduler.tI == 16 && scheduler.tCur == 1.5 && scheduler.lastEpoch == 13)
        #expect(optimizer.learningRates == [0.1 * (1 + Double.cos(.pi * 1.5 / 16)) / 2])
        #expect(scheduler.stateDict()["T_cur"] == .number(1.5))
    }

    @Test func cyclingMomentumNeedsAnOptimizerWithOne() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = CyclicLR(Adagrad([Parameter(Tensor.zeros([1]))]), baseLR: 0.01, maxLR: 0.1)
        }
        #expect(exitMessage(result).contains("optimizer must support momentum or beta1 with `cycle_momentum` option enabled"))
        let tooFar = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let scheduler = OneCycleLR(SGD([Parameter(Tensor.zeros([1]))], momentum: 0.9), maxLR: 0.1, totalSteps: 2)
            for _ in 0..<3 { scheduler.step() }
        }
        #expect(exitMessage(tooFar).contains("Tried to step 3 times. The specified number of total steps is 2"))
    }

    @Test func aChainRefusesABrokenStateAndKeepsItsOwn() {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let chain = ChainedScheduler([ConstantLR(optimizer, factor: 0.5, totalIters: 2), ExponentialLR(optimizer, gamma: 0.9)])
        chain.step()
        let before = chain.stateDict()
        var broken = before
        guard case .states(var states)? = broken["_schedulers"] else { Issue.record("no _schedulers"); return }
        states[1].entries.removeAll { $0.key == "gamma" }
        broken.entries[1] = .init("_schedulers", .states(states))
        #expect(throws: SchedulerLoadError.entry(key: "gamma", expected: "a number", found: nil)) { try chain.loadStateDict(broken) }
        #expect(chain.stateDict() == before)
    }
}
