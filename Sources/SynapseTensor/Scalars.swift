/// Brain floating point: the top 16 bits of an IEEE float32. Conversion from `Float` rounds to nearest even,
/// as `c10::BFloat16` does; NaN stays NaN.
public struct BFloat16: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The raw bits.
    public var bitPattern: UInt16

    /// Wraps raw bits.
    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Rounds a float to the nearest bfloat16 (ties to even).
    public init(_ value: Float) {
        if value.isNaN {
            bitPattern = 0x7FC0
        } else {
            let bits = value.bitPattern
            let roundingBias = 0x7FFF + ((bits >> 16) & 1)
            bitPattern = UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
        }
    }

    /// The exact float value.
    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    public var description: String { floatValue.description }
}

/// A Swift type that can be the element of a tensor. `Float`, `Double`, `Float16`, `BFloat16`, `Int64`, `Int32`,
/// `Int16`, `Int8`, `UInt8` and `Bool` conform; `Int` reads and writes `.int64` tensors.
public protocol TensorElement: Sendable {
    /// The tensor dtype with this memory layout.
    static var dtype: DType { get }
    /// Converts from a double with C-cast semantics (floats round, integers truncate toward zero and wrap).
    init(fromDouble value: Double)
    /// The value as a double (exact for every type but `Int64` beyond 2^53).
    var doubleValue: Double { get }
    /// Converts from an integer with C-cast semantics (floats round once, integers wrap).
    init(fromInt64 value: Int64)
    /// The value as an integer (floats truncate toward zero like ``init(fromDouble:)`` of `Int64`).
    var int64Value: Int64 { get }
}

extension TensorElement {
    @inline(__always) public var int64Value: Int64 { Int64(fromDouble: doubleValue) }
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    @inline(__always) public init(fromDouble value: Double) { self = Float(value) }
    @inline(__always) public init(fromInt64 value: Int64) { self = Float(value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
}

extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    @inline(__always) public init(fromDouble value: Double) { self = value }
    @inline(__always) public init(fromInt64 value: Int64) { self = Double(value) }
    @inline(__always) public var doubleValue: Double { self }
}

extension Float16: TensorElement {
    public static var dtype: DType { .float16 }
    @inline(__always) public init(fromDouble value: Double) { self = Float16(Float(value)) }
    @inline(__always) public init(fromInt64 value: Int64) { self = Float16(Float(value)) }
    @inline(__always) public var doubleValue: Double { Double(Float(self)) }
}

extension BFloat16: TensorElement {
    public static var dtype: DType { .bfloat16 }
    @inline(__always) public init(fromDouble value: Double) { self = BFloat16(Float(value)) }
    @inline(__always) public init(fromInt64 value: Int64) { self = BFloat16(Float(value)) }
    @inline(__always) public var doubleValue: Double { Double(floatValue) }
}

extension Bool: TensorElement {
    public static var dtype: DType { .bool }
    @inline(__always) public init(fromDouble value: Double) { self = value != 0 }
    @inline(__always) public init(fromInt64 value: Int64) { self = value != 0 }
    @inline(__always) public var int64Value: Int64 { self ? 1 : 0 }
    @inline(__always) public var doubleValue: Double { self ? 1 : 0 }
}

/// Integer element types convert from floating point like a C cast on x86-64: toward zero, and to the
/// "integer indefinite" value when the double is NaN or out of range, instead of trapping.
public protocol IntegerTensorElement: TensorElement, FixedWidthInteger {}

extension IntegerTensorElement {
    @inline(__always) public init(fromDouble value: Double) {
        if let exact = Int64(exactly: value.rounded(.towardZero)) {
            self = Self(truncatingIfNeeded: exact)
        } else {
            self = Self(truncatingIfNeeded: Int64.min)
        }
    }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public init(fromInt64 value: Int64) { self = Self(truncatingIfNeeded: value) }
    @inline(__always) public var int64Value: Int64 { Int64(truncatingIfNeeded: self) }
}

extension Int64: IntegerTensorElement { public static var dtype: DType { .int64 } }
extension Int32: IntegerTensorElement { public static var dtype: DType { .int32 } }
extension Int16: IntegerTensorElement { public static var dtype: DType { .int16 } }
extension Int8: IntegerTensorElement { public static var dtype: DType { .int8 } }
extension UInt8: IntegerTensorElement { public static var dtype: DType { .uint8 } }
extension Int: IntegerTensorElement { public static var dtype: DType { .int64 } }
