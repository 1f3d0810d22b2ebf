import Foundation

/// How a tensor's values spread: counts in equal-width bins between its minimum and maximum (repeated elements of
/// broadcast views counted as often as they appear), for `synapse inspect --histogram` and `--plot`.
public struct TensorHistogram: Codable, Sendable {
    /// The tensor's dotted path.
    public let key: String
    /// The lowest and highest finite values (the bins' range).
    public let lower: Double, upper: Double
    /// Elements per bin, lowest bin first.
    public let counts: [Int]
    /// Elements that are NaN or infinite (not in any bin).
    public let nonFinite: Int

    /// The histograms of every tensor of `value` with at least one finite element, in the checkpoint's order;
    /// tensors whose distinct elements outnumber both their storage's and `overlapElementLimit` are left out.
    public static func all(of value: CheckpointValue, bins: Int = 20,
                           overlapElementLimit: Int = CheckpointSummary.defaultOverlapElementLimit) -> [TensorHistogram] {
        CheckpointPaths.leaves(value).compactMap { key, leaf in
            guard case .tensor(let tensor) = leaf, tensor.numel > 0 else { return nil }
            let storageElements = tensor.storage.byteCount / Swift.max(1, tensor.dtype.itemSize)
            return TensorHistogram(key: key, tensor, bins: bins,
                                   elementLimit: Swift.max(storageElements, overlapElementLimit))
        }
    }

    /// The histogram of `tensor` in `bins` bins, `nil` when it has no finite element or too many distinct ones.
    init?(key: String, _ tensor: Tensor, bins: Int, elementLimit: Int) {
        let (distinct, repeats) = TensorStatistics.distinctElements(of: tensor)
        guard bins > 0, distinct.numel <= elementLimit else { return nil }
        var lower = Double.infinity, upper = -Double.infinity
        TensorStatistics.forEachChunk(of: distinct) { values in
            for value in values where value.isFinite { lower = Swift.min(lower, value); upper = Swift.max(upper, value) }
        }
        guard lower <= upper else { return nil }
        var counts = [Double](repeating: 0, count: bins), nonFinite = 0.0
        let width = (upper - lower) / Double(bins)
        TensorStatistics.forEachChunk(of: distinct) { values in
            for value in values {
                guard value.isFinite else { nonFinite += repeats; continue }
                let bin = width > 0 ? Swift.min(bins - 1, Int((value - lower) / width)) : 0
                counts[bin] += repeats
            }
        }
        self.key = key
        (self.lower, self.upper) = (lower, upper)
        self.counts = counts.map { Int($0) }
        self.nonFinite = Int(nonFinite)
    }

    /// Text bars, one line per bin: `[-0.0412, -0.0371)  ████▌  123`.
    public func bars(width: Int = 40) -> String {
        let largest = Swift.max(1, counts.max() ?? 1)
        let step = (upper - lower) / Double(counts.count)
        var lines = ["\(key.isEmpty ? "(root)" : key)"]
        for (index, count) in counts.enumerated() {
            let start = lower + Double(index) * step, end = index == counts.count - 1 ? upper : start + step
            let eighths = Int((Double(count) / Double(largest) * Double(width * 8)).rounded())
            let bar = String(repeating: "█", count: eighths / 8)
                + (eighths % 8 == 0 ? "" : String(["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]))
            let range = String(format: "[%10.4g, %10.4g%@", start, end, index == counts.count - 1 ? "]" : ")")
            lines.append("  \(range)  \(bar.padding(toLength: width + 1, withPad: " ", startingAt: 0)) \(count)")
        }
        if nonFinite > 0 { lines.append("  \(nonFinite) NaN or infinite") }
        return lines.joined(separator: "\n")
    }

    /// An SVG picture of `histograms`: one row per tensor, its name, range and bars (heights relative to its own
    /// largest bin), for `synapse inspect --plot FILE`.
    public static func svg(_ histograms: [TensorHistogram]) -> String {
        let rowHeight = 60, labelWidth = 360, plotWidth = 400, margin = 10
        let height = margin * 2 + rowHeight * Swift.max(1, histograms.count)
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + plotWidth + margin * 2)\" height=\"\(height)\" font-family=\"monospace\" font-size=\"12\">",
                     "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"]
        for (row, histogram) in histograms.enumerated() {
            let top = margin + row * rowHeight
            parts.append("<text x=\"\(margin)\" y=\"\(top + 20)\">\(escaped(histogram.key.isEmpty ? "(root)" : histogram.key))</text>")
            parts.append("<text x=\"\(margin)\" y=\"\(top + 38)\" fill=\"#666\">\(String(format: "%.4g … %.4g", histogram.lower, histogram.upper))</text>")
            let largest = Double(Swift.max(1, histogram.counts.max() ?? 1))
            let barWidth = Double(plotWidth) / Double(histogram.counts.count)
            for (index, count) in histogram.counts.enumerated() where count > 0 {
                let barHeight = Double(rowHeight - 12) * Double(count) / largest
                parts.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4878d0\"/>",
                                    Double(labelWidth + margin) + Double(index) * barWidth,
                                    Double(top + rowHeight - 6) - barHeight, Swift.max(1, barWidth - 1), barHeight))
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
