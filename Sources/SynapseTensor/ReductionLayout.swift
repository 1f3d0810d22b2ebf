/// Arranges a reduction as `outputCount` contiguous blocks of `blockLength` elements: the kept dimensions are
/// moved first and the reduced ones last, and the input is copied only when it is not already laid out so
/// (reducing the trailing dimensions of a contiguous tensor, or everything, needs no copy).
struct ReductionLayout {
    /// The input, contiguous, with reduced dimensions innermost, in the compute dtype.
    let blocks: Tensor
    /// Number of output elements.
    let outputCount: Int
    /// Elements reduced into each output element.
    let blockLength: Int
    /// The output's shape (with or without the reduced dimensions, per `keepdim`).
    let outputShape: [Int]
    /// The normalised reduced dimensions, ascending.
    let reducedDims: [Int]

    init(_ input: Tensor, dims: [Int]?, keepdim: Bool, computeType: DType) {
        let rank = input.rank
        let reduced = ReductionLayout.normalize(dims, rank: rank)
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let order = kept + reduced
        // A raw view (no autograd): reductions record their own backward.
        let permuted = order == Array(0..<rank) ? input
            : input.makeView(shape: order.map { input.shape[$0] }, strides: order.map { input.strides[$0] })
        // Half inputs widen to float32 first, through the vectorised conversion (exact either way).
        let staged = HalfConversion.isHalf(permuted.dtype) && computeType != permuted.dtype
            ? permuted.contiguous(dtype: .float32) : permuted
        var source = TypePromotion.operand(staged, as: computeType)
        if !source.isContiguous { source = source.contiguous(dtype: computeType) }
        blocks = source
        blockLength = reduced.reduce(1) { $0 * input.shape[$1] }
        outputCount = kept.reduce(1) { $0 * input.shape[$1] }
        reducedDims = reduced
        outputShape = keepdim
            ? input.shape.indices.map { reduced.contains($0) ? 1 : input.shape[$0] }
            : kept.map { input.shape[$0] }
    }

    /// The reduced dimensions, normalised and sorted (`nil` or empty means all of them).
    static func normalize(_ dims: [Int]?, rank: Int) -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<rank) }
        if dims.count == 1 { return [Tensor.normalizeDim(dims[0], rank: rank)] }
        // A handful of dimensions at most: sorting and comparing neighbours beats hashing into a set.
        let reduced = dims.map { Tensor.normalizeDim($0, rank: rank) }.sorted()
        for index in 1..<reduced.count {
            check(reduced[index] != reduced[index - 1], "dim appears multiple times in the list of dims")
        }
        return reduced
    }

    /// The output shape for these reduced dimensions.
    static func outputShape(_ shape: [Int], reduced: [Int], keepdim: Bool) -> [Int] {
        keepdim ? shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
                : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
    }

    /// Calls `body(block, output index)` for every output element, splitting large work across threads.
    func forEachBlock<T>(_: T.Type, _ body: (UnsafePointer<T>, Int) -> Void) {
        let base = UnsafePointer(blocks.basePointer(T.self))
        let length = blockLength
        withExtendedLifetime(blocks) {
            Parallel.forRanges(count: outputCount, grain: max(1, Parallel.grainSize / max(length, 1))) { range in
                for index in range { body(base + index * length, index) }
            }
        }
    }
}
