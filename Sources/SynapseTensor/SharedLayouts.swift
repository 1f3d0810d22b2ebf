/// Shape and stride arrays of two elements, each below ``limit``, built once and shared by every tensor that has
/// them. Small matrices are where layout bookkeeping dominates: a fresh `[rows, columns]` array is a heap
/// allocation and a free per tensor, about a tenth of what creating and dropping a small tensor costs.
enum SharedLayouts {
    /// Entries are shared for both values in `0..<limit` (1,024 arrays, about 64 KiB, built on first use).
    static let limit = 32

    private static let pairs: [[Int]] = (0..<limit * limit).map { [$0 / limit, $0 % limit] }

    /// `[first, second]`, shared when both are small.
    @inline(__always)
    static func pair(_ first: Int, _ second: Int) -> [Int] {
        guard UInt(bitPattern: first) < UInt(limit), UInt(bitPattern: second) < UInt(limit) else { return [first, second] }
        return pairs[first &* limit &+ second]
    }
}
