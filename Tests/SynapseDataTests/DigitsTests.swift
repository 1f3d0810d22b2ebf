import SynapseData
import SynapseTensor
import Testing

/// The shipped digits against what scikit-learn's `load_digits()` returns.
@Suite struct DigitsTests {
    struct Fixture: Decodable {
        let count: Int
        let firstLabels: [Int]
        let classCounts: [Int]
        let images: [String: [[Int]]]
        let pixelSum: Int
    }

    @Test func theShippedDigitsAreScikitLearns() throws {
        let fixture = DataFixtures.decode(Fixture.self, "digits.json")
        let all = try Digits(split: .all)
        #expect(all.count == fixture.count)
        #expect(all.images.shape == [1797, 8, 8] && all.images.dtype == .float32)
        #expect(all.labels.toArray(of: Int64.self).prefix(20).map { Int($0) } == fixture.firstLabels)
        let labels = all.labels.toArray(of: Int64.self)
        #expect((0..<10).map { digit in labels.filter { $0 == digit }.count } == fixture.classCounts)
        for (key, image) in fixture.images {
            #expect(all[Int(key)!][0].toArray(of: Float.self) == image.flatMap { $0.map(Float.init) }, "image \(key)")
        }
        #expect(Int(all.images.toArray(of: Float.self).reduce(0, +)) == fixture.pixelSum)
    }

    @Test func theSplitIsTheFirst1500AndTheLast297() throws {
        let (all, train, test) = (try Digits(split: .all), try Digits(split: .train), try Digits(split: .test))
        #expect(train.count == 1500 && test.count == 297)
        #expect(train[1499][0].toArray(of: Float.self) == all[1499][0].toArray(of: Float.self))
        #expect(test[0][0].toArray(of: Float.self) == all[1500][0].toArray(of: Float.self))
        #expect(test[296][1].item() == all[1796][1].item())
        let loader = DataLoader(train, batchSize: 64, shuffle: true, generator: Generator(seed: 0))
        let first = loader.makeIterator().next()!
        #expect(first[0].shape == [64, 8, 8] && first[1].shape == [64])
    }
}
