/// One component of a subscript, as in PyTorch's `t[0, 1:3, ..., None, mask]`.
///
/// Write them as `.all`, `.ellipsis`, `.newAxis`, `.slice(1, nil, step: 2)`, or use `Int`s, ranges and tensors
/// directly: `t[0, .all, 1..., mask]`.
public struct TensorIndex: Sendable {
    enum Kind: @unchecked Sendable {
        case index(Int)
        case slice(start: Int?, end: Int?, step: Int)
        case all
        case ellipsis
        case newAxis
        case tensor(Tensor)
    }

    let kind: Kind
}

/// Values usable inside a tensor subscript: `Int`, ranges of `Int`, `TensorIndex`, and tensors (boolean masks
/// or integer indices).
public protocol TensorIndexConvertible {
    /// The index component this value stands for.
    var tensorIndex: TensorIndex { get }
}

extension TensorIndex: TensorIndexConvertible {
    public var tensorIndex: TensorIndex { self }
}

extension TensorIndexConvertible where Self == TensorIndex {
    /// Every position of the dimension (`:`).
    public static var all: TensorIndex { TensorIndex(kind: .all) }
    /// As many `.all` as needed to cover the remaining dimensions (`...`).
    public static var ellipsis: TensorIndex { TensorIndex(kind: .ellipsis) }
    /// A new dimension of size 1 (`None`).
    public static var newAxis: TensorIndex { TensorIndex(kind: .newAxis) }
    /// A Python-style slice `start:end:step`: bounds are clamped, `nil` means the natural end, `step` > 0.
    public static func slice(_ start: Int? = nil, _ end: Int? = nil, step: Int = 1) -> TensorIndex {
        TensorIndex(kind: .slice(start: start, end: end, step: step))
    }
    /// A single position (negative counts from the end); removes the dimension.
    public static func index(_ position: Int) -> TensorIndex { TensorIndex(kind: .index(position)) }
}

extension Int: TensorIndexConvertible {
    public var tensorIndex: TensorIndex { .index(self) }
}

extension Range: TensorIndexConvertible where Bound == Int {
    public var tensorIndex: TensorIndex { .slice(lowerBound, upperBound) }
}

extension ClosedRange: TensorIndexConvertible where Bound == Int {
    public var tensorIndex: TensorIndex {
        .slice(lowerBound, upperBound == -1 ? nil : upperBound + 1)
    }
}

extension PartialRangeFrom: TensorIndexConvertible where Bound == Int {
    public var tensorIndex: TensorIndex { .slice(lowerBound, nil) }
}

extension PartialRangeUpTo: TensorIndexConvertible where Bound == Int {
    public var tensorIndex: TensorIndex { .slice(nil, upperBound) }
}

extension PartialRangeThrough: TensorIndexConvertible where Bound == Int {
    public var tensorIndex: TensorIndex { .slice(nil, upperBound == -1 ? nil : upperBound + 1) }
}

extension Tensor: TensorIndexConvertible {
    /// A boolean mask, or integer indices into one dimension.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .tensor(self)) }
}
