import CSynapseKernels

/// bfloat16 matrix products on AVX-512 BF16 (`vdpbf16ps`, `CSynapseKernels/bf16_gemm.c`): float32 sums of
/// bfloat16 products, each result rounded once, split across cores by blocks of columns.
enum BFloat16Product {
    /// Whether this machine runs the kernel (AVX-512 BF16, and `SYNAPSE_VMATH_ISA` not lowering the instruction set).
    static let isSupported = synapse_bf16_gemm_supported() != 0

    /// Columns per unit of work handed to a thread: one of the kernel's 32-column panels. Coarser units unbalance
    /// the threads: a transformer's 384-column products (out-projection, second feed-forward layer) were three
    /// 128-column units, two for one core and one for the other, so a third of the second core's time was idle.
    static let columnGrain = 32

    /// `out = a·b` (or `out = a·b + out` when `accumulate`) for 2-D bfloat16 tensors, plus `bias` (a contiguous
    /// bfloat16 vector, one value per column: the bits of the bias broadcast into `out` and accumulated) and then
    /// ReLU when `relu`, before the one rounding; `out` has unit column stride. Only when ``isSupported``.
    static func multiply(_ a: Tensor, _ b: Tensor, into out: Tensor, accumulate: Bool, bias: Tensor? = nil,
                         relu: Bool = false) {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        // A's pairs of adjacent elements are read in place: it needs unit column stride.
        let left = a.strides[1] == 1 || k <= 1 ? a : a.contiguous()
        let lda = Swift.max(left.strides[0], 1)
        let ldc = Swift.max(out.strides[0], 1)
        let aBase = UnsafeMutableRawPointerBox(left.baseRawPointer), bBase = UnsafeMutableRawPointerBox(b.baseRawPointer)
        let cBase = UnsafeMutableRawPointerBox(out.baseRawPointer)
        let biasBase = bias.map { UnsafeMutableRawPointerBox($0.baseRawPointer) }
        let epilogue = Int32(accumulate ? SYNAPSE_BF16_ACCUMULATE : 0) | Int32(relu ? SYNAPSE_BF16_RELU : 0)
        let (rowStride, columnStride) = (b.strides[0], b.strides[1])
        let blocks = (n + columnGrain - 1) / columnGrain
        // One thread per ~2 M multiply-adds at least: below that, waking a worker costs more than it saves. The
        // kernel still walks each thread's range in blocks of four panels (bg_gemm), however it is split.
        let grain = Swift.max(1, (1 << 21) / Swift.max(1, m * k * columnGrain))
        // A weight multiplied before, unchanged, comes packed from the cache; same sums, same bits.
        let packed = PackedOperandCache.panels(for: b)
        withExtendedLifetime((left, b, packed, bias)) {
            Parallel.forRanges(count: blocks, grain: grain) { range in
                let begin = range.lowerBound * columnGrain, end = Swift.min(n, range.upperBound * columnGrain)
                let a = aBase.pointer.assumingMemoryBound(to: UInt16.self)
                let c = cBase.pointer.assumingMemoryBound(to: UInt16.self)
                let bias = biasBase.map { UnsafePointer($0.pointer.assumingMemoryBound(to: UInt16.self)) }
                if let packed {
                    synapse_bf16_gemm_prepacked(m, k, a, lda, packed.pointer, epilogue, bias, c, ldc, begin, end)
                } else {
                    synapse_bf16_gemm(m, k, a, lda, bBase.pointer.assumingMemoryBound(to: UInt16.self), rowStride,
                                      columnStride, epilogue, bias, c, ldc, begin, end)
                }
            }
        }
    }

    /// Whether ``multiply(_:_:into:accumulate:bias:relu:)`` adds `bias` to a product into `out` in its epilogue:
    /// the kernel runs, `out` is bfloat16 and `bias` a unit-strided bfloat16 vector of `out`'s width.
    static func addsBias(_ bias: Tensor, into out: Tensor) -> Bool {
        isSupported && out.dtype == .bfloat16 && out.rank == 2 && (out.strides[1] == 1 || out.shape[1] <= 1)
            && bias.dtype == .bfloat16 && bias.shape == [out.shape[1]] && (bias.strides[0] == 1 || bias.shape[0] <= 1)
    }
}
