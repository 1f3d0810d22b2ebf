import Foundation
import SynapseData
@testable import SynapseDistributed
import SynapseTensor
import Testing

/// `DistributedSampler` against `scripts/fixtures/distributed.py` (torch's `DistributedSampler`); no MPI needed.
struct DistributedSamplerTests {
    struct Case: Decodable {
        let n: Int, num_replicas: Int, rank: Int, seed: Int, epoch: Int, len: Int
        let shuffle: Bool, drop_last: Bool
        let indices: [Int]
    }

    struct Fixture: Decodable { let cases: [Case] }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/distributed/sampler_indices.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let fixture = try? JSONDecoder().decode(Fixture.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python -P scripts/fixtures/distributed.py")
        }
        return fixture
    }()

    @Test func indicesAreTorchs() {
        #expect(Self.fixture.cases.count > 200)
        for c in Self.fixture.cases {
            let sampler = DistributedSampler(n: c.n, numReplicas: c.num_replicas, rank: c.rank, shuffle: c.shuffle,
                                             seed: c.seed, dropLast: c.drop_last)
            sampler.setEpoch(c.epoch)
            #expect(sampler.count == c.len, "\(c)")
            #expect(sampler.indices() == c.indices, "\(c)")
        }
    }

    @Test func ranksCoverTheDataSetOnceWithDropLast() {
        let samplers = (0..<3).map { DistributedSampler(n: 10, numReplicas: 3, rank: $0, seed: 5, dropLast: true) }
        let all = samplers.flatMap { $0.indices() }
        #expect(all.count == 9)
        #expect(Set(all).count == 9)
    }

    @Test func setEpochReshufflesAndResumeReplays() {
        let sampler = DistributedSampler(n: 20, numReplicas: 2, rank: 1)
        let first = sampler.indices()
        sampler.setEpoch(1)
        #expect(sampler.epoch == 1)
        let second = sampler.indices()
        #expect(first != second)
        let epoch = sampler.makeEpoch()
        #expect(Array(sampler.resumeEpoch(from: epoch.state, after: 3)) == Array(second.dropFirst(3)))
    }

    @Test func aDataLoaderReadsTheRanksShardAndSeesSetEpoch() {
        let sampler = DistributedSampler(n: 10, numReplicas: 3, rank: 1, seed: 3)
        let loader = DataLoader(TensorDataset(Tensor.arange(10)), batchSize: 2, sampler: sampler,
                                generator: Generator(seed: 0))
        func epoch() -> [Int] { loader.flatMap { $0[0].toArray(of: Int64.self).map { Int($0) } } }
        #expect(epoch() == sampler.indices())
        sampler.setEpoch(4)
        let fourth = epoch()
        #expect(fourth == sampler.indices())
        #expect(fourth.count == 4)
    }
}
