import Testing
import SynapseOptim

/// Learning-rate schedules against torch: two groups' rates after creation and after each of 25 steps.
@Suite struct LRSchedulerTests {
    struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let rates: [[Double]]
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
        default: LambdaLR(optimizer) { epoch in Double.pow(0.95, Double(epoch)) }
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
    }
}

/// `ReduceLROnPlateau` against torch over 40 metric values in three settings.
@Suite struct ReduceLROnPlateauTests {
    struct PlateauCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let metrics: [Double]
        let rates: [Double]
        var testDescription: String { name }

        static let all: [PlateauCase] = {
            struct File: Decodable { let cases: [PlateauCase] }
            return OptimFixture.decode(File.self, "plateau.json").cases
        }()
    }

    @Test(arguments: PlateauCase.all)
    func matchesTorch(_ testCase: PlateauCase) {
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
    }
}
