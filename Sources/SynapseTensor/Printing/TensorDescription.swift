/// A tensor subclass that prints differently from a plain tensor by wrapping torch's repr, as `nn.Parameter`
/// prints `Parameter containing:` above it.
///
/// ```swift
/// extension Parameter: TensorDescriptionDecorating {
///     public func decorateDescription(_ tensorDescription: String) -> String {
///         "Parameter containing:\n" + tensorDescription
///     }
/// }
/// ```
public protocol TensorDescriptionDecorating: Tensor {
    /// The full printout, given the plain tensor repr (`tensor([0., 0.], requires_grad=True)`).
    func decorateDescription(_ tensorDescription: String) -> String
}

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// The tensor printed exactly as PyTorch's `repr(t)` / `str(t)` prints it, with the default print options
    /// (4 digits, summarised past 1000 elements, 80 columns).
    ///
    /// ```swift
    /// print(Tensor([[0.2602, -0.2318], [-0.5192, 0.0130]]))
    /// // tensor([[ 0.2602, -0.2318],
    /// //         [-0.5192,  0.0130]])
    /// print(Tensor([1.0, 2.0], dtype: .float64))   // tensor([1., 2.], dtype=torch.float64)
    /// ```
    /// Subclasses adopting ``TensorDescriptionDecorating`` wrap this text.
    public var description: String {
        let plain = description(suffixes: autogradDescriptionSuffixes)
        if let decorating = self as? any TensorDescriptionDecorating {
            return decorating.decorateDescription(plain)
        }
        return plain
    }

    /// The same text as ``description``.
    public var debugDescription: String { description }

    /// torch's repr of this tensor with `extra` suffixes appended inside the parentheses, after the ones torch
    /// derives from the data (`size=(0, 3)` for empty tensors, then `dtype=torch.float64` for dtypes other than
    /// `float32`, `int64` and `bool`). Suffixes that no longer fit in 80 columns go on a new line, indented
    /// under the first element, as torch does.
    ///
    /// ``description`` passes ``autogradDescriptionSuffixes`` (`requires_grad=True`); code that knows more
    /// passes its own, in torch's order, for example `["grad_fn=<AddmmBackward0>"]` (torch prints
    /// `requires_grad=True` only when there is no `grad_fn`; see ``autogradDescriptionSuffixes(gradFnName:requiresGrad:)``).
    /// ```swift
    /// y.description(suffixes: ["grad_fn=<AddmmBackward0>"])
    /// // tensor([[ 0.1034, -0.4511]], grad_fn=<AddmmBackward0>)
    /// ```
    public func description(suffixes extra: [String]) -> String {
        let prefix = "tensor("
        let indent = prefix.utf8.count
        var suffixes: [String] = []
        let body: String
        if numel == 0 {
            // Empty: the shape when it is not (0,), and the dtype unless it is the default float type.
            if rank != 1 { suffixes.append("size=" + Tensor.pythonTuple(shape)) }
            if dtype != .float32 { suffixes.append("dtype=\(dtype)") }
            body = "[]"
        } else {
            // int64 and bool are what Python literals infer, so torch leaves them out too.
            if dtype != .float32 && dtype != .int64 && dtype != .bool { suffixes.append("dtype=\(dtype)") }
            body = TensorBodyLayout(PrintedElements(self)).render(indent: indent)
        }
        return Tensor.appendingSuffixes(to: prefix + body, suffixes + extra, indent: indent)
    }

    /// The autograd suffixes ``description`` prints: `["requires_grad=True"]` for a tensor that requires grad,
    /// `[]` otherwise.
    public var autogradDescriptionSuffixes: [String] {
        Tensor.autogradDescriptionSuffixes(gradFnName: gradFn?.name, requiresGrad: requiresGrad)
    }

    /// torch's autograd suffix rule: `grad_fn=<Name>` when the tensor has a gradient function, otherwise
    /// `requires_grad=True` when it requires grad, otherwise nothing.
    /// ```swift
    /// Tensor.autogradDescriptionSuffixes(gradFnName: "MulBackward0", requiresGrad: true)  // ["grad_fn=<MulBackward0>"]
    /// ```
    public static func autogradDescriptionSuffixes(gradFnName: String?, requiresGrad: Bool) -> [String] {
        if let gradFnName { return ["grad_fn=<\(gradFnName)>"] }
        return requiresGrad ? ["requires_grad=True"] : []
    }

    /// torch's `_add_suffixes`: `, suffix` on the current line while it fits in the line width, otherwise
    /// `,\n` plus `indent` spaces; then the closing parenthesis.
    static func appendingSuffixes(to text: String, _ suffixes: [String], indent: Int) -> String {
        var result = text
        let utf8 = Array(text.utf8)
        let lastNewline = utf8.lastIndex(of: UInt8(ascii: "\n")) ?? -1
        // Python: len(s) - s.rfind("\n") + 1, i.e. the last line's length plus 2.
        var lastLineLength = utf8.count - lastNewline + 1
        for suffix in suffixes {
            let length = suffix.utf8.count
            if lastLineLength + length + 2 > TensorPrintOptions.lineWidth {
                result += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLineLength = indent + length
            } else {
                result += ", " + suffix
                lastLineLength += length + 2
            }
        }
        return result + ")"
    }

    /// A shape as Python prints a tuple: `(0,)`, `(2, 0, 4)`, `()`.
    static func pythonTuple(_ values: [Int]) -> String {
        if values.count == 1 { return "(\(values[0]),)" }
        return "(" + values.map(String.init).joined(separator: ", ") + ")"
    }
}
