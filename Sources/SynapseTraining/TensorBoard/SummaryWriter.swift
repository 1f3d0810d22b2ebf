import Foundation
import SynapseNN

/// Writes TensorBoard event files, as PyTorch's `torch.utils.tensorboard.SummaryWriter` does: the same records,
/// checksums and messages, so `tensorboard --logdir runs` shows Synapse's runs next to PyTorch's.
///
/// ```swift
/// let writer = try SummaryWriter(logDir: "runs/mlp")
/// try writer.addScalar("loss/train", loss, globalStep: epoch)
/// try writer.addHistogram("0.weight", net[0].weight, globalStep: epoch)
/// try writer.addText("notes", "lr 0.1, batch 64")
/// try writer.close()
/// ```
public final class SummaryWriter {
    /// The directory the event file is in.
    public let logDir: String
    /// The event file: `events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>`, PyTorch's name.
    public let path: String
    private let handle: FileHandle
    private let clock: () -> Double
    private var isClosed = false

    /// Creates `logDir` (PyTorch's default, `runs/<Mon DD_HH-MM-SS>_<host><comment>`, when nil) and a new
    /// event file in it, whose first record is the file version `brain.Event:2`.
    ///
    /// - Parameters:
    ///   - logDir: the run's folder, created with its parents if missing.
    ///   - comment: appended to the default folder's name (ignored when `logDir` is given), as in PyTorch.
    ///   - filenameSuffix: appended to the event file's name.
    ///   - clock: seconds since 1970, read for each event without an explicit wall time (tests pass a fixed
    ///     clock to get the same bytes on every run).
    public init(logDir: String? = nil, comment: String = "", filenameSuffix: String = "",
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) throws {
        let host = Self.hostName
        let now = clock()
        let directory = logDir ?? Self.defaultLogDir(now: now, host: host, comment: comment)
        let uid = Self.nextUID.withLock { uid in
            defer { uid += 1 }
            return uid
        }
        let name = "events.out.tfevents." + Self.zeroPadded(Int(now), width: 10)
            + ".\(host).\(ProcessInfo.processInfo.processIdentifier).\(uid)\(filenameSuffix)"
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw EventFileError.io(path: path, reason: "could not create the event file")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch let error as EventFileError {
            throw error
        } catch {
            throw EventFileError.io(path: path, reason: error.localizedDescription)
        }
        (self.logDir, self.path, self.clock) = (directory, path, clock)
        try write(TensorBoardEvent(wallTime: now, fileVersion: "brain.Event:2"))
    }

    deinit { try? close() }

    /// Records `value` under `tag` (PyTorch's `add_scalar`; stored as a 32-bit `simple_value`).
    public func addScalar(_ tag: String, _ value: Double, globalStep: Int? = nil, wallTime: Double? = nil) throws {
        try add(SummaryValue(tag: tag, content: .scalar(Float(value))), globalStep: globalStep, wallTime: wallTime)
    }

    /// Records the histogram of `values` under `tag` with PyTorch's default buckets (`add_histogram`).
    ///
    /// - Throws: ``HistogramError`` when `values` is empty or not finite, as PyTorch raises `ValueError`.
    public func addHistogram(_ tag: String, _ values: Tensor, globalStep: Int? = nil, wallTime: Double? = nil) throws {
        let histogram = try HistogramSummary(values: values.detach().toArray(of: Double.self))
        try add(SummaryValue(tag: tag, content: .histogram(histogram)), globalStep: globalStep, wallTime: wallTime)
    }

    /// Records `text` (Markdown) for TensorBoard's text plugin under `tag + "/text_summary"`, as `add_text` does.
    public func addText(_ tag: String, _ text: String, globalStep: Int? = nil, wallTime: Double? = nil) throws {
        try add(SummaryValue(tag: tag + "/text_summary", content: .text(text)), globalStep: globalStep,
                wallTime: wallTime)
    }

    /// Records the histogram of every parameter of `module` under its key, and of its gradient under
    /// `<key>.grad` where there is one: the usual way to watch a network learn.
    public func addHistograms(of module: Module, globalStep: Int? = nil, wallTime: Double? = nil) throws {
        for (name, parameter) in module.namedParameters() {
            try addHistogram(name, parameter, globalStep: globalStep, wallTime: wallTime)
            if let grad = parameter.grad { try addHistogram(name + ".grad", grad, globalStep: globalStep, wallTime: wallTime) }
        }
    }

    /// Forces what was written to disk.
    public func flush() throws {
        guard !isClosed else { return }
        do { try handle.synchronize() } catch { throw EventFileError.io(path: path, reason: error.localizedDescription) }
    }

    /// Flushes and closes the file; later writes throw.
    public func close() throws {
        guard !isClosed else { return }
        try flush()
        isClosed = true
        do { try handle.close() } catch { throw EventFileError.io(path: path, reason: error.localizedDescription) }
    }

    private func add(_ value: SummaryValue, globalStep: Int?, wallTime: Double?) throws {
        try write(TensorBoardEvent(wallTime: wallTime ?? clock(), step: Int64(globalStep ?? 0), values: [value]))
    }

    private func write(_ event: TensorBoardEvent) throws {
        guard !isClosed else { throw EventFileError.io(path: path, reason: "the SummaryWriter is closed") }
        do {
            try handle.write(contentsOf: TFRecord.frame(event.encoded()))
        } catch {
            throw EventFileError.io(path: path, reason: error.localizedDescription)
        }
    }

    /// Numbers the writers of this process, as TensorBoard's `_global_uid` does, so two files never share a name.
    private static let nextUID = Locked(0)

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `runs/Dec04_10-35-02_host`: PyTorch's `datetime.now().strftime("%b%d_%H-%M-%S")` and host name.
    private static func defaultLogDir(now: Double, host: String, comment: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMMdd_HH-mm-ss"
        return "runs/" + formatter.string(from: Date(timeIntervalSince1970: now)) + "_" + host + comment
    }
}
