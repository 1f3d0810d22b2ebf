import Foundation
import Testing
import SynapseNN
import SynapseTour

/// What PyTorch printed for the tour's steps (`scripts/fixtures/seeds.py`, seed 42).
enum TourFixture {
    struct File: Decodable {
        let torch: String
        let seed: Int
        let cases: [String: String]
    }

    static let directory = FixtureFile.directory.appendingPathComponent("seeds")
    static let file = FixtureFile.decode(File.self, "seeds/seeds.json", generator: "seeds.py")
}

extension DefaultGeneratorSuite {
    /// The tour (every snippet of the articles, saving in both formats, training) prints what its PyTorch twin
    /// printed: step by step, then the whole text line by line.
    @Suite struct TourTests {
        @Test(arguments: Tour.steps.map(\.name))
        func stepPrintsWhatTorchPrints(_ name: String) throws {
            let step = try #require(Tour.steps.first { $0.name == name })
            let expected = try #require(TourFixture.file.cases[name], "no PyTorch twin for \(name)")
            #expect(try step.run(seed: TourFixture.file.seed) == expected)
        }

        @Test func everyTwinStepIsInTheTour() {
            #expect(Set(Tour.steps.map(\.name)) == Set(TourFixture.file.cases.keys))
        }

        @Test func wholeTourEqualsThePythonOutputLineByLine() throws {
            let expected = try String(contentsOf: TourFixture.directory.appendingPathComponent("tour.txt"), encoding: .utf8)
            let got = try Tour.run(seed: TourFixture.file.seed)
            let (gotLines, expectedLines) = (got.split(separator: "\n", omittingEmptySubsequences: false),
                                             expected.split(separator: "\n", omittingEmptySubsequences: false))
            for (number, (line, want)) in zip(gotLines, expectedLines).enumerated() where line != want {
                Issue.record("line \(number + 1): \(line)\n  PyTorch: \(want)")
                return
            }
            #expect(gotLines.count == expectedLines.count)
        }
    }
}
