/// The values a tensor's printout shows, in row-major order, with the layout needed to place them.
///
/// When the tensor is summarised (more than ``TensorPrintOptions/threshold`` elements), every dimension longer
/// than `2 × edgeItems` keeps only its first and last `edgeItems` indices, as torch's `get_summarized_data`
/// does; the number formatter then sees exactly those values, and the layout inserts `...` where the rest was.
struct PrintedElements {
    /// Row-major element values, widened to the type torch formats them as (`float`, `int` or `bool`).
    enum Values {
        /// Floating-point elements as doubles (float32, float16 and bfloat16 widen exactly).
        case floating([Double])
        /// Integer elements of any width.
        case integer([Int64])
        /// Boolean elements.
        case boolean([Bool])
    }

    /// Shape of the original tensor.
    let fullShape: [Int]
    /// Shape of ``values`` (equal to ``fullShape`` unless summarised).
    let shape: [Int]
    /// Whether the printout is summarised.
    let isSummarized: Bool
    /// The shown elements.
    let values: Values

    /// Gathers the elements of `tensor` that its printout shows. `tensor` must not be empty.
    init(_ tensor: Tensor) {
        fullShape = tensor.shape
        isSummarized = tensor.numel > TensorPrintOptions.threshold
        var shown = tensor.data
        if isSummarized {
            let edge = TensorPrintOptions.edgeItems
            for dim in 0..<shown.rank where shown.shape[dim] > 2 * edge {
                shown = Tensor.cat([shown.narrow(dim, start: 0, length: edge),
                                    shown.narrow(dim, start: shown.shape[dim] - edge, length: edge)], dim: dim)
            }
        }
        shape = shown.shape
        if shown.dtype.isFloatingPoint {
            values = .floating(shown.toArray(of: Double.self))
        } else if shown.dtype == .bool {
            values = .boolean(shown.toArray(of: Bool.self))
        } else {
            values = .integer(shown.toArray(of: Int64.self))
        }
    }

    /// Whether dimension `dim` is cut in the middle (printed with `...`).
    func isElided(_ dim: Int) -> Bool {
        isSummarized && fullShape[dim] > 2 * TensorPrintOptions.edgeItems
    }
}
