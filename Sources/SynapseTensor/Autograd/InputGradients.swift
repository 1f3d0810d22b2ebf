/// The gradients a backward node computes, one per input, `nil` for an input that needs none: formulas return
/// `InputGradients(gradA, nil)`.
///
/// The first three are fields, as a node's edges are: almost every node has at most three inputs, and an array per
/// node and pass (an allocation, then freeing it through the runtime's generic element destruction) is a
/// measurable part of a small model's backward pass. For the same reason there is no array-literal form.
struct InputGradients {
    /// Number of gradients (the node's input count, or 0 when it computed none).
    private(set) var count: Int
    private var first: Tensor?
    private var second: Tensor?
    private var third: Tensor?
    /// Gradients 3 and beyond.
    private var rest: [Tensor?]

    /// No gradients: the node received none.
    @inline(__always)
    init() {
        count = 0
        rest = []
    }

    /// The gradient of a node's only input.
    @inline(__always)
    init(_ first: consuming Tensor?) {
        count = 1
        self.first = first
        rest = []
    }

    /// The gradients of a node's two inputs.
    @inline(__always)
    init(_ first: consuming Tensor?, _ second: consuming Tensor?) {
        count = 2
        self.first = first
        self.second = second
        rest = []
    }

    /// The gradients of a node's three inputs.
    @inline(__always)
    init(_ first: consuming Tensor?, _ second: consuming Tensor?, _ third: consuming Tensor?) {
        count = 3
        self.first = first
        self.second = second
        self.third = third
        rest = []
    }

    /// The gradients in `elements`, in input order (any number of inputs).
    init(_ elements: consuming [Tensor?]) {
        count = elements.count
        // Moved out (`take()`), not copied: a copy would retain each gradient here and release it again with the
        // array, two atomic operations apiece.
        first = count > 0 ? elements[0].take() : nil
        second = count > 1 ? elements[1].take() : nil
        third = count > 2 ? elements[2].take() : nil
        rest = count > 3 ? Array(elements[3...]) : []
    }

    /// Moves gradient `index` out (leaving `nil`), without the retain and release a copy would cost.
    @inline(__always)
    mutating func take(_ index: Int) -> Tensor? {
        switch index {
        case 0: return first.take()
        case 1: return second.take()
        case 2: return third.take()
        default: return takeFromRest(index)
        }
    }

    // Out of line: inlined, the optimiser makes `rest` unique (copying the shared empty array) before the switch.
    @inline(never)
    private mutating func takeFromRest(_ index: Int) -> Tensor? { index < count ? rest[index - 3].take() : nil }

    /// Gradient `index` (`nil` when none was computed, including past ``count``).
    @inline(__always)
    subscript(index: Int) -> Tensor? {
        get {
            switch index {
            case 0: first
            case 1: second
            case 2: third
            default: index < count ? rest[index - 3] : nil
            }
        }
        set {
            switch index {
            case 0: first = newValue
            case 1: second = newValue
            case 2: third = newValue
            default: setInRest(index, newValue)
            }
        }
    }

    // Out of line, as `takeFromRest(_:)`.
    @inline(never)
    private mutating func setInRest(_ index: Int, _ gradient: Tensor?) { rest[index - 3] = gradient }
}
