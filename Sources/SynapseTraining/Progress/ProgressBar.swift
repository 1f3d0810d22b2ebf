import Foundation
import SynapseTensor

/// The progress of one pass over a data set, as a person watches it: on a terminal a bar redrawn in place with
/// batches done, samples per second, the time left and the running loss; elsewhere (a log file, CI) one plain
/// line when the pass ends.
///
/// ```swift
/// let bar = ProgressBar(total: batches.count, label: "epoch 1/5")
/// for (x, y) in batches {
///     let loss = step(x, y)
///     bar.advance(samples: x.shape[0], loss: loss)
/// }
/// bar.finish()
/// // epoch 1/5 [========================] 469/469  5,210 samples/s  ETA 0:00  loss 0.4123
/// ```
public final class ProgressBar {
    /// What the line starts with (`epoch 1/5`).
    public let label: String
    /// How many batches the pass has.
    public let total: Int
    /// Batches done so far.
    public private(set) var completed = 0
    /// Samples done so far.
    public private(set) var samples = 0
    /// The mean loss over the samples so far (each batch's loss weighted by its size), nil before any loss.
    public var runningLoss: Double? { lossSamples > 0 ? lossSum / Double(lossSamples) : nil }

    private let sink: ProgressSink
    private let clock: () -> Double
    private let width: Int
    private let start: Double
    private var lastDraw: Double = -.infinity
    private var lossSum = 0.0, lossSamples = 0
    private var finished = false
    /// Redraws at most this often on a terminal, so drawing never costs more than training.
    private static let redrawInterval = 0.1

    /// A bar over `total` batches, drawing into `sink` (standard output by default), timed by `clock`.
    public init(total: Int, label: String = "", width: Int = 24, sink: ProgressSink = .standardOutput,
                clock: @escaping () -> Double = monotonicSeconds) {
        check(total >= 0, "a progress bar needs a non-negative total, found \(total)")
        (self.total, self.label, self.width, self.sink, self.clock) = (total, label, width, sink, clock)
        start = clock()
    }

    /// Records one finished batch of `samples` samples and its mean `loss`.
    public func advance(samples batchSamples: Int, loss: Double? = nil) {
        completed += 1
        samples += batchSamples
        if let loss {
            lossSum += loss * Double(batchSamples)
            lossSamples += batchSamples
        }
        guard sink.isTerminal else { return }
        let now = clock()
        if now - lastDraw >= Self.redrawInterval || completed == total {
            lastDraw = now
            sink.write("\r" + line(now: now) + "\u{1B}[K")
        }
    }

    /// Ends the pass: the terminal keeps the final bar and moves to a new line; elsewhere the one plain line.
    public func finish() {
        guard !finished else { return }
        finished = true
        let now = clock()
        sink.write(sink.isTerminal ? "\r" + line(now: now) + "\u{1B}[K\n" : plainLine(now: now) + "\n")
    }

    /// `epoch 1/5 [=======>        ] 120/469  3,412 samples/s  ETA 0:12  loss 0.4123`.
    func line(now: Double) -> String {
        let fraction = total > 0 ? Double(completed) / Double(total) : 1
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "=", count: filled)
            + (filled < width ? ">" + String(repeating: " ", count: width - filled - 1) : "")
        let elapsed = now - start
        let remaining = completed > 0 ? elapsed / Double(completed) * Double(total - completed) : nil
        var parts = [(label.isEmpty ? "" : label + " ") + "[\(bar)] \(completed)/\(total)", rate(elapsed),
                     "ETA " + (remaining.map(Self.duration) ?? "--:--")]
        if let runningLoss { parts.append("loss " + String(format: "%.4f", runningLoss)) }
        return parts.joined(separator: "  ")
    }

    /// `epoch 1/5: 469 batches, 60,000 samples in 11.5 s (5,210 samples/s), loss 0.4123`.
    func plainLine(now: Double) -> String {
        let elapsed = now - start
        var text = (label.isEmpty ? "" : label + ": ") + "\(completed) batches, \(ModelSummary.grouped(samples)) samples in "
            + String(format: "%.1f", elapsed) + " s (" + rate(elapsed) + ")"
        if let runningLoss { text += ", loss " + String(format: "%.4f", runningLoss) }
        return text
    }

    private func rate(_ elapsed: Double) -> String {
        elapsed > 0 ? "\(ModelSummary.grouped(Int((Double(samples) / elapsed).rounded()))) samples/s" : "-- samples/s"
    }

    /// `1:05`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
