import Testing
import SynapseData

/// The worker threads under ThreadSanitizer in CI (`.ci/run` runs every suite named `…ConcurrencyTests`): batches
/// loaded on two threads while the caller consumes them, epochs abandoned half-way (the threads must stop cleanly).
@Suite("DataLoader worker threads")
struct DataLoaderConcurrencyTests {
    @Test("Two workers over several epochs, some abandoned early: every full epoch is complete and in order")
    func workersUnderLoad() {
        let dataset = TensorDataset(Tensor.arange(200).to(.float32).view(100, 2), Tensor.arange(100))
        let loader = DataLoader(dataset, batchSize: 7, shuffle: true, generator: Generator(seed: 5), workers: 2,
                                prefetchFactor: 3)
        for epoch in 0..<6 {
            var seen: [Int64] = []
            for batch in loader {
                seen += batch[1].toArray(of: Int64.self)
                if epoch % 2 == 1 && seen.count > 30 { break }
            }
            if epoch % 2 == 0 { #expect(seen.sorted() == Array(0..<100)) }
        }
    }
}
