import Foundation
import SynapseTensor
import Testing
import SynapseNN

/// What the design notes promise for threads, exercised the way `.ci/run` runs it under ThreadSanitizer: backward
/// passes on independent graphs at once, inference on one shared model from several threads, and `stateDict()`
/// read while another thread trains. Each scenario also checks its results, so it tests something without TSan.
@Suite struct ConcurrencyTests {
    static let threads = 4

    /// Runs `body(thread)` on `threads` threads at once and waits for all of them.
    static func concurrently(_ body: @escaping @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: threads) { body($0) }
    }

    @Test func backwardPassesOnIndependentGraphsRunAtOnce() {
        let gradients = Locked<[Int: [Float]]>([:])
        Self.concurrently { thread in
            let generator = Generator(seed: UInt64(thread))
            let model = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 1, generator: generator))
            let x = Tensor.rand([16, 4], generator: generator)
            for _ in 0..<50 {
                model.zeroGrad()
                model(x).square().mean().backward()
            }
            gradients.withLock { $0[thread] = model[0, as: Linear.self].weight.grad!.toArray(of: Float.self) }
        }
        // Each thread's gradient is what the same computation gives alone.
        for thread in 0..<Self.threads {
            let generator = Generator(seed: UInt64(thread))
            let model = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 1, generator: generator))
            let x = Tensor.rand([16, 4], generator: generator)
            model(x).square().mean().backward()
            #expect(gradients.withLock { $0[thread] } == model[0, as: Linear.self].weight.grad!.toArray(of: Float.self))
        }
    }

    @Test func inferenceOnASharedModelFromSeveralThreads() {
        nonisolated(unsafe) let model = TransformerEncoder(
            TransformerEncoderLayer(dModel: 16, nhead: 4, dimFeedforward: 32, dropout: 0, batchFirst: true,
                                    generator: Generator(seed: 1)),
            numLayers: 2)
        model.eval()
        nonisolated(unsafe) let x = Tensor.rand([2, 5, 16], generator: Generator(seed: 2))
        let expected = noGrad { model(x) }.toArray(of: Float.self)
        let outputs = Locked<[[Float]]>([])
        Self.concurrently { _ in
            for _ in 0..<20 {
                let output = noGrad { model(x) }.toArray(of: Float.self)
                outputs.withLock { $0.append(output) }
            }
        }
        #expect(outputs.withLock { $0.count } == Self.threads * 20)
        #expect(outputs.withLock { $0.allSatisfy { $0 == expected } })
    }

    @Test func stateDictReadsWhileAnotherThreadTrains() {
        nonisolated(unsafe) let model = Linear(8, 8, generator: Generator(seed: 3))
        nonisolated(unsafe) let x = Tensor.rand([4, 8], generator: Generator(seed: 4))
        let snapshots = Locked(0)
        Self.concurrently { thread in
            if thread == 0 {
                for _ in 0..<200 {
                    model.zeroGrad()
                    model(x).sum().backward()
                    noGrad { for parameter in model.parameters() { parameter.sub_(parameter.grad! * 0.01) } }
                }
            } else {
                for _ in 0..<200 {
                    let state = model.stateDict()
                    #expect(state.keys.count == 2)
                    snapshots.withLock { $0 += 1 }
                }
            }
        }
        #expect(snapshots.withLock { $0 } == (Self.threads - 1) * 200)
    }
}
