import Foundation
import Synapse

/// The time and memory of each way of loading the 1 GB checkpoint of ``CheckpointWorkloads`` into its model, one
/// way per process (`synapse-bench --load-memory NAME`), so that each peak is its own: `Benchmarks/load_memory.sh`
/// runs every way on both sides and prints the table.
///
/// The model is built and the file written first, unless an earlier way wrote it (untimed); then the peak-RSS counter is reset
/// (`/proc/self/clear_refs`), the load runs once, and the line reports the resident memory before it (`VmRSS`),
/// its peak during it (`VmHWM`) and after it, in bytes, with the file's size and the load's wall time.
enum LoadMemory {
    /// Every way, by name: `<format>_<copy|assign>[_mmap|_unleased]`. The `_unleased` ways (Synapse only) hold the
    /// file open for writing during the load, so that no read lease can be taken and the copying load reads the
    /// file into memory first.
    static let ways: [(name: String, fileExtension: String, assign: Bool, mmap: Bool, unleased: Bool)] = [
        ("safetensors_copy", "safetensors", false, false, false),
        ("safetensors_copy_unleased", "safetensors", false, false, true),
        ("safetensors_copy_mmap", "safetensors", false, true, false),
        ("safetensors_assign_mmap", "safetensors", true, true, false),
        ("pt_copy", "pt", false, false, false),
        ("pt_copy_unleased", "pt", false, false, true),
        ("pt_copy_mmap", "pt", false, true, false),
        ("pt_assign_mmap", "pt", true, true, false),
    ]

    /// Runs the way called `name` and returns its JSON line, or `nil` for an unknown name.
    static func run(_ name: String) -> String? {
        guard let way = ways.first(where: { $0.name == name }) else { return nil }
        // An assigning load replaces the weights, so its model is built without drawing them (PyTorch's side builds
        // it on the meta device).
        let model = way.assign ? skipInit { CheckpointWorkloads.bigModel() } : CheckpointWorkloads.bigModel()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bench-1g.\(way.fileExtension)")
        if !FileManager.default.fileExists(atPath: url.path) {
            try! (way.assign ? CheckpointWorkloads.bigModel() : model).save(to: url)
        }
        let fileSize = (try! FileManager.default.attributesOfItem(atPath: url.path)[.size] as! NSNumber).intValue
        let writer = way.unleased ? try! FileHandle(forWritingTo: url) : nil
        defer { try? writer?.close() }
        resetPeak()
        let before = residentBytes("VmRSS:")
        let start = DispatchTime.now().uptimeNanoseconds
        try! model.load(from: url, assign: way.assign, mmap: way.mmap)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let peak = residentBytes("VmHWM:"), after = residentBytes("VmRSS:")
        withExtendedLifetime(model) {}
        return JSONLine.object([
            ("name", .string(name)), ("file_bytes", .integer(fileSize)), ("seconds", .number(seconds)),
            ("rss_before", .integer(before)), ("rss_peak", .integer(peak)), ("rss_after", .integer(after)),
        ])
    }

    /// Resets the kernel's peak-RSS counter of this process (`VmHWM`) to the current RSS.
    private static func resetPeak() {
        try! "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// A `kB` field of `/proc/self/status`, in bytes.
    private static func residentBytes(_ field: String) -> Int {
        let status = try! String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) }!
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])! * 1024
    }
}
