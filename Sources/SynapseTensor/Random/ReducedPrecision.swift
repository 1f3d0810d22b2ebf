/// `Float16` and `BFloat16`, which PyTorch's random kernels compute in `Float` and round at the end.
protocol ReducedPrecisionFloat: TensorElement {
    /// Rounds a float to the nearest representable value (ties to even), as `c10::Half(float)` and
    /// `c10::BFloat16(float)` do.
    init(rounding value: Float)
    /// The exact value as a float.
    var widened: Float { get }
}

extension Float16: ReducedPrecisionFloat {
    @inline(__always) init(rounding value: Float) { self.init(value) }
    @inline(__always) var widened: Float { Float(self) }
}

extension BFloat16: ReducedPrecisionFloat {
    @inline(__always) init(rounding value: Float) { self.init(value) }
    @inline(__always) var widened: Float { floatValue }
}

extension DType {
    /// The finite range of a floating-point dtype, as doubles (`std::numeric_limits<T>::lowest()` and `max()`).
    var floatingRange: ClosedRange<Double> {
        switch self {
        case .float64: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
        case .float16: -65504...65504
        case .bfloat16:
            -Double(BFloat16(bitPattern: 0x7F7F).floatValue)...Double(BFloat16(bitPattern: 0x7F7F).floatValue)
        default: -Double(Float.greatestFiniteMagnitude)...Double(Float.greatestFiniteMagnitude)
        }
    }

    /// Significand bits of a floating-point dtype, the hidden bit included (`std::numeric_limits<T>::digits`).
    var significandDigits: Int {
        switch self {
        case .float64: 53
        case .float16: 11
        case .bfloat16: 8
        default: 24
        }
    }
}
