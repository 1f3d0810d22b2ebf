/// The safetensors names of Synapse's dtypes, and the order the reference writer sorts tensors in.
enum SafeTensorsDType {
    /// `F32` for `.float32`, …
    static func name(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "F32"
        case .float64: "F64"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .int64: "I64"
        case .int32: "I32"
        case .int16: "I16"
        case .int8: "I8"
        case .uint8: "U8"
        case .bool: "BOOL"
        }
    }

    /// The dtype named `name`, or `nil` for names Synapse has no tensor type for (U16, U32, U64, F8_*…).
    static func dtype(_ name: String) -> DType? {
        DType.allCases.first { self.name($0) == name }
    }

    /// The reference writer's sort rank (safetensors' `Dtype` declaration order; larger is written first).
    static func rank(_ dtype: DType) -> Int {
        switch dtype {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        case .int16: 3
        case .float16: 4
        case .bfloat16: 5
        case .int32: 6
        case .float32: 7
        case .float64: 8
        case .int64: 9
        }
    }
}
