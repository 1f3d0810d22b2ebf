import Foundation
import Testing
@testable import SynapseIO
import SynapseNN
import SynapseTensor
#if canImport(Glibc)
import Glibc
#endif

/// A copying `Module.load(from:)` maps its file under a read lease, so that it holds one tensor at a time instead of
/// a second copy of the model while no other process can truncate or rewrite the file; without a lease it reads the
/// file into memory. (The suite starts a thread: a writer waiting for the lease.)
@Suite struct CopyingLoadLeaseConcurrencyTests {
    static func savedModel(_ name: String, seed: UInt64) throws -> (url: URL, source: Module) {
        let url = SafeLoadingTests.temporaryURL(name)
        let g = Generator(seed: seed)
        let source = Sequential(Linear(512, 256, generator: g), Linear(256, 64, generator: g))
        try source.save(to: url)
        return (url, source)
    }

    static func model(seed: UInt64) -> Module {
        let g = Generator(seed: seed)
        return Sequential(Linear(512, 256, generator: g), Linear(256, 64, generator: g))
    }

    @Test func aFileThisProcessOwnsIsMappedUnderALease() throws {
        let (url, _) = try Self.savedModel("leased.safetensors", seed: 1)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try MappedFile(path: url.path, leasing: true)
        #expect(file.isMapped && file.isLeased)
        // While the lease lives, a writer that won't wait is told so instead of getting the file.
        let writer = open(url.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        #expect(writer < 0 && errno == EWOULDBLOCK)
        if writer >= 0 { close(writer) }
        file.endLease()
        #expect(!file.isLeased)
        let later = open(url.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        #expect(later >= 0)
        close(later)
    }

    @Test func aFileOpenForWritingIsReadIntoMemoryUnlessAMappingIsAskedFor() throws {
        let (url, source) = try Self.savedModel("unleasable.safetensors", seed: 2)
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = open(url.path, O_WRONLY | O_CLOEXEC)
        #expect(writer >= 0)
        defer { close(writer) }
        let read = try MappedFile(path: url.path, leasing: true)
        #expect(!read.isMapped && !read.isLeased)
        let mapped = try MappedFile(path: url.path, mapping: true, leasing: true)
        #expect(mapped.isMapped && !mapped.isLeased)
        // Either way the load gives the saved values.
        for mmap in [false, true] {
            let model = Self.model(seed: 20)
            try model.load(from: url, mmap: mmap)
            for (key, value) in source.stateDict() {
                #expect(model.stateDict()[key]!.toArray(of: Float.self) == value.toArray(of: Float.self))
            }
        }
    }

    /// Synchronous on purpose: an `await` could resume only after the busy test pool frees a thread, and a lease a
    /// writer waits on is broken by the kernel after `/proc/sys/fs/lease-break-time` seconds (45 by default).
    @Test func aWriterTruncatingTheFileWaitsUntilTheLoadIsDone() throws {
        let (url, _) = try Self.savedModel("waiting-writer.safetensors", seed: 3)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try CopySource(url, mappingWithoutLease: false)
        #expect(source.file.isLeased)
        let truncated = Locked(false)
        let path = url.path
        let writer = Thread {
            _ = truncate(path, 0)
            truncated.withLock { $0 = true }
        }
        writer.start()
        usleep(300_000)
        // The writer waits for the lease: every page is still in the file and the probe reads them all.
        #expect(!truncated.withLock { $0 })
        try source.file.checkReadable()
        let model = Self.model(seed: 30)
        try model.loadStateDict(source.stateDict, strict: true, assign: false, afterCopying: source.release)
        source.end()
        for _ in 0..<500 where !truncated.withLock({ $0 }) { usleep(10_000) }
        #expect(truncated.withLock { $0 })
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_size == 0)
    }

    @Test func aLeasedLoadHandsTheMappedPagesBack() throws {
        let (url, saved) = try Self.savedModel("leased-pages.pt", seed: 4)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try CopySource(url, mappingWithoutLease: false)
        defer { source.end() }
        let model = Self.model(seed: 40)
        try model.loadStateDict(source.stateDict, strict: true, assign: false, afterCopying: source.release)
        // 640 KiB of weights were read through the mapping; at most a few partial pages at tensor edges stay.
        #expect(try LowMemoryLoadingTests.residentBytes(ofMappingAt: UnsafeRawPointer(source.file.bytes!)) <= 8 * 4096)
        for (key, value) in saved.stateDict() {
            #expect(model.stateDict()[key]!.toArray(of: Float.self) == value.toArray(of: Float.self))
        }
    }
}
