import Foundation
import Testing
import SynapseIO

/// State dicts of NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD, LBFGS, Adafactor and Muon both ways with torch
/// (`scripts/fixtures/optim_extra.py`, `optim_recent.py`): `torch.save({"model", "optimizer"})` after 10 steps resumes a Synapse
/// optimiser made with default options, which then follows torch's next 10 steps; and Synapse's own state after 10
/// steps, written with `save`, holds what torch's holds (torch loads the committed Synapse-written files,
/// `<fixture>_synapse_<n>.pt`, and continues them in the fixture scripts).
@Suite struct MoreOptimizerCheckpointTests {
    struct Case: Decodable, Sendable {
        let name: String, optimizer: String, dtype: String, negate: Bool, steps: [[Double]]
        /// Whether the Linear layers have biases (absent: they do).
        let bias: Bool?
    }

    struct File: Decodable, Sendable { let cases: [Case]; let saved: [Int] }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/optim")
    static let file = read("optim_extra")
    /// Adafactor's and Muon's cases, by `scripts/fixtures/optim_recent.py`, in the same layout.
    static let recent = read("optim_recent")

    static func read(_ name: String) -> File {
        let url = directory.appendingPathComponent("\(name).json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/\(name).py")
        }
        return file
    }

    /// One state dict torch saved after 10 steps: `<fixture>_state_<index>.pt` and its case.
    struct Saved: Sendable, CustomTestStringConvertible {
        let fixture: String, index: Int, testCase: Case
        var testDescription: String { testCase.name }
        func url(_ kind: String) -> URL { directory.appendingPathComponent("\(fixture)_\(kind)_\(index).pt") }
    }

    static let saved = file.saved.map { Saved(fixture: "optim_extra", index: $0, testCase: file.cases[$0]) }
        + recent.saved.map { Saved(fixture: "optim_recent", index: $0, testCase: recent.cases[$0]) }

    /// The optimiser `name` with PyTorch's default options (a state dict brings the real ones).
    static func makeOptimizer(_ name: String, _ parameters: [Parameter]) -> any OptimizerProtocol {
        switch name {
        case "NAdam": NAdam(parameters)
        case "RAdam": RAdam(parameters)
        case "Adamax": Adamax(parameters)
        case "Adadelta": Adadelta(parameters)
        case "Rprop": Rprop(parameters)
        case "ASGD": ASGD(parameters)
        case "Adafactor": Adafactor(parameters)
        case "Muon": Muon(parameters)
        default: LBFGS(parameters)
        }
    }

    /// The fixture's model and data (torch.manual_seed(0)) in the case's dtype.
    static func setUp(_ testCase: Case) -> (Sequential<Module>, Tensor, Tensor) {
        let generator = Generator(seed: 0)
        let bias = testCase.bias ?? true
        let model = Sequential(Linear(4, 8, bias: bias, generator: generator), ReLU(),
                               Linear(8, 1, bias: bias, generator: generator))
        let x = Tensor.randn([16, 4], generator: generator), y = Tensor.randn([16, 1], generator: generator)
        let dtype: DType = testCase.dtype == "float64" ? .float64 : .float32
        return (model.to(dtype), x.to(dtype), y.to(dtype))
    }

    /// Flattened parameters after each of `steps` steps (through the closure, as LBFGS needs).
    static func train(_ optimizer: any OptimizerProtocol, _ model: Sequential<Module>, _ x: Tensor, _ y: Tensor,
                      steps: Int, negate: Bool) -> [[Double]] {
        (0..<steps).map { _ in
            optimizer.step {
                optimizer.zeroGrad(setToNil: true)
                let loss = negate ? -Functional.mseLoss(model(x), y) : Functional.mseLoss(model(x), y)
                loss.backward()
                return loss
            }
            return Tensor.cat(model.parameters().map { $0.detach().reshape([-1]).to(.float64) }).toArray(of: Double.self)
        }
    }

    static func worst(_ got: [[Double]], _ expected: ArraySlice<[Double]>) -> Double {
        zip(got, expected).flatMap { zip($0, $1).map { abs($0 - $1) / max(1, abs($1)) } }.max() ?? .infinity
    }

    @Test(arguments: saved)
    func torchStateResumesInSynapse(_ saved: Saved) throws {
        let testCase = saved.testCase
        let checkpoint = try load(from: saved.url("state"))
        let (model, x, y) = Self.setUp(testCase)
        try model.loadStateDict(checkpoint["model"]!.stateDict())
        let optimizer = Self.makeOptimizer(testCase.optimizer, model.parameters())
        try optimizer.loadStateDict(try checkpoint["optimizer"]!.optimizerStateDict())
        let continued = Self.train(optimizer, model, x, y, steps: 10, negate: testCase.negate)
        let worst = Self.worst(continued, testCase.steps[10...])
        #expect(worst <= (testCase.dtype == "float64" ? 1e-10 : 1e-5), "\(testCase.name): \(worst)")
    }

    /// Synapse's state after 10 steps has the keys, kinds and values of torch's after 10 steps; with
    /// `SYNAPSE_WRITE_FIXTURES=1` it is also written to `<fixture>_synapse_<n>.pt` for the fixture script to check
    /// with torch.
    @Test(arguments: saved)
    func synapseStateHoldsWhatTorchsHolds(_ saved: Saved) throws {
        let testCase = saved.testCase
        let torchCheckpoint = try load(from: saved.url("state"))
        let torchState = try torchCheckpoint["optimizer"]!.optimizerStateDict()
        let (model, x, y) = Self.setUp(testCase)
        let optimizer = Self.makeOptimizer(testCase.optimizer, model.parameters())
        // Torch's options, none of its state: Synapse makes its own in 10 steps.
        try optimizer.loadStateDict(OptimizerStateDict(state: [:], paramGroups: torchState.paramGroups))
        _ = Self.train(optimizer, model, x, y, steps: 10, negate: testCase.negate)

        let url = ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] == "1"
            ? saved.url("synapse")
            : FileManager.default.temporaryDirectory.appendingPathComponent("synapse-optim-\(UUID().uuidString).pt")
        try save(["model": .init(model.stateDict()), "optimizer": .init(optimizer.stateDict())], to: url)
        if !url.path.hasPrefix(Self.directory.path) { try? FileManager.default.removeItem(at: url) }
        let ours = optimizer.stateDict()

        #expect(ours.paramGroups.map { $0.map(\.key) } == torchState.paramGroups.map { $0.map(\.key) })
        #expect(ours.state.keys.sorted() == torchState.state.keys.sorted())
        for (parameter, entries) in torchState.state {
            #expect(Set(entries.keys) == Set(ours.state[parameter]?.keys ?? [:].keys), "\(testCase.name) parameter \(parameter)")
            for (key, tensor) in entries {
                guard let mine = ours.state[parameter]?[key] else { continue }
                let (a, b) = (mine.to(.float64).reshape([-1]).toArray(of: Double.self), tensor.to(.float64).reshape([-1]).toArray(of: Double.self))
                let difference = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                #expect(mine.dtype == tensor.dtype && mine.shape == tensor.shape && difference <= 1e-8, "\(testCase.name) \(key): \(difference)")
            }
        }
        for (parameter, entries) in torchState.otherState {
            #expect(Set(entries.keys) == Set(ours.otherState[parameter]?.keys ?? [:].keys), "\(testCase.name) parameter \(parameter)")
        }
    }

    @Test func lyingOptimizerStatesAreRefused() throws {
        let index = Self.file.saved.last!
        let checkpoint = try load(from: Self.directory.appendingPathComponent("optim_extra_state_\(index).pt"))
        // LBFGS's history must be tensors or None.
        guard case .dict(var root) = checkpoint["optimizer"]!, case .dict(var state)? = root[.string("state")],
              case .dict(var first)? = state[.int(0)] else {
            Issue.record("unexpected checkpoint layout")
            return
        }
        first[.string("old_dirs")] = .list([.string("not a tensor")])
        state[.int(0)] = .dict(first)
        root[.string("state")] = .dict(state)
        #expect(throws: CheckpointError.self) { try CheckpointValue.dict(root).optimizerStateDict() }

        // A line search PyTorch doesn't have.
        var stored = try checkpoint["optimizer"]!.optimizerStateDict()
        let position = stored.paramGroups[0].firstIndex { $0.key == "line_search_fn" }!
        stored.paramGroups[0][position].value = .string("backtracking")
        let optimizer = LBFGS(Self.setUp(Self.file.cases[index]).0.parameters())
        #expect(throws: OptimizerLoadError.option(group: 0, key: "line_search_fn", found: .string("backtracking"))) {
            try optimizer.loadStateDict(stored)
        }
    }
}

/// The new schedules' state dicts both ways with torch: `torch.save({"scheduler", "optimizer"})` after 10 steps
/// resumes Synapse's scheduler and optimiser, which then set torch's rates for steps 11 to 30 exactly; Synapse's own
/// states (written with `SYNAPSE_WRITE_FIXTURES=1` to `schedules_extra_synapse.pt`) are resumed by torch in the
/// fixture script.
@Suite struct MoreSchedulerCheckpointTests {
    struct Case: Decodable, Sendable { let name: String; let optimizer: String; let rates: [[Double]] }
    struct File: Decodable, Sendable { let cases: [Case] }

    static let cases: [Case] = {
        let url = MoreOptimizerCheckpointTests.directory.appendingPathComponent("schedules_extra.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/optim_extra.py")
        }
        return file.cases
    }()

    /// The fixture's optimiser and one of its schedules (those whose state holds phases, momenta or other
    /// schedulers).
    static func make(_ testCase: Case) -> (any OptimizerProtocol, LRScheduler) {
        let optimizer: any OptimizerProtocol
        if testCase.optimizer == "SGD" {
            let sgd = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1, momentum: 0.9)
            sgd.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01, momentum: 0.9)))
            optimizer = sgd
        } else {
            let adam = Adam([Parameter(Tensor.zeros([1]))], lr: 0.1)
            adam.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: Adam.Options(lr: 0.01)))
            optimizer = adam
        }
        let scheduler: LRScheduler = switch testCase.name {
        case "one cycle": OneCycleLR(optimizer, maxLR: 0.5, totalSteps: 30)
        case "one cycle linear three phase":
            OneCycleLR(optimizer, maxLR: [0.3, 0.05], totalSteps: 30, pctStart: 0.25, annealStrategy: .linear,
                       divFactor: 10, finalDivFactor: 100, threePhase: true)
        case "cyclic exp range adam":
            CyclicLR(optimizer, baseLR: 0.001, maxLR: 0.01, stepSizeUp: 5, mode: .expRange, gamma: 0.95,
                     baseMomentum: 0.85, maxMomentum: 0.95)
        case "warm restarts doubling": CosineAnnealingWarmRestarts(optimizer, t0: 3, tMult: 2)
        case "polynomial": PolynomialLR(optimizer, totalIters: 12, power: 2)
        default: ChainedScheduler([StepLR(optimizer, stepSize: 4, gamma: 0.5), PolynomialLR(optimizer, totalIters: 20, power: 0.5)])
        }
        return (optimizer, scheduler)
    }

    static let names = ["one cycle", "one cycle linear three phase", "cyclic exp range adam", "warm restarts doubling",
                        "polynomial", "chained step and polynomial"]

    @Test(arguments: names)
    func torchSchedulerStatesResumeInSynapse(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let saved = try load(from: MoreOptimizerCheckpointTests.directory.appendingPathComponent("schedules_extra_state.pt"))
        let entry = try #require(saved[name])
        let (optimizer, scheduler) = Self.make(testCase)
        try optimizer.loadStateDict(try entry["optimizer"]!.optimizerStateDict())
        let stored = try entry["scheduler"]!.lrSchedulerStateDict()
        try scheduler.loadStateDict(stored)
        #expect(scheduler.stateDict() == stored)
        for epoch in 11...30 {
            scheduler.step()
            #expect(optimizer.learningRates == testCase.rates[epoch], "\(name) epoch \(epoch)")
        }
    }

    @Test func synapseSchedulerStatesRoundTripThroughAFile() throws {
        var states: [String: CheckpointValue] = [:]
        var expected: [String: LRSchedulerStateDict] = [:]
        for name in Self.names {
            let (optimizer, scheduler) = Self.make(try #require(Self.cases.first { $0.name == name }))
            for _ in 0..<10 { scheduler.step() }
            states[name] = ["scheduler": .init(scheduler.stateDict()), "optimizer": .init(optimizer.stateDict())]
            expected[name] = scheduler.stateDict()
        }
        let url = ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] == "1"
            ? MoreOptimizerCheckpointTests.directory.appendingPathComponent("schedules_extra_synapse.pt")
            : FileManager.default.temporaryDirectory.appendingPathComponent("synapse-schedules-\(UUID().uuidString).pt")
        try save(.dict(.init(uniqueKeysWithValues: Self.names.map { (CheckpointKey.string($0), states[$0]!) })), to: url)
        defer { if !url.path.hasPrefix(MoreOptimizerCheckpointTests.directory.path) { try? FileManager.default.removeItem(at: url) } }
        let restored = try load(from: url)
        for name in Self.names {
            #expect(try restored[name]!["scheduler"]!.lrSchedulerStateDict() == expected[name]!, "\(name)")
        }
    }
}
