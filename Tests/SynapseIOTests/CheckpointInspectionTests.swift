import Foundation
import Testing
import SynapseIO

/// What `synapse inspect` and `synapse diff` report, on files torch wrote.
@Suite struct CheckpointInspectionTests {
    static func fixture(_ name: String) throws -> CheckpointValue {
        try load(from: TorchFixtures.directory.appendingPathComponent(name))
    }

    /// `[mean, std, min, max]` per tensor, computed by torch in float64 (`scripts/fixtures/torch_checkpoints.py`).
    nonisolated(unsafe) static let torchStatistics = CheckpointDescription.json(TorchFixtures.directory.appendingPathComponent("stats.json"))

    @Test(arguments: ["x-file", "tied_model.pt", "mlp.params"])
    func statisticsAreTorchs(_ name: String) throws {
        let expected = try #require(Self.torchStatistics[name] as? [String: [String]])
        let summary = try CheckpointSummary(Self.fixture(name))
        #expect(Set(summary.tensors.map(\.key)) == Set(expected.keys))
        for entry in summary.tensors {
            let want = try #require(expected[entry.key]).map { Double($0)! }
            let got = [entry.mean!, entry.std!, entry.min!, entry.max!]
            #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }, "\(name) \(entry.key): \(got) vs \(want)")
        }
    }

    @Test func summaryListsTensorsWithSharingAndValues() throws {
        let x = try CheckpointSummary(Self.fixture("x-file"))
        #expect(x.tensors.count == 1)
        let entry = x.tensors[0]
        #expect(entry.key == "" && entry.dtype == "int64" && entry.shape == [4] && entry.numel == 4)

        let tied = try CheckpointSummary(Self.fixture("tied_model.pt"))
        let groups = Dictionary(uniqueKeysWithValues: tied.tensors.map { ($0.key, $0.sharedGroup) })
        #expect(groups["enc.weight"]! != nil && groups["enc.weight"] == groups["dec.weight"])
        #expect(groups["enc.bias"]! == nil && groups["dec.bias"]! == nil)

        let nested = try CheckpointSummary(Self.fixture("nested.pt"))
        #expect(nested.values["epoch"] == "3" && nested.values["name"] == "'run-1 ✓'" && nested.values["flags.2"] == "None")
        #expect(nested.values["optimizer.param_groups.0.betas.1"] == "0.999")
        #expect(nested.tensors.map(\.key).contains("optimizer.state.0.exp_avg"))
        #expect(nested.table().contains("19 tensors, 45 elements"))
    }

    @Test func diffReportsKeysLayoutsAndValues() throws {
        let mlp = try Self.fixture("mlp.params")
        #expect(CheckpointDiff(mlp, mlp).isIdentical)

        var changed = try mlp.stateDict()
        changed["0.bias"] = -changed["0.bias"]!   // |a - (-a)| = 2|a|, exact in float64
        changed["2.weight"] = changed["2.weight"]!.to(.float64)
        changed["0.weight"] = nil
        changed["extra"] = Tensor([1.0])
        let diff = CheckpointDiff(mlp, CheckpointValue(changed))
        #expect(!diff.isIdentical)
        #expect(diff.onlyInFirst == ["0.weight"] && diff.onlyInSecond == ["extra"])
        let byKey = Dictionary(uniqueKeysWithValues: diff.tensors.map { ($0.key, $0) })
        let largest = try mlp.stateDict()["0.bias"]!.toArray(of: Double.self).map(abs).max()!
        #expect(byKey["0.bias"]?.maxAbsDifference == 2 * largest)
        #expect(byKey["2.weight"]?.layout == "float32 [2, 8] vs float64 [2, 8]")
        #expect(byKey["2.bias"]?.maxAbsDifference == 0)
        #expect(diff.report().contains("values differ:  0.bias: max |a - b| = \(2 * largest)"))

        let values = CheckpointDiff(["epoch": 3, "lr": 0.1], ["epoch": 4, "lr": 0.1])
        #expect(values.values.map(\.key) == ["epoch"] && !values.isIdentical)
    }
}
