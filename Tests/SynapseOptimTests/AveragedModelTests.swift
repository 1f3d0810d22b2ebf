import Foundation
import Testing
import SynapseOptim

/// `AveragedModel` (EMA and SWA), `updateBN` and `SWALR` against torch (`scripts/fixtures/swa.py`): an EMA and an
/// SWA of a small float64 CNN over 10 SGD steps, compared to 1e-10; learning rates bit for bit.
@Suite struct AveragedModelTests {
    /// A tensor as `swa.py` stores it.
    struct StoredTensor: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let values: [Double]

        var tensor: Tensor {
            switch dtype {
            case "float64": Tensor(flat: values, shape: shape)
            case "int64": Tensor(flat: values.map { Int64($0) }, shape: shape)
            default: Tensor(flat: values.map { Float($0) }, shape: shape)
            }
        }
    }

    /// An ordered state dict as `[[key, tensor]...]`.
    struct StoredState: Decodable, Sendable {
        let entries: [(key: String, tensor: StoredTensor)]

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            var entries: [(String, StoredTensor)] = []
            while !container.isAtEnd {
                var pair = try container.nestedUnkeyedContainer()
                entries.append((try pair.decode(String.self), try pair.decode(StoredTensor.self)))
            }
            self.entries = entries
        }

        var keys: [String] { entries.map(\.key) }
        var stateDict: StateDict { StateDict(entries.map { ($0.key, $0.tensor.tensor) }) }
    }

    struct SWALRCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let lrs: [Double]
        let swa_lrs: [Double]
        let anneal_epochs: Int
        let strategy: String
        let steps: [[Double]]
        let state_keys: [String]
        var testDescription: String { name }
    }

    struct Fixture: Decodable, Sendable {
        let initial: StoredState
        let x: StoredTensor
        let y: StoredTensor
        let bn_batches: [StoredTensor]
        let losses: [Double]
        let ema: StoredState
        let swa: StoredState
        let update_bn: StoredState
        let swa_training: Bool
        let repr: String
        let swalr: [SWALRCase]

        static let shared = OptimFixture.decode(Fixture.self, "swa.json")
    }

    /// torch's `Sequential(Conv2d(2, 3, 3), BatchNorm2d(3), ReLU(), Flatten(), Linear(48, 2))` in float64; the
    /// values come from the fixture, so a private generator serves.
    static func smallCNN() -> Sequential<Module> {
        let generator = Generator(seed: 1)
        return Sequential(Conv2d(2, 3, kernelSize: 3, dtype: .float64, generator: generator),
                          BatchNorm2d(3, dtype: .float64), ReLU(), Flatten(),
                          Linear(48, 2, dtype: .float64, generator: generator))
    }

    /// The largest difference between `module`'s state dict and `expected`, after checking keys and dtypes.
    static func compare(_ module: Module, _ expected: StoredState, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        let state = module.stateDict()
        #expect(Array(state.keys) == expected.keys, sourceLocation: sourceLocation)
        var worst = 0.0
        for (key, stored) in expected.entries {
            guard let actual = state[key] else { return .infinity }
            #expect(actual.dtype == stored.tensor.dtype && actual.shape == stored.shape, "\(key)",
                    sourceLocation: sourceLocation)
            let values = actual.to(.float64).contiguous().toArray(of: Double.self)
            worst = zip(values, stored.values).reduce(worst) { max($0, abs($1.0 - $1.1)) }
        }
        return worst
    }

    /// Trains the CNN for 10 steps as `swa.py` does, updating an EMA (with buffers) and an SWA after each step.
    static func train() throws -> (model: Sequential<Module>, ema: AveragedModel<Sequential<Module>>,
                                   swa: AveragedModel<Sequential<Module>>, losses: [Double]) {
        let fixture = Fixture.shared
        let model = smallCNN()
        try model.loadStateDict(fixture.initial.stateDict)
        let ema = try AveragedModel(model, copy: smallCNN, rule: .exponential(decay: 0.9), useBuffers: true)
        let swa = try AveragedModel(model, copy: smallCNN)
        let optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        let (x, y) = (fixture.x.tensor, fixture.y.tensor)
        var losses: [Double] = []
        for _ in 0..<10 {
            optimizer.zeroGrad()
            let loss = Functional.mseLoss(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            ema.updateParameters(model)
            swa.updateParameters(model)
        }
        return (model, ema, swa, losses)
    }

    @Test func emaAndSWAOfASmallCNNMatchTorch() throws {
        let fixture = Fixture.shared
        let (_, ema, swa, losses) = try Self.train()
        #expect(zip(losses, fixture.losses).allSatisfy { abs($0 - $1) <= 1e-10 })
        #expect(Self.compare(ema, fixture.ema) <= 1e-10)
        #expect(Self.compare(swa, fixture.swa) <= 1e-10)
        #expect(ema.nAveraged.item(as: Int64.self) == 10)
        #expect(ema.description == fixture.repr)
        // The EMA of the integer `num_batches_tracked` truncates as torch's copy_ does.
        #expect(ema.stateDict()["module.1.num_batches_tracked"]!.item(as: Int64.self)
                    == Int64(fixture.ema.stateDict["module.1.num_batches_tracked"]!.item()))
    }

    @Test func updateBNRecomputesTheRunningStatisticsAsTorch() throws {
        let fixture = Fixture.shared
        let (_, _, swa, _) = try Self.train()
        swa.eval()
        let batches = fixture.bn_batches.map(\.tensor)
        updateBN(batches, swa)
        #expect(Self.compare(swa, fixture.update_bn) <= 1e-10)
        #expect(swa.training == fixture.swa_training && !swa.module[1].training)
        #expect((swa.module[1] as? BatchNorm2d)?.momentum == 0.1)

        // Batches given as (input, label) pairs give the same statistics.
        let (_, _, again, _) = try Self.train()
        updateBN(batches.map { ($0, Tensor.zeros([$0.shape[0]])) }, again)
        #expect(Self.compare(again, fixture.update_bn) <= 1e-10)
    }

    @Test func torchStateDictsLoadStrictlyAndKeysMatch() throws {
        let fixture = Fixture.shared
        let model = Self.smallCNN()
        let ema = try AveragedModel(model, copy: Self.smallCNN, rule: .exponential(decay: 0.9), useBuffers: true)
        #expect(Array(ema.stateDict().keys) == fixture.ema.keys)
        let result = try ema.loadStateDict(fixture.ema.stateDict, strict: true)
        #expect(result.allKeysMatched)
        #expect(Self.compare(ema, fixture.ema) == 0)
        let assigned = try AveragedModel(model, copy: Self.smallCNN, rule: .exponential(decay: 0.9), useBuffers: true)
        let loaded = fixture.ema.stateDict
        try assigned.loadStateDict(loaded, strict: true, assign: true)
        #expect(assigned.nAveraged.item(as: Int64.self) == 10 && assigned.module[0].weight.equal(loaded["module.0.weight"]!))
        // And back: what Synapse writes has torch's keys, dtypes and shapes, so torch's strict load accepts it.
        let written = ema.stateDict()
        #expect(zip(written, fixture.ema.entries).allSatisfy { $0.key == $1.key && $0.value.dtype == $1.tensor.tensor.dtype
                    && $0.value.shape == $1.tensor.shape })
    }

    @Test func theCopyIsIndependentAndTheFirstUpdateCopies() throws {
        let model = Self.smallCNN()
        let swa = try AveragedModel(model, copy: Self.smallCNN)
        #expect(zip(swa.module.parameters(), model.parameters()).allSatisfy { $0 !== $1 && $0.equal($1) })
        #expect(swa.nAveraged.item(as: Int64.self) == 0)
        noGrad { model.parameters().forEach { $0.add_(1.0) } }
        #expect(!swa.module.parameters()[0].equal(model.parameters()[0]))
        swa.updateParameters(model)
        #expect(zip(swa.module.parameters(), model.parameters()).allSatisfy { $0.equal($1) })
        #expect(swa.nAveraged.item(as: Int64.self) == 1)
        // Its forward is the copy's.
        let x = Tensor.ones([1, 2, 6, 6], dtype: .float64)
        #expect(swa(x).equal(swa.module(x)))
    }

    @Test func customRulesSeeTheCountBeforeTheUpdate() throws {
        let model = Sequential(Linear(2, 1, generator: Generator(seed: 3)))
        var counts: [Int64] = []
        let rule = AveragingRule.perTensor { averaged, current, count in
            counts.append(count.item(as: Int64.self))
            return averaged + current
        }
        let sum = try AveragedModel(model, copy: { Sequential(Linear(2, 1, generator: Generator(seed: 0))) }, rule: rule)
        for _ in 0..<3 { sum.updateParameters(model) }
        #expect(counts == [1, 1, 2, 2])   // weight and bias, at the second and third update
        #expect(sum.module[0].weight.equal(model[0].weight * 3))

        var groups: [[DType]] = []
        let grouped = AveragingRule.grouped { averaged, _, _ in groups.append(averaged.map(\.dtype)) }
        let bn = Sequential(BatchNorm1d(2))
        let withBuffers = try AveragedModel(bn, copy: { Sequential(BatchNorm1d(2)) }, rule: grouped, useBuffers: true)
        withBuffers.updateParameters(bn)
        withBuffers.updateParameters(bn)
        #expect(groups == [Array(repeating: .float32, count: 4), [.int64]])
    }

    @Test(arguments: Fixture.shared.swalr)
    func swalrMatchesTorchBitForBit(_ testCase: SWALRCase) {
        let params = testCase.lrs.map { _ in Parameter(Tensor.zeros([1])) }
        let optimizer = SGD([params[0]], lr: testCase.lrs[0])
        for (parameter, lr) in zip(params.dropFirst(), testCase.lrs.dropFirst()) {
            optimizer.addParamGroup(ParamGroup([parameter], options: SGD.Options(lr: lr)))
        }
        let scheduler = SWALR(optimizer, swaLRs: testCase.swa_lrs, annealEpochs: testCase.anneal_epochs,
                              annealStrategy: testCase.strategy == "cos" ? .cos : .linear)
        var history = [optimizer.learningRates]
        for _ in 1..<testCase.steps.count {
            optimizer.step()
            scheduler.step()
            history.append(optimizer.learningRates)
        }
        #expect(history == testCase.steps)
        #expect(scheduler.stateDict().entries.map(\.key) == testCase.state_keys)
    }

    @Test func swalrStateRoundTrips() throws {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.5)
        let scheduler = SWALR(optimizer, swaLR: 0.1, annealEpochs: 4, annealStrategy: .linear)
        scheduler.step()
        let other = SWALR(SGD([Parameter(Tensor.zeros([1]))], lr: 0.5), swaLR: 0.1)
        try other.loadStateDict(scheduler.stateDict())
        #expect(other.annealEpochs == 4 && other.annealStrategy == .linear && other.lastEpoch == 1)
        var bad = scheduler.stateDict()
        bad = LRSchedulerStateDict(bad.entries.map { $0.key == "_anneal_strategy" ? .init($0.key, .string("exp")) : $0 })
        #expect(throws: SchedulerLoadError.self) { try other.loadStateDict(bad) }
        let negative = LRSchedulerStateDict(scheduler.stateDict().entries.map {
            $0.key == "anneal_epochs" ? .init($0.key, .int(-2)) : $0
        })
        #expect(throws: SchedulerLoadError.self) { try other.loadStateDict(negative) }
        let truncated = LRSchedulerStateDict(scheduler.stateDict().entries.filter { $0.key != "anneal_epochs" })
        #expect(throws: SchedulerLoadError.self) { try other.loadStateDict(truncated) }
        #expect(other.annealEpochs == 4 && other.annealStrategy == .linear)
    }

    @Test func aCopyOfAnotherStructureIsAClearError() {
        let model = Self.smallCNN()
        do {
            _ = try AveragedModel(model, copy: { Sequential<Module>(Linear(48, 2, dtype: .float64)) })
            Issue.record("a copy with other members should throw")
        } catch {
            #expect(error.description.contains("expected the copy of Sequential to have the original's parameters"))
            #expect(error.unexpected == ["0.weight torch.float64 [2, 48]", "0.bias torch.float64 [2]"])
        }
    }

    /// The standard error an exit test's child process wrote.
    static func standardError(of result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func misuseStopsWithPyTorchsMessages() async {
        let decay = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? AveragedModel(Sequential(Linear(1, 1)), copy: { Sequential(Linear(1, 1)) },
                                   rule: .exponential(decay: 1.5))
        }
        #expect(Self.standardError(of: decay).contains("Invalid decay value 1.5 provided. Please provide a value in [0,1] range."))
        let epochs = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SWALR(SGD([Parameter(Tensor.zeros([1]))], lr: 0.1), swaLR: 0.1, annealEpochs: -1)
        }
        #expect(Self.standardError(of: epochs).contains("anneal_epochs must be equal or greater than 0, got -1"))
        let groups = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SWALR(SGD([Parameter(Tensor.zeros([1]))], lr: 0.1), swaLRs: [0.1, 0.2])
        }
        #expect(Self.standardError(of: groups).contains(
            "swa_lr must have the same length as optimizer.param_groups. swa_lr has 2 values, param_groups has 1."))
        let model = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let swa = try? AveragedModel(Sequential(Linear(2, 1)), copy: { Sequential(Linear(2, 1)) })
            swa?.updateParameters(Sequential(Linear(3, 1)))
        }
        #expect(Self.standardError(of: model).contains("update_parameters: expected a model with the averaged model's parameters"))
    }
}
