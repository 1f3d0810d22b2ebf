import ArgumentParser
import Foundation
import SynapseIO

/// `synapse`: inspect, convert and compare checkpoints (PyTorch `.pt`, legacy `.pt`, safetensors); embed texts and
/// generate text with Hugging Face model directories.
///
/// Exit codes: 0 success (for `diff`: the checkpoints agree), 1 `diff` found differences, 2 a checkpoint or model
/// directory could not be read or written (the message says why), 64 the command line is wrong.
@main
struct SynapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse",
        abstract: "Inspect, convert and compare checkpoints (PyTorch .pt, legacy .pt, safetensors); embed and generate text with Hugging Face model directories.",
        discussion: "Exit codes: 0 success (diff: the checkpoints agree), 1 diff found differences, 2 a checkpoint or model directory could not be read or written, 64 a usage error.",
        subcommands: [Inspect.self, Convert.self, Diff.self, Embed.self, Generate.self])
}

/// Runs `body`, turning an error of type `failure` (a checkpoint or model directory that can't be read or
/// written) into its message on standard error and exit code 2; other errors pass through.
func reporting<Failure: Error>(_ failure: Failure.Type, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as Failure {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// Prints `value` as pretty JSON with sorted keys; NaN and infinities (JSON has none) as strings.
private func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
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

/// `synapse inspect FILE [--json] [--histogram] [--plot FILE.svg]`
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a checkpoint's tensors: key, dtype, shape, parameters, mean/std/min/max, shared-storage groups.")

    @Argument(help: "The checkpoint (.pt, .pth, .bin, .safetensors, or any torch.save file).")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Also print a text histogram of each tensor's values.")
    var histogram = false

    @Option(help: "Bins of the histograms.")
    var bins = 20

    @Option(help: "Write an SVG picture of every tensor's value distribution to this file.")
    var plot: String?

    @Option(help: "Skip the statistics of a view whose distinct elements outnumber its storage's and this (only crafted files have such views).")
    var maxElements = CheckpointSummary.defaultOverlapElementLimit

    func validate() throws {
        guard bins > 0 else { throw ValidationError("--bins must be at least 1, got \(bins)") }
    }

    /// What `--json` prints.
    struct Report: Encodable {
        let summary: CheckpointSummary
        let histograms: [TensorHistogram]?
    }

    func run() throws {
        try reporting(CheckpointError.self) {
            let value = try loadCheckpoint(file)
            let summary = CheckpointSummary(value, progress: progress(for: file), overlapElementLimit: maxElements)
            let histograms = histogram || plot != nil
                ? TensorHistogram.all(of: value, bins: bins, overlapElementLimit: maxElements) : nil
            if let plot, let histograms {
                do {
                    try Data(TensorHistogram.svg(histograms).utf8).write(to: URL(fileURLWithPath: plot), options: .atomic)
                } catch {
                    throw CheckpointError.io(path: plot, reason: "\(error)")
                }
            }
            if json {
                try printJSON(Report(summary: summary, histograms: histogram ? histograms : nil))
                return
            }
            print(summary.table())
            if histogram, let histograms { print("\n" + histograms.map { $0.bars() }.joined(separator: "\n\n")) }
            if let plot { print("wrote \(plot)") }
        }
    }
}

/// `synapse convert IN OUT [--key PATH] [--json]`
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between formats; the output's extension chooses (.safetensors, anything else PyTorch zip).",
        discussion: "A nested checkpoint written as safetensors is flattened: tensors under dotted paths (model.emb.weight, list items 0, 1), other values into __metadata__ as JSON; what has no JSON form (bytes) is dropped and listed.")

    @Argument(help: "The checkpoint to read.")
    var input: String

    @Argument(help: "The file to write (atomically).")
    var output: String

    @Option(help: "Write only the value under this key (e.g. 'model' of {'model': …, 'epoch': 3}).")
    var key: String?

    @Option(help: "Refuse to expand views (stride-0 broadcasts) by more than this many elements in total.")
    var maxElements = ExpansionBudget.defaultLimit

    @Flag(help: "Print what was written as JSON.")
    var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        let output: String
        let tensors: Int
        let metadata: [String]
        let dropped: [String]
    }

    func run() throws {
        try reporting(CheckpointError.self) {
            var value = try loadCheckpoint(input)
            if let key {
                guard let inner = value[key] else { throw ValidationError("\(input) has no key '\(key)'") }
                value = inner
            }
            try ExpansionBudget.check(value, limit: maxElements)
            let url = URL(fileURLWithPath: output)
            var report = Report(output: output, tensors: value.tensorCount, metadata: [], dropped: [])
            if CheckpointFormat.forWriting(url) == .safetensors && !SafeTensorsFlattening.isFlat(value) {
                let flat = SafeTensorsFlattening(value)
                try SafeTensors.save(flat.tensors, to: url, metadata: flat.metadata)
                report = Report(output: output, tensors: flat.tensors.count, metadata: flat.metadata.keys.sorted(),
                                dropped: flat.dropped)
            } else {
                try save(value, to: url)
            }
            if json {
                try printJSON(report)
                return
            }
            print("wrote \(output): \(report.tensors) tensors")
            if !report.metadata.isEmpty { print("non-tensor values in __metadata__: \(report.metadata.joined(separator: ", "))") }
            if !report.dropped.isEmpty { print("dropped (no JSON form): \(report.dropped.joined(separator: ", "))") }
        }
    }
}

/// `synapse diff A B [--atol X] [--rtol Y] [--json]`
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two checkpoints: keys only in one, dtype/shape differences, max |a - b| per tensor. Exits 1 when they differ.")

    @Argument(help: "The first checkpoint.")
    var first: String

    @Argument(help: "The second checkpoint.")
    var second: String

    @Option(help: "Absolute tolerance: tensors agree when |a - b| <= atol + rtol·|b| everywhere (torch.allclose).")
    var atol = 0.0

    @Option(help: "Relative tolerance (see --atol).")
    var rtol = 0.0

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        struct Tensor: Encodable {
            let key: String
            let layout: String?
            let maxAbsDifference: Double?
            let isClose: Bool
        }
        struct Value: Encodable { let key, first, second: String }
        let onlyInFirst, onlyInSecond: [String]
        let tensors: [Tensor]
        let values: [Value]
        let identical: Bool
    }

    func run() throws {
        var identical = true
        try reporting(CheckpointError.self) {
            let diff = CheckpointDiff(try loadCheckpoint(first), try loadCheckpoint(second), atol: atol, rtol: rtol)
            identical = diff.isIdentical
            if json {
                try printJSON(Report(
                    onlyInFirst: diff.onlyInFirst, onlyInSecond: diff.onlyInSecond,
                    tensors: diff.tensors.map { .init(key: $0.key, layout: $0.layout, maxAbsDifference: $0.maxAbsDifference, isClose: $0.isClose) },
                    values: diff.values.map { .init(key: $0.key, first: $0.first, second: $0.second) },
                    identical: diff.isIdentical))
            } else {
                print(diff.report())
            }
        }
        if !identical { throw ExitCode(1) }
    }
}
