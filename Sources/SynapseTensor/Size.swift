/// A tensor's shape as PyTorch hands it out (`torch.Size`): a list of sizes that prints as `torch.Size([8, 4])`.
///
/// ```swift
/// print(Tensor.zeros([8, 4]).size())      // torch.Size([8, 4])
/// Tensor.zeros([8, 4]).size() == [8, 4]   // true
/// ```
public struct Size: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The sizes, outermost dimension first.
    public var dimensions: [Int]

    /// A size with the given dimensions.
    public init(_ dimensions: [Int]) { self.dimensions = dimensions }

    /// A size from a literal: `[8, 4]`.
    public init(arrayLiteral dimensions: Int...) { self.dimensions = dimensions }

    /// The first position.
    public var startIndex: Int { 0 }
    /// One past the last position.
    public var endIndex: Int { dimensions.count }
    /// The size of dimension `position`.
    public subscript(position: Int) -> Int { dimensions[position] }

    /// The number of elements a tensor of this size holds (`numel`).
    public var numel: Int { dimensions.reduce(1, *) }

    /// `torch.Size([8, 4])`.
    public var description: String { "torch.Size([" + dimensions.map(String.init).joined(separator: ", ") + "])" }
}

extension Tensor {
    /// The shape as a ``Size`` (`tensor.size()`), which prints like PyTorch's `torch.Size`.
    public func size() -> Size { Size(shape) }
}
