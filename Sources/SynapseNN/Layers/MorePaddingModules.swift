/// The zero-padding layers, which PyTorch prints without `padding=` and `value=`.
protocol ZeroPadding {}

extension ZeroPad2d: ZeroPadding {}

/// Pads the last dimension with zeros (`torch.nn.ZeroPad1d`).
open class ZeroPad1d: PaddingModule, ZeroPadding {
    /// Pads `(left, right)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 1, mode: .constant) }
    /// Pads both sides by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 1)) }
}

/// Pads the last three dimensions with zeros (`torch.nn.ZeroPad3d`).
open class ZeroPad3d: PaddingModule, ZeroPadding {
    /// Pads `(left, right, top, bottom, front, back)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 3, mode: .constant) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 3)) }
}

/// Pads the last three dimensions with a constant (`torch.nn.ConstantPad3d`).
open class ConstantPad3d: PaddingModule {
    /// Pads `(left, right, top, bottom, front, back)` with `value`.
    public init(_ padding: [Int], _ value: Double) { super.init(padding: padding, dimensions: 3, mode: .constant, value: value) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int, _ value: Double) { self.init(Self.sides(padding, 3), value) }
}

/// Pads the last three dimensions with their reflection (`torch.nn.ReflectionPad3d`).
open class ReflectionPad3d: PaddingModule {
    /// Pads `(left, right, top, bottom, front, back)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 3, mode: .reflect) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 3)) }
}

/// Pads the last three dimensions by repeating their edges (`torch.nn.ReplicationPad3d`).
open class ReplicationPad3d: PaddingModule {
    /// Pads `(left, right, top, bottom, front, back)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 3, mode: .replicate) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 3)) }
}

/// Pads the last dimension by wrapping around (`torch.nn.CircularPad1d`).
open class CircularPad1d: PaddingModule {
    /// Pads `(left, right)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 1, mode: .circular) }
    /// Pads both sides by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 1)) }
}

/// Pads the last three dimensions by wrapping around (`torch.nn.CircularPad3d`).
open class CircularPad3d: PaddingModule {
    /// Pads `(left, right, top, bottom, front, back)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 3, mode: .circular) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 3)) }
}
