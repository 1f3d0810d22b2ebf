import Foundation
import Testing
import SynapseIO

/// State dicts of NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD and LBFGS both ways with torch
/// (`scripts/fixtures/optim_extra.py`): `torch.save({"model", "optimizer"})` after 10 steps resumes a Synapse
/// optimiser made with default options, which then follows torch's next 10 steps; and Synapse's own state after 10
/// steps, written with `save`, holds what torch's holds (torch loads the committed Synapse-written files and continues
/// them in the fixture script).
@Suite struct MoreOptimizerCheckpointTests {
    struct Case: Decodable, Sendable {
        let name: String, optimizer: String, dtype: String, negate: Bool, steps: [[Double]]
    }

    struct File: Decodable, Sendable { let cases: [Case]; let saved: [Int] }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/optim")
    static let file: File = {
        let url = directory.appendingPathComponent("optim_extra.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/optim_extra.py")
        }
        return file
    }()

    /// The optimiser `name` with PyTorch's default options (a state dict brings the real ones).
    static func makeOptimizer(_ name: String, _ parameters: [Parameter]) -> any OptimizerProtocol {
        switch name {
        case "NAdam": NAdam(parameters)
        case "RAdam": RAdam(parameters)
        case "Adamax": Adamax(parameters)
        case "Adadelta": Adadelta(parameters)
        case "Rprop": Rprop(parameters)
        case "ASGD": ASGD(parameters)
        default: LBFGS(parameters)
        }
    }

    /// The fixture's model and data (torch.manual_seed(0)) in the case's dtype.
    static func setUp(_ testCase: Case) -> (Sequential<Module>, Tensor, Tensor) {
        let generator = Generator(seed: 0)
        let model = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 1, generator: generator))
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

    @Test(arguments: file.saved)
    func torchStateResumesInSynapse(_ index: Int) throws {
        let testCase = Self.file.cases[index]
        let checkpoint = try load(from: Self.directory.appendingPathComponent("optim_extra_state_\(index).pt"))
        let (model, x, y) = Self.setUp(testCase)
        try model.loadStateDict(checkpoint["model"]!.stateDict())
        let optimizer = Self.makeOptimizer(testCase.optimizer, model.parameters())
        try optimizer.loadStateDict(try checkpoint["optimizer"]!.optimizerStateDict())
        let continued = Self.train(optimizer, model, x, y, steps: 10, negate: testCase.negate)
        let worst = Self.worst(continued, testCase.steps[10...])
        #expect(worst <= (testCase.dtype == "float64" ? 1e-10 : 1e-5), "\(testCase.name): \(worst)")
    }

    /// Synapse's state after 10 steps has the keys, kinds and values of torch's after 10 steps; with
    /// `SYNAPSE_WRITE_FIXTURES=1` it is also written to `optim_extra_synapse_<n>.pt` for the fixture script to check
    /// with torch.
    @Test(arguments: file.saved)
    func synapseStateHoldsWhatTorchsHolds(_ index: Int) throws {
        let testCase = Self.file.cases[index]
        let torchCheckpoint = try load(from: Self.directory.appendingPathComponent("optim_extra_state_\(index).pt"))
        let torchState = try torchCheckpoint["optimizer"]!.optimizerStateDict()
        let (model, x, y) = Self.setUp(testCase)
        let optimizer = Self.makeOptimizer(testCase.optimizer, model.parameters())
        // Torch's options, none of its state: Synapse makes its own in 10 steps.
        try optimizer.loadStateDict(OptimizerStateDict(state: [:], paramGroups: torchState.paramGroups))
        _ = Self.train(optimizer, model, x, y, steps: 10, negate: testCase.negate)

        let url = ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] == "1"
            ? Self.directory.appendingPathComponent("optim_extra_synapse_\(index).pt")
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
