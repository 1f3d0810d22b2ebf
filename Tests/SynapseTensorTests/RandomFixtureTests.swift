import Foundation
import Testing
@testable import SynapseTensor

/// Every random operation against the bits torch 2.15 produced (`scripts/fixtures/rng.py`).
@Suite struct RandomFixtureTests {
    static let cases = RandomManifest.shared.cases

    @Test func fixturesComeFromAnX86Build() {
        // The float32 normal_ fixtures encode the AVX2/AVX512 kernel's arithmetic.
        #expect(["AVX2", "AVX512"].contains(RandomManifest.shared.capability))
        #expect(Self.cases.count > 500)
    }

    @Test(arguments: cases.map(\.name))
    func matchesTorch(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let results = RandomRunner.run(testCase)
        for (index, (result, step)) in zip(results, testCase.steps).enumerated() {
            let problem = RandomRunner.mismatch(result, step.expected, itemSize: step.item_size)
            #expect(problem == nil, "\(name), step \(index) (\(step.op) \(step.dtype) \(step.shape)): \(problem ?? "")")
        }
        #expect(Generator().manualSeed(testCase.seed).initialSeed == testCase.initial_seed)
    }
}
