import ArgumentParser
import Foundation
import SynapseIO

/// `synapse`: inspect, convert and compare checkpoints (PyTorch `.pt`, legacy `.pt`, safetensors).
@main
struct SynapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse",
        abstract: "Inspect, convert and compare checkpoints (PyTorch .pt, legacy .pt, safetensors).",
        subcommands: [Inspect.self, Convert.self, Diff.self])
}

/// Files larger than this get progress lines on standard error.
private let progressThreshold = 100 * 1024 * 1024

/// Loads `path`, telling standard error when the file is large.
private func loadCheckpoint(_ path: String) throws -> CheckpointValue {
    let url = URL(fileURLWithPath: path)
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    if size > progressThreshold { FileHandle.standardError.write(Data("reading \(path) (\(size / 1_048_576) MB)…\n".utf8)) }
    return try load(from: url)
}

/// Progress lines on standard error for large files, `nil` for small ones.
private func progress(for path: String) -> ((Int, Int, String) -> Void)? {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > progressThreshold else { return nil }
    return { index, count, key in FileHandle.standardError.write(Data("[\(index)/\(count)] \(key)\n".utf8)) }
}

/// `synapse inspect FILE [--json]`
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a checkpoint's tensors: key, dtype, shape, parameters, mean/std/min/max, shared-storage groups.")

    @Argument(help: "The checkpoint (.pt, .pth, .bin, .safetensors, or any torch.save file).")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Skip the statistics of a view whose distinct elements outnumber its storage's and this (only crafted files have such views).")
    var maxElements = CheckpointSummary.defaultOverlapElementLimit

    func run() throws {
        let value = try loadCheckpoint(file)
        let summary = CheckpointSummary(value, progress: progress(for: file), overlapElementLimit: maxElements)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // Statistics of tensors holding NaN or infinities are NaN or infinite: JSON has no such numbers.
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.table())
        }
    }
}

/// `synapse convert IN OUT [--key PATH]`
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between formats; the output's extension chooses (.safetensors, anything else PyTorch zip).")

    @Argument(help: "The checkpoint to read.")
    var input: String

    @Argument(help: "The file to write (atomically).")
    var output: String

    @Option(help: "Write only the value under this key (e.g. 'model' of {'model': …, 'epoch': 3}).")
    var key: String?

    @Option(help: "Refuse to expand views (stride-0 broadcasts) by more than this many elements in total.")
    var maxElements = ExpansionBudget.defaultLimit

    func run() throws {
        var value = try loadCheckpoint(input)
        if let key {
            guard let inner = value[key] else { throw ValidationError("\(input) has no key '\(key)'") }
            value = inner
        }
        try ExpansionBudget.check(value, limit: maxElements)
        try save(value, to: URL(fileURLWithPath: output))
        print("wrote \(output)")
    }
}

/// `synapse diff A B`
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two checkpoints: keys only in one, dtype/shape differences, max |a - b| per tensor. Exits 1 when they differ.")

    @Argument(help: "The first checkpoint.")
    var first: String

    @Argument(help: "The second checkpoint.")
    var second: String

    func run() throws {
        let diff = CheckpointDiff(try loadCheckpoint(first), try loadCheckpoint(second))
        print(diff.report())
        if !diff.isIdentical { throw ExitCode(1) }
    }
}
