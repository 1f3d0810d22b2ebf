/// Lays out a tensor's elements the way torch's `_tensor_str_with_formatter` does: nested brackets, rows wrapped
/// at ``TensorPrintOptions/lineWidth``, `...` in summarised dimensions, and one blank line between blocks per
/// dimension beyond the second.
struct TensorBodyLayout {
    /// The elements shown.
    let elements: PrintedElements
    /// The notation and width chosen for them.
    let formatter: ElementFormatter

    /// Builds the layout of a non-empty tensor's elements.
    init(_ elements: PrintedElements) {
        self.elements = elements
        self.formatter = ElementFormatter(elements.values)
    }

    /// The bracketed body, whose first line starts after `indent` characters (`tensor(` is 7).
    func render(indent: Int) -> String {
        var strides = [Int](repeating: 1, count: elements.shape.count)
        for dim in stride(from: elements.shape.count - 2, through: 0, by: -1) {
            strides[dim] = strides[dim + 1] * elements.shape[dim + 1]
        }
        return render(dim: 0, offset: 0, indent: indent, strides: strides)
    }

    private func render(dim: Int, offset: Int, indent: Int, strides: [Int]) -> String {
        let rank = elements.shape.count
        if rank == 0 { return formatter.format(elements.values, at: 0) }
        if dim == rank - 1 { return renderVector(offset: offset, indent: indent) }
        var slices: [String] = []
        for index in 0..<elements.shape[dim] {
            if elements.isElided(dim) && index == TensorPrintOptions.edgeItems { slices.append("...") }
            slices.append(render(dim: dim + 1, offset: offset + index * strides[dim], indent: indent + 1,
                                 strides: strides))
        }
        let separator = "," + String(repeating: "\n", count: rank - dim - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
    }

    /// torch's `_vector_str`: elements joined by `, `, as many per line as fit in the line width.
    private func renderVector(offset: Int, indent: Int) -> String {
        let dim = elements.shape.count - 1
        let elementLength = formatter.width + 2
        let perLine = max(1, Int((Double(TensorPrintOptions.lineWidth - indent) / Double(elementLength)).rounded(.down)))
        var items: [String] = []
        for index in 0..<elements.shape[dim] {
            if elements.isElided(dim) && index == TensorPrintOptions.edgeItems { items.append(" ...") }
            items.append(formatter.format(elements.values, at: offset + index))
        }
        var lines: [String] = []
        var start = 0
        while start < items.count {
            let end = min(start + perLine, items.count)
            lines.append(items[start..<end].joined(separator: ", "))
            start = end
        }
        return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
    }
}
