import Dispatch
import Foundation
import Testing
import CSynapseKernels
@testable import SynapseTensor

@Suite struct RandomEngineTests {
    @Test func engineIsTheStandardMersenneTwister() {
        // np.random.RandomState(42).randint(0, 2**32, 4, dtype=np.uint64)
        var engine = MT19937(seed: 42)
        #expect((0..<4).map { _ in engine.next() } == [1608637542, 3421126067, 4083286876, 787846414])
        // Only the low 32 bits of the seed shape the stream.
        var wide = MT19937(seed: (1 << 40) + 42)
        var narrow = MT19937(seed: 42)
        #expect(wide.next() == narrow.next())
        #expect(wide.seed == (1 << 40) + 42)
    }

    @Test func next64PutsTheFirstDrawHigh() {
        var a = MT19937(seed: 7), b = MT19937(seed: 7)
        let high = UInt64(b.next()), low = UInt64(b.next())
        #expect(a.next64() == high << 32 | low)
    }

    @Test func bulkFillMatchesSingleDrawsAcrossTwists() {
        var bulk = MT19937(seed: 3), single = MT19937(seed: 3)
        for chunk in [1, 7, 623, 1, 624, 625, 1000, 3, 2000] {
            var words = [UInt32](repeating: 0, count: chunk)
            words.withUnsafeMutableBufferPointer { bulk.fill($0.baseAddress!, count: chunk) }
            #expect(words == (0..<chunk).map { _ in single.next() })
            #expect(bulk == single)
            #expect(bulk.next() == single.next())
        }
    }

    @Test func portableNormalKernelMatchesTheDispatchedOne() {
        // Every 16-block of uniforms, including the extremes, through both builds of the float32 transform.
        var engine = MT19937(seed: 99)
        let blocks = 1 << 14
        var uniforms = (0..<(blocks * 16)).map { _ in Float(engine.next() & 0xFFFFFF) * 0x1p-24 }
        uniforms[0] = 0
        uniforms[8] = 0
        uniforms[1] = Float(0xFFFFFF) * 0x1p-24
        uniforms[9] = Float(0xFFFFFF) * 0x1p-24
        var dispatched = uniforms, portable = uniforms
        synapse_normal_f32_blocks(&dispatched, blocks, 0.25, 1.5)
        synapse_normal_f32_blocks_portable(&portable, blocks, 0.25, 1.5)
        #expect(dispatched.map(\.bitPattern) == portable.map(\.bitPattern))
        #expect(dispatched.allSatisfy { $0.isFinite })
    }
}

@Suite struct RandomGeneratorTests {
    @Test func defaultSeedAndNegativeSeeds() {
        #expect(Generator().initialSeed == 67280421310721)
        #expect(Generator(seed: 5).initialSeed == 5)
        #expect(Generator().manualSeed(-5).initialSeed == UInt64.max - 4)
        #expect(Generator().manualSeed(-5).state == Generator(seed: UInt64.max - 4).state)
    }

    /// Runs in a child process: reseeding the process-wide default generator would disturb other tests that
    /// draw from it in parallel.
    @Test func freeFunctionsSeedTheDefaultGenerator() async {
        await #expect(processExitsWith: .success) {
            precondition(manualSeed(1234) === Generator.default)
            precondition(Generator.default.initialSeed == 1234)
            precondition(manualSeed(UInt64(77)) === Generator.default)
            precondition(Generator.default.initialSeed == 77)
        }
    }

    @Test func stateReplaysTheStreamAndTheNormalCache() {
        let g = Generator(seed: 11)
        _ = Tensor.randn([3], generator: g)          // leaves a cached Box–Muller sample
        let saved = g.state
        let first = Tensor.randn([5], generator: g).toArray(of: Float.self)
        g.setState(saved)
        #expect(Tensor.randn([5], generator: g).toArray(of: Float.self) == first)
        let other = Generator(seed: 0)
        other.setState(saved)
        #expect(Tensor.randn([5], generator: other).toArray(of: Float.self) == first)
    }

    @Test func manualSeedClearsTheNormalCache() {
        let g = Generator(seed: 5)
        _ = Tensor.randn([1], generator: g)         // caches the pair's second sample
        g.manualSeed(5)
        let fresh = Generator(seed: 5)
        #expect(g.state == fresh.state)
        #expect(Tensor.randn([1], generator: g).toArray(of: Float.self)
            == Tensor.randn([1], generator: fresh).toArray(of: Float.self))
    }

    @Test func reseedFromEntropyChangesTheSeed() {
        let g = Generator(seed: 1)
        let seed = g.seed()
        #expect(g.initialSeed == seed)
    }

    @Test func concurrentDrawsNeitherCrashNorLoseDraws() {
        let shared = Generator(seed: 2024)
        let rounds = 200
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for _ in 0..<rounds {
                if worker % 2 == 0 {
                    _ = Tensor.rand([37], generator: shared)          // 37 words
                } else {
                    _ = shared.random64()                             // 2 words
                    _ = shared.random()                               // 1 word
                    _ = Tensor.empty([34]).uniform_(generator: shared) // 34 words
                }
            }
        }
        var reference = MT19937(seed: 2024)
        for _ in 0..<(4 * rounds * 37) { _ = reference.next() }
        #expect(shared.state == Generator.State(engine: reference, nextDoubleNormal: nil))
    }
}

@Suite struct RandomTensorTests {
    @Test func uniformWithEqualBoundsIsConstant() {
        let t = Tensor.empty([20]).uniform_(2.5, 2.5, generator: Generator(seed: 1))
        #expect(t.toArray(of: Float.self).allSatisfy { $0 == 2.5 })
    }

    @Test func valuesStayInRange() {
        let g = Generator(seed: 8)
        let u = Tensor.empty([1000], dtype: .float64).uniform_(-3, 4, generator: g).toArray(of: Double.self)
        #expect(u.allSatisfy { $0 >= -3 && $0 < 4 })
        let r = Tensor.randint(-7, 9, [1000], dtype: .int16, generator: g).toArray(of: Int64.self)
        #expect(r.allSatisfy { $0 >= -7 && $0 < 9 })
        #expect(Set(r).count == 16)
        let p = Tensor.randperm(300, generator: g).toArray(of: Int64.self)
        #expect(p.sorted() == (0..<300).map(Int64.init))
        let b = Tensor.empty([1000], dtype: .bool).bernoulli_(0.25, generator: g).toArray(of: Bool.self)
        #expect((150...350).contains(b.filter { $0 }.count))
    }

    @Test func inPlaceOpsReturnSelfAndBumpTheVersion() {
        let t = Tensor.empty([4, 4])
        let before = t.storage.version
        #expect(t.uniform_(generator: Generator()) === t)
        #expect(t.normal_(generator: Generator()) === t)
        #expect(t.bernoulli_(generator: Generator()) === t)
        #expect(t.random_(generator: Generator()) === t)
        #expect(t.random_(3, generator: Generator()) === t)
        #expect(t.random_(-2, 3, generator: Generator()) === t)
        #expect(t.storage.version >= before + 6)
    }

    @Test func nonContiguousFillLeavesTheGapsAlone() {
        let base = Tensor.zeros([6, 8])
        let strided = Tensor(storage: base.storage, shape: [6, 4], strides: [8, 2], dtype: .float32)
        strided.normal_(mean: 5, std: 1, generator: Generator(seed: 3))
        let values = base.toArray(of: Float.self)
        for (index, value) in values.enumerated() {
            if index % 2 == 1 { #expect(value == 0) } else { #expect(value != 0) }
        }
    }

    @Test func largeNormalSplitsWorkButKeepsTheBits() {
        // Large enough to be split across threads; equal to the same fill done block by block.
        let count = 1 << 17 + 5
        let g = Generator(seed: 21)
        let reference = Generator(seed: 21)
        let big = Tensor.randn([count], generator: g).toArray(of: Float.self)
        var uniforms = [Float](repeating: 0, count: count + 16)
        reference.withLockedCore { core in
            uniforms.withUnsafeMutableBufferPointer {
                synapse_uniform_f32(&core.engine.raw, $0.baseAddress!, count + 16, 0, 1)
            }
        }
        var blocks = Array(uniforms[0..<(count / 16 * 16)])
        synapse_normal_f32_blocks_portable(&blocks, count / 16, 0, 1)
        var tail = Array(uniforms[count..<(count + 16)])
        synapse_normal_f32_blocks_portable(&tail, 1, 0, 1)
        let expected = Array(blocks[0..<(count - 16)]) + tail
        #expect(big.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(g.state == reference.state)
    }
}
