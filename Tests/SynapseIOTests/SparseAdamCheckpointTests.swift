import Foundation
import Testing
import SynapseIO

/// SparseAdam's state dict both ways with torch (`scripts/fixtures/optim_recent.py`): `torch.save({"model",
/// "optimizer"})` after 10 steps (`step` a Python int) resumes a Synapse SparseAdam made with default options, which
/// then follows torch's next 10 steps; Synapse's own state after 10 steps (written with `SYNAPSE_WRITE_FIXTURES=1` to
/// `optim_recent_sparse_synapse_<n>.pt`) is resumed by torch in the fixture script.
@Suite struct SparseAdamCheckpointTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String, padding_idx: Int?, weight: [Double], indices: [[[Int64]]], targets: [[Double]], steps: [[Double]]
        var testDescription: String { name }
    }

    struct File: Decodable, Sendable { let sparse_cases: [Case] }

    static let cases: [Case] = {
        let url = MoreOptimizerCheckpointTests.directory.appendingPathComponent("optim_recent.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/optim_recent.py")
        }
        return file.sparse_cases
    }()

    static func url(_ kind: String, _ index: Int) -> URL {
        MoreOptimizerCheckpointTests.directory.appendingPathComponent("optim_recent_sparse_\(kind)_\(index).pt")
    }

    /// The weight after each step in `range`, through a fresh default SparseAdam given `state` (torch's options).
    static func train(_ testCase: Case, _ embedding: Embedding, _ optimizer: SparseAdam, _ range: Range<Int>) -> [[Double]] {
        range.map { step in
            optimizer.zeroGrad()
            let index = Tensor(flat: testCase.indices[step].flatMap { $0 }, shape: [6, 4])
            (embedding(index).sum(dims: [1, 2]) - Tensor(flat: testCase.targets[step], shape: [6])).pow(2).mean().backward()
            optimizer.step()
            return embedding.weight.detach().reshape([-1]).toArray(of: Double.self)
        }
    }

    static func embedding(_ testCase: Case) -> Embedding {
        Embedding.fromPretrained(Tensor(flat: testCase.weight, shape: [10, 3]), freeze: false, paddingIdx: testCase.padding_idx,
                                 sparse: true)
    }

    @Test(arguments: Array(cases.enumerated().map(\.offset)))
    func statesCrossBothWays(_ index: Int) throws {
        let testCase = Self.cases[index]
        let checkpoint = try load(from: Self.url("state", index))
        let torchState = try checkpoint["optimizer"]!.optimizerStateDict()

        // Torch's state resumes in Synapse.
        let resumed = Self.embedding(testCase)
        try resumed.loadStateDict(checkpoint["model"]!.stateDict())
        let optimizer = SparseAdam(resumed.parameters())
        try optimizer.loadStateDict(torchState)
        let continued = Self.train(testCase, resumed, optimizer, 10..<20)
        let worst = zip(continued, testCase.steps[10...]).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(worst <= 1e-10, "\(testCase.name): \(worst)")

        // Synapse's own state after 10 steps holds what torch's holds, and is written for torch to resume.
        let embedding = Self.embedding(testCase)
        let ours = SparseAdam(embedding.parameters())
        try ours.loadStateDict(OptimizerStateDict(state: [:], paramGroups: torchState.paramGroups))
        _ = Self.train(testCase, embedding, ours, 0..<10)
        let state = ours.stateDict()
        #expect(state.paramGroups.map { $0.map(\.key) } == torchState.paramGroups.map { $0.map(\.key) })
        #expect(Set(state.state[0]?.keys ?? [:].keys) == Set(torchState.state[0]?.keys ?? [:].keys))
        guard case .int(let step)? = state.otherState[0]?["step"], case .int(let torchStep)? = torchState.otherState[0]?["step"] else {
            Issue.record("step is not an int")
            return
        }
        #expect(step == torchStep)
        if ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] == "1" {
            try save(["model": .init(embedding.stateDict()), "optimizer": .init(state)], to: Self.url("synapse", index))
        }
    }
}
