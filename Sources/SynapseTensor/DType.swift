/// The element type of a tensor, chosen at run time like `torch.dtype`.
///
/// `.float32` is the default, as in PyTorch. Names print as PyTorch prints them (`torch.float64`).
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32, float64, float16, bfloat16
    case int64, int32, int16, int8, uint8
    case bool

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// True for the four floating-point types.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: true
        default: false
        }
    }

    /// True for the signed and unsigned integer types (not `.bool`).
    public var isInteger: Bool { !isFloatingPoint && self != .bool }

    /// PyTorch's name, for example `torch.float32`.
    public var description: String { "torch.\(rawValue)" }

    /// The category used by PyTorch's type promotion: bool < integer < floating point.
    var category: Int { self == .bool ? 0 : (isFloatingPoint ? 2 : 1) }

    /// Rank inside the category (wider or more precise is higher).
    private var rank: Int {
        switch self {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        case .int16: 3
        case .int32: 4
        case .int64: 5
        case .float16: 6
        case .bfloat16: 7
        case .float32: 8
        case .float64: 9
        }
    }

    /// The result type of a binary operation between tensors of these types (`torch.promote_types`).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        switch (a, b) {
        case (.float16, .bfloat16), (.bfloat16, .float16): return .float32
        case (.uint8, .int8), (.int8, .uint8): return .int16
        default: return a.rank >= b.rank ? a : b
        }
    }

    /// The result type of `tensor op scalar`: a scalar only changes the type when it belongs to a higher
    /// category than the tensor (an `Int` tensor times `2.5` is `.float32`, a `Float16` tensor plus `1` stays `.float16`).
    static func promote(_ tensor: DType, scalarCategory: Int) -> DType {
        guard scalarCategory > tensor.category else { return tensor }
        return scalarCategory == 2 ? .float32 : .int64
    }
}

extension DType {
    /// The C++ element type name PyTorch uses in some messages (`float`, `double`, `c10::Half`, `long int`…).
    var cTypeName: String {
        switch self {
        case .float32: "float"
        case .float64: "double"
        case .float16: "c10::Half"
        case .bfloat16: "c10::BFloat16"
        case .int64: "long int"
        case .int32: "int"
        case .int16: "short int"
        case .int8: "signed char"
        case .uint8: "unsigned char"
        case .bool: "bool"
        }
    }
}

extension DType {
    /// PyTorch's scalar type name used in error messages (`Float`, `Long`, `Bool`…).
    package var scalarTypeName: String {
        switch self {
        case .float32: "Float"
        case .float64: "Double"
        case .float16: "Half"
        case .bfloat16: "BFloat16"
        case .int64: "Long"
        case .int32: "Int"
        case .int16: "Short"
        case .int8: "Char"
        case .uint8: "Byte"
        case .bool: "Bool"
        }
    }
}
