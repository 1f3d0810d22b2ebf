/// The element functions of the logical operations on bool operands (`logical_and`, `logical_or`,
/// `logical_xor`) and the selection of `where`. The logical ones read bools as their bytes (each 0 or 1, as Swift
/// stores `Bool`), so that the loops vectorise as byte-wise `& | ^` (through `Bool`'s `&&` they ran one element at
/// a time, 0.75 ns each).
enum LogicalFunctions {
    struct And: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: UInt8, _ y: UInt8) -> UInt8 { x & y }
    }
    struct Or: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: UInt8, _ y: UInt8) -> UInt8 { x | y }
    }
    struct ExclusiveOr: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: UInt8, _ y: UInt8) -> UInt8 { x ^ y }
    }
    /// `condition ? x : y` (`torch.where`).
    struct Select<T>: TernaryElementFunction {
        @inline(__always) func callAsFunction(_ condition: Bool, _ x: T, _ y: T) -> T { condition ? x : y }
    }
}
