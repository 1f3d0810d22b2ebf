/// The element functions of the six comparisons, each one type generic over how elements are compared
/// (``ComparisonKey``): floating-point elements through `Double` (exact for every floating dtype; NaN compares
/// unequal to everything), integers through `Int64` (exact for every integer dtype, where a double would round
/// int64 values above 2^53).
enum ComparisonFunctions {
    struct Equal<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) == Key.key(y) }
    }
    struct NotEqual<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) != Key.key(y) }
    }
    struct Less<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) < Key.key(y) }
    }
    struct LessOrEqual<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) <= Key.key(y) }
    }
    struct Greater<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) > Key.key(y) }
    }
    struct GreaterOrEqual<Key: ComparisonKey>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: Key.Element, _ y: Key.Element) -> Bool { Key.key(x) >= Key.key(y) }
    }

    /// Floating-point elements compared as doubles.
    struct ThroughDouble<T: TensorElement>: ComparisonKey {
        @inline(__always) static func key(_ x: T) -> Double { x.doubleValue }
    }
    /// Integer elements compared as `Int64`s.
    struct ThroughInt64<T: TensorElement>: ComparisonKey {
        @inline(__always) static func key(_ x: T) -> Int64 { x.int64Value }
    }

    /// `op` over a loop of `T` operands into bools, with the key `Key`.
    @inline(__always)
    static func compare<Key: ComparisonKey>(
        _ op: ComparisonOp, _ loop: StridedLoop, _ o: UnsafeMutablePointer<Bool>,
        _ x: UnsafeMutablePointer<Key.Element>, _ y: UnsafeMutablePointer<Key.Element>, _: Key.Type
    ) {
        switch op {
        case .eq: ElementwiseLoops.map(loop, o, x, y, Equal<Key>())
        case .ne: ElementwiseLoops.map(loop, o, x, y, NotEqual<Key>())
        case .lt: ElementwiseLoops.map(loop, o, x, y, Less<Key>())
        case .le: ElementwiseLoops.map(loop, o, x, y, LessOrEqual<Key>())
        case .gt: ElementwiseLoops.map(loop, o, x, y, Greater<Key>())
        case .ge: ElementwiseLoops.map(loop, o, x, y, GreaterOrEqual<Key>())
        }
    }
}

/// How a comparison reads its elements: the comparable value (`key`) an element stands for.
protocol ComparisonKey {
    associatedtype Element
    associatedtype Value: Comparable
    /// The value `x` is compared as.
    static func key(_ x: Element) -> Value
}
