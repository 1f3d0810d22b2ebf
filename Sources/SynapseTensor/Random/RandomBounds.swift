#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PyTorch's argument checks and adjustments for `random_(from, to)`, and the wording of its random-number
/// error messages.
enum RandomBounds {
    /// `update_from`: the smallest value at or above `from` that survives a round trip through the dtype.
    static func updateFrom(_ from: Int64, _ dtype: DType) -> Int64 {
        let fromPlusOne = roundTrip(from &+ 1, dtype)
        guard fromPlusOne < from else { return from }
        let n = floorLog2(magnitude(from &+ 1))
        return fromPlusOne &+ (1 << Int64(n - dtype.significandDigits + 1))
    }

    /// `update_to`: the largest exclusive bound whose predecessor survives a round trip through the dtype.
    static func updateTo(_ to: Int64, _ dtype: DType) -> Int64 {
        let toMinusOne = roundTrip(to &- 1, dtype)
        guard toMinusOne >= to else { return to }
        let n = floorLog2(magnitude(to &- 1))
        return toMinusOne &- (1 << Int64(n - dtype.significandDigits + 1))
    }

    /// `check_from_to_in_range`: both bounds must be values of the dtype.
    static func checkInRange(_ from: Int64, _ toInclusive: Int64, _ dtype: DType) {
        let name = dtype.cTypeName
        if dtype.isFloatingPoint {
            let range = dtype.floatingRange
            check(range.contains(Double(from)), "from is out of bounds for \(name)")
            check(range.contains(Double(toInclusive)), "to - 1 is out of bounds for \(name)")
        } else {
            let range: ClosedRange<Int64>
            switch dtype {
            case .bool: range = 0...1
            case .uint8: range = 0...Int64(UInt8.max)
            case .int8: range = Int64(Int8.min)...Int64(Int8.max)
            case .int16: range = Int64(Int16.min)...Int64(Int16.max)
            case .int32: range = Int64(Int32.min)...Int64(Int32.max)
            default: range = Int64.min...Int64.max
            }
            check(range.contains(from), "from is out of bounds for \(name)")
            check(range.contains(toInclusive), "to - 1 is out of bounds for \(name)")
        }
    }

    /// A double as C++ streams print it in PyTorch's messages (`%g`: `-1`, `0.5`, `1e+06`).
    static func cppNumber(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress, 32, "%g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// `static_cast<int64_t>(static_cast<scalar_t>(value))` on x86-64 (out-of-range conversions give `INT64_MIN`).
    private static func roundTrip(_ value: Int64, _ dtype: DType) -> Int64 {
        let rounded: Double
        switch dtype {
        case .float64: rounded = Double(value)
        case .float16: rounded = Double(Float(Float16(Float(value))))
        case .bfloat16: rounded = Double(BFloat16(Float(value)).floatValue)
        default: rounded = Double(Float(value))
        }
        return Int64(fromDouble: rounded)
    }

    private static func magnitude(_ value: Int64) -> Int64 { value < 0 ? 0 &- value : value }

    /// The position of the highest set bit (0 for 0 and 1), as `while (x >>= 1) ++n` computes it.
    private static func floorLog2(_ value: Int64) -> Int {
        value <= 1 ? 0 : 63 - value.leadingZeroBitCount
    }
}
