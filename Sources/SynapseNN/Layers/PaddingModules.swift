/// The padding layers' shared body (PyTorch's `_ConstantPadNd`, `_ReflectionPadNd`, `_ReplicationPadNd`,
/// `_CircularPadNd`): a padding of the last `dimensions` dimensions, printed as PyTorch prints it.
open class PaddingModule: Module {
    /// `(left, right[, top, bottom])`, from the last dimension.
    public let padding: [Int]
    /// How the border is filled.
    public let mode: Functional.PaddingMode
    /// The fill value of constant padding.
    public let value: Double

    init(padding: [Int], dimensions: Int, mode: Functional.PaddingMode, value: Double = 0) {
        check(padding.count == 2 * dimensions, "padding must have \(2 * dimensions) values, got \(padding.count)")
        self.padding = padding
        self.mode = mode
        self.value = value
        super.init()
    }

    /// Expands one amount into every side (`padding=2`).
    static func sides(_ amount: Int, _ dimensions: Int) -> [Int] { Array(repeating: amount, count: 2 * dimensions) }

    /// ``Functional/pad(_:_:mode:value:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.pad(input, padding, mode: mode, value: value)
    }

    /// `(1, 1, 2, 0)` (and `, value=1.5` for constant padding).
    open override var extraRepr: String {
        let sides = "(" + padding.map(String.init).joined(separator: ", ") + ")"
        return mode == .constant && !(self is any ZeroPadding) ? "padding=\(sides), value=\(PythonFormat.repr(value))" : sides
    }
}

/// Pads the last two dimensions with zeros (`torch.nn.ZeroPad2d`).
open class ZeroPad2d: PaddingModule {
    /// Pads `(left, right, top, bottom)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 2, mode: .constant) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 2)) }
}

/// Pads the last dimension with a constant (`torch.nn.ConstantPad1d`).
open class ConstantPad1d: PaddingModule {
    /// Pads `(left, right)` with `value`.
    public init(_ padding: [Int], _ value: Double) { super.init(padding: padding, dimensions: 1, mode: .constant, value: value) }
    /// Pads both sides by `padding`.
    public convenience init(_ padding: Int, _ value: Double) { self.init(Self.sides(padding, 1), value) }
}

/// Pads the last two dimensions with a constant (`torch.nn.ConstantPad2d`).
open class ConstantPad2d: PaddingModule {
    /// Pads `(left, right, top, bottom)` with `value`.
    public init(_ padding: [Int], _ value: Double) { super.init(padding: padding, dimensions: 2, mode: .constant, value: value) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int, _ value: Double) { self.init(Self.sides(padding, 2), value) }
}

/// Pads the last dimension with its reflection (`torch.nn.ReflectionPad1d`).
open class ReflectionPad1d: PaddingModule {
    /// Pads `(left, right)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 1, mode: .reflect) }
    /// Pads both sides by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 1)) }
}

/// Pads the last two dimensions with their reflection (`torch.nn.ReflectionPad2d`).
open class ReflectionPad2d: PaddingModule {
    /// Pads `(left, right, top, bottom)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 2, mode: .reflect) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 2)) }
}

/// Pads the last dimension by repeating its edges (`torch.nn.ReplicationPad1d`).
open class ReplicationPad1d: PaddingModule {
    /// Pads `(left, right)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 1, mode: .replicate) }
    /// Pads both sides by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 1)) }
}

/// Pads the last two dimensions by repeating their edges (`torch.nn.ReplicationPad2d`).
open class ReplicationPad2d: PaddingModule {
    /// Pads `(left, right, top, bottom)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 2, mode: .replicate) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 2)) }
}

/// Pads the last two dimensions by wrapping around (`torch.nn.CircularPad2d`).
open class CircularPad2d: PaddingModule {
    /// Pads `(left, right, top, bottom)`.
    public init(_ padding: [Int]) { super.init(padding: padding, dimensions: 2, mode: .circular) }
    /// Pads every side by `padding`.
    public convenience init(_ padding: Int) { self.init(Self.sides(padding, 2)) }
}
