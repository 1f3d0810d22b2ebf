import Foundation
import Testing
import SynapseIO
import SynapseNN

/// Reading and writing take time linear in the number of tensors: 100,000 small tensors (a sharded optimizer state,
/// a per-token table) go through both formats in seconds (the release CLI converts 200,000 in about 2 s).
@Suite struct ManyTensorsTests {
    @Test(arguments: ["many.safetensors", "many.pt"])
    func aHundredThousandTensorsRoundTripInSeconds(_ name: String) throws {
        let url = SafeLoadingTests.temporaryURL(name)
        defer { try? FileManager.default.removeItem(at: url) }
        let count = 100_000
        let state = StateDict((0..<count).map { ("t\($0)", Tensor([Float($0)])) })
        let start = ContinuousClock.now
        try save(state, to: url)
        let loaded = try load(from: url).stateDict()
        let elapsed = ContinuousClock.now - start
        #expect(loaded.count == count)
        #expect(loaded["t99999"]?.toArray(of: Float.self) == [99_999])
        #expect(elapsed < .seconds(60), "\(name): \(elapsed)")
        print("\(count) tensors through \(name): \(elapsed)")
    }
}
