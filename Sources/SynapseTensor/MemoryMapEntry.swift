#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `/proc/self/smaps` entry of the mapping that holds an address (Linux): what the kernel says about that
/// memory (`Rss`, `AnonHugePages`, `VmFlags`…). Tests use it to check where a block lives and how much of it is
/// resident, whatever else the process allocates meanwhile.
package struct MemoryMapEntry {
    /// The entry's fields by name (`"Rss"`, `"VmFlags"`), values as written, without the trailing newline.
    package let fields: [String: String]

    /// The entry of the mapping whose range holds `address`, or nil when there is none (or no `/proc`).
    package init?(containing address: UnsafeRawPointer) {
        let target = UInt(bitPattern: address)
        guard let smaps = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(smaps) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        var fields: [String: String]?
        while getline(&line, &capacity, smaps) > 0 {
            var text = String(cString: line!)
            if text.hasSuffix("\n") { text.removeLast() }
            let first = text.prefix { $0 != " " }
            if let dash = first.firstIndex(of: "-"), let low = UInt(first[..<dash], radix: 16),
               let high = UInt(first[first.index(after: dash)...], radix: 16) {
                if fields != nil { break }   // the entry after ours
                if low <= target && target < high { fields = [:] }
            } else if fields != nil, let colon = text.firstIndex(of: ":") {
                fields![String(text[..<colon])] = String(text[text.index(after: colon)...].drop { $0 == " " })
            }
        }
        guard let fields else { return nil }
        self.fields = fields
    }

    /// A size field (`"Rss"`, written `123 kB`) in bytes.
    package func bytes(_ name: String) -> Int? {
        fields[name].flatMap { Int($0.split(separator: " ").first ?? "") }.map { $0 * 1024 }
    }

    /// The mapping's `VmFlags` (`rd`, `wr`, `hg` for `MADV_HUGEPAGE`…).
    package var flags: [Substring] { fields["VmFlags"]?.split(separator: " ") ?? [] }
}
