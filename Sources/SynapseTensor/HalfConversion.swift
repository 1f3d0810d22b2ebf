import CSynapseKernels

/// Bulk conversions between float32 and the 16-bit float types, through the SIMD kernels of
/// `CSynapseKernels/half_convert.c`. Bit-identical to the scalar `BFloat16(_: Float)`, `Float16(_: Float)` and
/// back, on every instruction-set path; large buffers are split across cores.
enum HalfConversion {
    /// Whether `dtype` is one of the 16-bit float types these conversions handle.
    @inline(__always)
    static func isHalf(_ dtype: DType) -> Bool { dtype == .bfloat16 || dtype == .float16 }

    /// `count` float32 values rounded into 16-bit floats of `dtype` (`.bfloat16` or `.float16`), on this thread.
    @inline(__always)
    static func narrow(_ x: UnsafePointer<Float>, into y: UnsafeMutableRawPointer, _ dtype: DType, count: Int) {
        let bits = y.assumingMemoryBound(to: UInt16.self)
        if dtype == .bfloat16 { synapse_bf16_from_f32(x, bits, count) } else { synapse_f16_from_f32(x, bits, count) }
    }

    /// `count` 16-bit floats of `dtype` widened (exactly) into float32, on this thread.
    @inline(__always)
    static func widen(_ x: UnsafeRawPointer, _ dtype: DType, into y: UnsafeMutablePointer<Float>, count: Int) {
        let bits = x.assumingMemoryBound(to: UInt16.self)
        if dtype == .bfloat16 { synapse_f32_from_bf16(bits, y, count) } else { synapse_f32_from_f16(bits, y, count) }
    }

    /// Copies `count` contiguous elements from `source` to `destination` when one dtype is float32 and the other a
    /// half type, split across cores when large; false (nothing done) for any other pair of dtypes.
    static func convert(_ source: UnsafeRawPointer, _ sourceType: DType, into destination: UnsafeMutableRawPointer,
                        _ destinationType: DType, count: Int) -> Bool {
        if sourceType == .float32 && isHalf(destinationType) {
            let x = source.assumingMemoryBound(to: Float.self)
            let y = UnsafeMutableRawPointerBox(destination)
            Parallel.forRanges(count: count) { range in
                narrow(x + range.lowerBound, into: y.pointer + 2 * range.lowerBound, destinationType, count: range.count)
            }
            return true
        }
        if isHalf(sourceType) && destinationType == .float32 {
            let y = destination.assumingMemoryBound(to: Float.self)
            Parallel.forRanges(count: count) { range in
                widen(source + 2 * range.lowerBound, sourceType, into: y + range.lowerBound, count: range.count)
            }
            return true
        }
        return false
    }

    // MARK: Every instruction set, for tests

    /// The instruction-set level the conversions use (0 baseline, 1 AVX2 + F16C, 2 AVX-512).
    static var level: Int { Int(synapse_half_isa()) }

    /// The conversions, numbered as `SYNAPSE_HALF_*` in `synapse_half.h`.
    enum Kernel: Int32, CaseIterable, Sendable {
        case bfloat16FromFloat = 0, floatFromBFloat16, float16FromFloat, floatFromFloat16
    }

    /// Runs `kernel` on one thread at instruction-set `level`; false if this machine can't run that level.
    static func run(_ kernel: Kernel, level: Int, _ x: UnsafeRawPointer, _ y: UnsafeMutableRawPointer,
                    count: Int) -> Bool {
        synapse_half_convert_run(kernel.rawValue, Int32(level), x, y, count) == 0
    }
}
