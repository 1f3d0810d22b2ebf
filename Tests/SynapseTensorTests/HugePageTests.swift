import Testing
@testable import SynapseTensor
#if canImport(Glibc)
import Glibc
#endif

/// Blocks of 2 MiB and more are aligned to a huge page and advised `MADV_HUGEPAGE`; smaller ones are not.
@Suite struct HugePageTests {
    /// Whether this kernel gives transparent huge pages on request.
    static var kernelAdvisesHugePages: Bool {
        guard let file = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return false }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, 128, file) != nil else { return false }
        return !String(cString: buffer).contains("[never]")
    }

    @Test func aLargeStorageStartsOnAHugePageAndIsAdvisedSo() throws {
        let storage = Storage.allocate(byteCount: 6 << 20)
        // (Unless the run turned them off with SYNAPSE_HUGE_PAGES=0.)
        #expect((Int(bitPattern: storage.bytes) % HugePages.size == 0) == HugePages.enabled)
        let entry = try #require(MemoryMapEntry(containing: storage.bytes))
        #expect(entry.flags.contains("hg") == (Self.kernelAdvisesHugePages && HugePages.enabled))
        // The memory is ordinary memory: written and read back.
        let floats = storage.bytes.bindMemory(to: Float.self, capacity: (6 << 20) / 4)
        for index in stride(from: 0, to: (6 << 20) / 4, by: 1000) { floats[index] = Float(index) }
        #expect(floats[123_000] == 123_000)
    }

    @Test func adviceCoversTheWholeHugePagesOfARegion() throws {
        let byteCount = 7 << 20
        let region = try #require(mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(region != MAP_FAILED)
        defer { munmap(region, byteCount) }
        HugePages.advise(region, byteCount: byteCount)
        let firstWhole = (Int(bitPattern: region) + HugePages.size - 1) / HugePages.size * HugePages.size
        let inside = try #require(UnsafeRawPointer(bitPattern: firstWhole))
        #expect(MemoryMapEntry(containing: inside)?.flags.contains("hg") == (Self.kernelAdvisesHugePages && HugePages.enabled))
        // The first bytes, before the first whole huge page (the kernel split the mapping there), are not advised.
        if firstWhole > Int(bitPattern: region) {
            #expect(MemoryMapEntry(containing: region)?.flags.contains("hg") == false)
        }
    }

    @Test func aSmallStorageIsLeftToMalloc() {
        #expect(HugePages.allocate(HugePages.size - 1) == nil)
        let storage = Storage.allocate(byteCount: 1 << 20)
        #expect(Int(bitPattern: storage.bytes) % 64 == 0)
    }

    @Test func onlyZeroTurnsHugePagesOff() {
        #expect(HugePages.isEnabled(environmentValue: nil))
        #expect(HugePages.isEnabled(environmentValue: "1"))
        #expect(!HugePages.isEnabled(environmentValue: "0"))
    }
}
