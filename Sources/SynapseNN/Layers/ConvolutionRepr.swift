/// PyTorch's `_ConvNd.extra_repr`, shared by the convolution layers: channels, kernel and stride always, then
/// padding, dilation, output padding, groups and a missing bias only when they differ from the defaults.
enum ConvolutionRepr {
    /// One spatial setting as PyTorch prints it: `(3,)` for one dimension, `(3, 3)` for two.
    static func tuple(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }

    /// The whole extra-repr line. `padding` is `nil` for zero padding, or the text after `padding=`.
    static func describe(
        inChannels: Int, outChannels: Int, kernel: [Int], stride: [Int], padding: String?, dilation: [Int],
        outputPadding: [Int]? = nil, groups: Int, hasBias: Bool
    ) -> String {
        var text = "\(inChannels), \(outChannels), kernel_size=\(tuple(kernel)), stride=\(tuple(stride))"
        if let padding { text += ", padding=\(padding)" }
        if dilation.contains(where: { $0 != 1 }) { text += ", dilation=\(tuple(dilation))" }
        if let outputPadding, outputPadding.contains(where: { $0 != 0 }) {
            text += ", output_padding=\(tuple(outputPadding))"
        }
        if groups != 1 { text += ", groups=\(groups)" }
        if !hasBias { text += ", bias=False" }
        return text
    }

    /// The padding text of a ``ConvPadding`` over `dimensions` spatial dimensions, `nil` when it is zero.
    static func padding(_ padding: ConvPadding, dimensions: Int) -> String? {
        switch padding {
        case .explicit(let height, let width):
            let values = dimensions == 1 ? [height] : [height, width]
            return values.allSatisfy { $0 == 0 } ? nil : tuple(values)
        case .same: return "same"
        case .valid: return "valid"
        }
    }
}
