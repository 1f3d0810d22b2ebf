extension Functional {
    /// How ``pad(_:_:mode:value:)`` fills the border.
    public enum PaddingMode: String, Sendable {
        /// A constant value (`value`).
        case constant
        /// The input mirrored about its edge, the edge itself not repeated (`[a b c]` → `c b [a b c] b a`).
        case reflect
        /// The edge element repeated.
        case replicate
        /// The input wrapped around (`[a b c]` → `b c [a b c] a b`).
        case circular
    }

    /// Pads (or, with negative amounts, crops in `constant` mode) the last dimensions of `input` (`F.pad`):
    /// `pad` lists `(before, after)` pairs starting from the last dimension, as PyTorch's does:
    /// `[left, right]` pads the last dimension, `[left, right, top, bottom]` the last two.
    ///
    /// ```swift
    /// Functional.pad(x, [1, 1, 2, 0], mode: .reflect)   // F.pad(x, (1, 1, 2, 0), mode="reflect")
    /// ```
    public static func pad(_ input: Tensor, _ pad: [Int], mode: PaddingMode = .constant, value: Double = 0) -> Tensor {
        check(pad.count % 2 == 0, "Padding length must be divisible by 2")
        check(pad.count / 2 <= input.rank, "Padding length should be less than or equal to two times the input dimension but got padding length \(pad.count) and input of dimension \(input.rank)")
        var output = input
        for pair in 0..<(pad.count / 2) {
            let dim = input.rank - 1 - pair
            output = padDimension(output, dim: dim, before: pad[2 * pair], after: pad[2 * pair + 1], mode: mode,
                                  value: value)
        }
        return output
    }

    /// `input` padded along one dimension.
    private static func padDimension(_ input: Tensor, dim: Int, before: Int, after: Int, mode: PaddingMode,
                                     value: Double) -> Tensor {
        let size = input.shape[dim]
        switch mode {
        case .constant:
            var core = input
            if before < 0 || after < 0 {
                let start = Swift.max(0, -before), end = size - Swift.max(0, -after)
                check(end >= start, "The input size \(size), plus negative padding \(before) and \(after) resulted in a negative output size, which is invalid. Check dimension \(dim) of your input.")
                core = input.narrow(dim, start: start, length: end - start)
            }
            func border(_ width: Int) -> Tensor {
                var shape = core.shape
                shape[dim] = width
                return Tensor.full(shape, value, dtype: core.dtype)
            }
            let parts = [before > 0 ? border(before) : nil, core, after > 0 ? border(after) : nil].compactMap { $0 }
            return parts.count == 1 ? core : Tensor.cat(parts, dim: dim)
        case .reflect:
            check(before < size && after < size,
                  "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (\(before), \(after)) at dimension \(dim) of input \(input.shape)")
            let left = (0..<before).map { input.narrow(dim, start: before - $0, length: 1) }
            let right = (0..<after).map { input.narrow(dim, start: size - 2 - $0, length: 1) }
            return Tensor.cat(left + [input] + right, dim: dim)
        case .replicate:
            func edge(_ start: Int, _ width: Int) -> [Tensor] {
                guard width > 0 else { return [] }
                var shape = input.shape
                shape[dim] = width
                return [input.narrow(dim, start: start, length: 1).expand(shape)]
            }
            return Tensor.cat(edge(0, before) + [input] + edge(size - 1, after), dim: dim)
        case .circular:
            check(before <= size && after <= size,
                  "Padding value causes wrapping around more than once.")
            let left = before > 0 ? [input.narrow(dim, start: size - before, length: before)] : []
            let right = after > 0 ? [input.narrow(dim, start: 0, length: after)] : []
            return Tensor.cat(left + [input] + right, dim: dim)
        }
    }
}
