import Foundation

extension ModelSummary: CustomStringConvertible {
    /// The table torchinfo prints: one row per module down to ``maxDepth``, then totals and sizes in MB.
    public var description: String {
        let nameWidth = layerNameWidth
        let divider = String(repeating: "=", count: nameWidth + 3 * Self.columnWidth)
        var text = divider + "\n"
        text += Self.row("Layer (type:depth-idx)", ["Output Shape", "Param #", "Trainable"], width: nameWidth)
        text += divider + "\n"
        for row in rows where row.depth <= maxDepth {
            let shape = row.outputShape.map { $0.isEmpty ? "--" : "[" + $0.map(String.init).joined(separator: ", ") + "]" }
            text += Self.row(Self.treePrefix(row.depth) + Self.title(row), [shape ?? "--", parameterText(row), row.trainable],
                             width: nameWidth)
        }
        text += divider + "\n"
        text += "Total params: \(Self.grouped(totalParameters))\n"
        text += "Trainable params: \(Self.grouped(trainableParameters))\n"
        text += "Non-trainable params: \(Self.grouped(totalParameters - trainableParameters))\n"
        text += "Total mult-adds \(Self.readable(totalMultAdds))\n"
        text += divider + "\n"
        text += "Input size (MB): \(Self.megabytes(inputBytes))\n"
        text += "Forward/backward pass size (MB): \(Self.megabytes(forwardBackwardBytes))\n"
        text += "Params size (MB): \(Self.megabytes(parameterBytes))\n"
        text += "Estimated Total Size (MB): \(Self.megabytes(inputBytes + forwardBackwardBytes + parameterBytes))\n"
        return text + divider
    }

    private static let columnWidth = 25

    /// 40 characters, or more for deep trees and long names (rounded up to a multiple of 5).
    private var layerNameWidth: Int {
        let longest = rows.map { Self.title($0).count + $0.depth * 5 + 1 }.max() ?? 0
        return longest >= 40 ? (longest + 4) / 5 * 5 : 40
    }

    private static func title(_ row: Row) -> String {
        row.depth > 0 ? "\(row.typeName): \(row.depth)-\(row.depthIndex)" : row.typeName
    }

    private static func treePrefix(_ depth: Int) -> String {
        switch depth {
        case 0: ""
        case 1: "├─"
        default: String(repeating: "│    ", count: depth - 1) + "└─"
        }
    }

    private static func row(_ name: String, _ values: [String], width: Int) -> String {
        var line = pad(name, width) + " "
        for value in values { line += pad(value, columnWidth) + " " }
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// The Param # column: the count, in parentheses when nothing trains, `(recursive)` for a repeat, and for a
    /// container above the depth limit only the parameters it holds itself.
    private func parameterText(_ row: Row) -> String {
        if row.parameterCount == 0 { return "--" }
        if row.isRecursive { return "(recursive)" }
        if row.depth == maxDepth || row.isLeaf {
            let count = Self.grouped(row.parameterCount)
            return row.trainableParameterCount > 0 ? count : "(\(count))"
        }
        guard let index = rows.firstIndex(where: { $0.depth == row.depth && $0.depthIndex == row.depthIndex }) else { return "--" }
        let leftover = Self.leftover(index, in: rows, \.parameterCount)
        return leftover > 0 ? Self.grouped(leftover) : "--"
    }

    /// `203,530`: Python's `f"{n:,}"`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// `(M): 0.42`, `(G): 1.20`: torchinfo's automatic units, whole numbers without decimals.
    private static func readable(_ value: Int) -> String {
        let (unit, scaled) = value >= 1_000_000_000_000 ? ("T", Double(value) / 1e12)
            : value >= 1_000_000_000 ? ("G", Double(value) / 1e9) : ("M", Double(value) / 1e6)
        if scaled == scaled.rounded() { return "(\(unit)): \(grouped(Int(scaled)))" }
        let fixed = String(format: "%.2f", scaled)
        let parts = fixed.split(separator: ".")
        return "(\(unit)): \(grouped(Int(parts[0])!)).\(parts[1])"
    }

    private static func megabytes(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1e6) }
}
