/// The globals a PyTorch weights file may name — the same kinds `torch.load(weights_only=True)` allows — and their
/// PyTorch spellings for writing.
enum TorchGlobals {
    static let rebuildTensorV2 = PickleGlobal(module: "torch._utils", name: "_rebuild_tensor_v2")
    static let rebuildTensor = PickleGlobal(module: "torch._utils", name: "_rebuild_tensor")
    static let rebuildParameter = PickleGlobal(module: "torch._utils", name: "_rebuild_parameter")
    static let rebuildParameterWithState = PickleGlobal(module: "torch._utils", name: "_rebuild_parameter_with_state")
    static let orderedDict = PickleGlobal(module: "collections", name: "OrderedDict")
    static let size = PickleGlobal(module: "torch", name: "Size")
    static let device = PickleGlobal(module: "torch", name: "device")
    static let encode = PickleGlobal(module: "_codecs", name: "encode")
    static let counter = PickleGlobal(module: "collections", name: "Counter")

    /// The functions and classes a weights file may call.
    static let callables: Set<PickleGlobal> = [
        rebuildTensorV2, rebuildTensor, rebuildParameter, rebuildParameterWithState, orderedDict, size, device, encode,
        counter,
    ]

    /// `torch.FloatStorage`, … by dtype.
    static func storageClass(_ dtype: DType) -> PickleGlobal {
        let name = switch dtype {
        case .float32: "FloatStorage"
        case .float64: "DoubleStorage"
        case .float16: "HalfStorage"
        case .bfloat16: "BFloat16Storage"
        case .int64: "LongStorage"
        case .int32: "IntStorage"
        case .int16: "ShortStorage"
        case .int8: "CharStorage"
        case .uint8: "ByteStorage"
        case .bool: "BoolStorage"
        }
        return PickleGlobal(module: "torch", name: name)
    }

    /// The dtype of a storage class global, `nil` for other globals.
    static func storageDType(_ global: PickleGlobal) -> DType? {
        DType.allCases.first { storageClass($0) == global }
    }

    /// The dtype a `torch.<name>` global names (`torch.float32`, `torch.half`, …), `nil` for other names.
    static func dtype(_ global: PickleGlobal) -> DType? {
        guard global.module == "torch" else { return nil }
        return switch global.name {
        case "float32", "float": .float32
        case "float64", "double": .float64
        case "float16", "half": .float16
        case "bfloat16": .bfloat16
        case "int64", "long": .int64
        case "int32", "int": .int32
        case "int16", "short": .int16
        case "int8": .int8
        case "uint8": .uint8
        case "bool": .bool
        default: nil
        }
    }

    /// The name `torch.save` writes for a dtype (`float32`).
    static func dtypeName(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "float32"
        case .float64: "float64"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .int64: "int64"
        case .int32: "int32"
        case .int16: "int16"
        case .int8: "int8"
        case .uint8: "uint8"
        case .bool: "bool"
        }
    }

    /// What a `GLOBAL` opcode pushes: the global itself when it may be called or names a storage class, a dtype
    /// for dtype names; anything else is refused before it can be used.
    static func resolve(_ global: PickleGlobal) throws(CheckpointError) -> PickleObject {
        if callables.contains(global) || storageDType(global) != nil { return .global(global) }
        if let dtype = dtype(global) { return .dtype(dtype) }
        throw .forbiddenGlobal(module: global.module, name: global.name)
    }
}
