import Testing
@testable import SynapseTensor
#if canImport(Glibc)
import Glibc
#endif

/// Blocks of 2 MiB and more are aligned to a huge page and advised `MADV_HUGEPAGE`; smaller ones are not.
@Suite struct HugePageTests {
    /// The `VmFlags` of the `/proc/self/smaps` entry whose range holds `address`.
    static func mappingFlags(at address: UnsafeRawPointer) -> [Substring]? {
        let target = UInt(bitPattern: address)
        guard let smaps = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(smaps) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        var inMapping = false
        while getline(&line, &capacity, smaps) > 0 {
            let text = String(cString: line!)
            let fields = text.split(separator: " ")
            if let range = fields.first, let dash = range.firstIndex(of: "-"),
               let low = UInt(range[..<dash], radix: 16), let high = UInt(range[range.index(after: dash)...], radix: 16) {
                inMapping = low <= target && target < high
            } else if inMapping, text.hasPrefix("VmFlags:") {
                return fields.dropFirst().map { $0.trimmingSuffix("\n") }
            }
        }
        return nil
    }

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
        let flags = try #require(Self.mappingFlags(at: storage.bytes))
        #expect(flags.contains("hg") == (Self.kernelAdvisesHugePages && HugePages.enabled))
        // The memory is ordinary memory: written and read back.
        let floats = storage.bytes.bindMemory(to: Float.self, capacity: (6 << 20) / 4)
        for index in stride(from: 0, to: (6 << 20) / 4, by: 1000) { floats[index] = Float(index) }
        #expect(floats[123_000] == 123_000)
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

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
