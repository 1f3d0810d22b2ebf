import Foundation
import Testing
@testable import SynapseIO
import SynapseTensor
#if canImport(Glibc)
import Glibc
#endif

/// A mapped checkpoint truncated underneath its mapping: the reads Synapse makes while loading are checked with
/// `SIGBUS` caught, so they give an error instead of stopping the process.
@Suite struct MappedTruncationTests {
    @Test func aMappedFileThatShrankIsAnErrorNotASignal() throws {
        let url = SafeLoadingTests.temporaryURL("shrinking.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let values = (0..<16_384).map { Float($0) }   // 64 KiB of data: sixteen pages
        try SafeTensors.save(["x": Tensor(flat: values, shape: [16_384])], to: url)
        let mapped = try MappedFile(path: url.path, mapping: true)
        let copied = try MappedFile(path: url.path, mapping: false)
        try mapped.checkReadable()
        #expect(truncate(url.path, 4096) == 0)
        try mapped.checkReadable(0..<4096)   // the first page is still in the file
        #expect {
            try mapped.checkReadable()
        } throws: { error in
            let message = (error as? CheckpointError)?.description ?? ""
            return message.contains("shrank under its memory mapping") && message.contains("can no longer be read")
        }
        try copied.checkReadable()           // a copy doesn't depend on the file
        // The probe leaves the thread as it was: the next probe of a readable range succeeds.
        try mapped.checkReadable(100..<200)
    }

    @Test func probingFromSeveralThreadsAtOnceCatchesEachThreadsOwnFault() async throws {
        let url = SafeLoadingTests.temporaryURL("shrinking-threads.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.save(["x": Tensor.zeros([32_768])], to: url)
        let mapped = try MappedFile(path: url.path, mapping: true)
        #expect(truncate(url.path, 8192) == 0)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let range = index.isMultiple(of: 2) ? 0..<8192 : 0..<mapped.size
                    return (try? mapped.checkReadable(range)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 4)
    }
}
