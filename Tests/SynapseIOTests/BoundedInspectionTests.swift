import Foundation
import Testing
@testable import SynapseIO
import SynapseTensor

/// Inspecting and converting never materialise what a view merely claims: statistics fold stride-0 dimensions
/// and read the rest in chunks; conversion refuses views that would expand beyond a budget.
@Suite struct BoundedInspectionTests {
    @Test func aBroadcastOfTwoBillionElementsIsSummarisedFromItsOneValue() throws {
        let view = Tensor([2.5]).expand([1 << 31])
        let start = ContinuousClock.now
        let summary = CheckpointSummary(.tensor(view))
        #expect(ContinuousClock.now - start < .seconds(2))
        let entry = try #require(summary.tensors.first)
        #expect(entry.numel == 1 << 31 && entry.mean == 2.5 && entry.min == 2.5 && entry.max == 2.5 && entry.std == 0)
    }

    @Test func repeatedValuesCountTowardsTheStandardDeviation() throws {
        // [1, 3] repeated 4 times along a broadcast dimension: torch.std of the 8 values.
        let view = Tensor([[1.0, 3.0]]).expand([4, 2])
        let entry = try #require(CheckpointSummary(.tensor(view)).tensors.first)
        let values = [1.0, 3, 1, 3, 1, 3, 1, 3]
        let expected = (values.map { ($0 - 2) * ($0 - 2) }.reduce(0, +) / 7).squareRoot()
        #expect(abs(entry.std! - expected) < 1e-12 && entry.mean == 2)
    }

    @Test func chunkedStatisticsEqualTheDirectOnes() throws {
        let tensor = Tensor.randn([3, 1_100_000], generator: Generator(seed: 3))
        let entry = try #require(CheckpointSummary(.tensor(tensor)).tensors.first)
        let values = tensor.to(.float64).toArray(of: Double.self)
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        #expect(abs(entry.mean! - mean) < 1e-12 && abs(entry.std! - std) < 1e-12)
        #expect(entry.min == values.min() && entry.max == values.max())
    }

    @Test func aSelfOverlappingViewBeyondTheLimitGetsNoStatistics() throws {
        let storage = Tensor.rand([1 << 16])
        let overlapping = Tensor(storage: storage.storage, shape: [1 << 15, 1 << 15], strides: [1, 1], dtype: .float32)
        let entry = try #require(CheckpointSummary(.tensor(overlapping), overlapElementLimit: 1_000).tensors.first)
        #expect(entry.numel == 1 << 30 && entry.mean == nil && entry.std == nil)
    }

    @Test func convertingRefusesViewsThatExpandBeyondTheBudget() throws {
        let bomb = CheckpointValue.dict(["a": .tensor(Tensor([1.0]).expand([1 << 29]))])
        #expect {
            try ExpansionBudget.check(bomb)
        } throws: { error in
            (error as? CheckpointError)?.description.contains("--max-elements") == true
        }
        #expect(throws: Never.self) { try ExpansionBudget.check(bomb, limit: 1 << 30) }
        #expect(throws: Never.self) { try ExpansionBudget.check(.tensor(Tensor.rand([1000]))) }
    }
}
