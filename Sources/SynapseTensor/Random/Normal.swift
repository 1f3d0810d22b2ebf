import CSynapseKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Fills the tensor in place with normally distributed values (`t.normal_(mean, std)`), with PyTorch's bits for
    /// the same generator state.
    ///
    /// Like PyTorch's CPU kernel it takes one of two paths:
    /// - contiguous tensors of 16 elements or more: uniforms for every element, then Box–Muller on blocks of 16
    ///   (elements `j` and `j + 8` of a block form a pair); when the count is not a multiple of 16, 16 fresh
    ///   uniforms replace the last 16 elements and are transformed once more. float32 uses PyTorch's AVX2 polynomial
    ///   `log`/`sincos`, float64 the C library's; the block work is split across cores. float16 and bfloat16 draw
    ///   16 fresh float32 uniforms for every block (the last, overlapping one included), transform them as float32
    ///   does and round.
    /// - smaller or non-contiguous tensors: one element at a time in storage order, from pairs of 64-bit uniforms,
    ///   keeping the pair's second sample in the generator for the next draw (see ``Generator``).
    ///
    /// ```swift
    /// manualSeed(0)
    /// let e = Tensor.empty([10, 3]).normal_(mean: 0, std: 0.02)
    /// ```
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator? = nil) -> Tensor {
        check(dtype.isFloatingPoint, "\"normal_kernel_cpu\" not implemented for '\(dtype.scalarTypeName)'")
        check(std >= 0, "normal expects std >= 0.0, but found std \(RandomBounds.cppNumber(std))")
        let engine = generator.resolved
        let count = numel
        guard count > 0 else { return self }
        if count >= 16 && isContiguous {
            switch dtype {
            case .float64: normalFillDouble(count, mean, std, engine)
            case .float16: normalFillReduced(Float16.self, count, Float(mean), Float(std), engine)
            case .bfloat16: normalFillReduced(BFloat16.self, count, Float(mean), Float(std), engine)
            default: normalFillFloat(count, Float(mean), Float(std), engine)
            }
            markModified()
        } else {
            switch dtype {
            case .float64: normalSerial(Double.self, mean, std, engine)
            case .float16: normalSerial(Float16.self, mean, std, engine)
            case .bfloat16: normalSerial(BFloat16.self, mean, std, engine)
            default: normalSerial(Float.self, mean, std, engine)
            }
        }
        return self
    }

    /// A tensor of standard normal values (`torch.randn(shape)`); `dtype` must be floating point.
    ///
    /// ```swift
    /// manualSeed(0)
    /// let x = Tensor.randn([3])     // same bits as torch.manual_seed(0); torch.randn(3)
    /// ```
    public static func randn(_ shape: [Int], dtype: DType = .float32, generator: Generator? = nil) -> Tensor {
        empty(shape, dtype: dtype).normal_(mean: 0, std: 1, generator: generator)
    }

    /// Blocks of 16 to transform per thread before splitting pays off.
    private static let normalBlockGrain = 2048

    /// float32: the engine's untempered words go straight into the tensor (the only serial part), then each thread
    /// tempers, converts and transforms its own blocks while they are in cache.
    private func normalFillFloat(_ count: Int, _ mean: Float, _ std: Float, _ engine: Generator) {
        let data = basePointer(Float.self)
        withExtendedLifetime(storage) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { tail in
                let tail = tail.baseAddress!
                engine.withLockedCore { core in
                    data.withMemoryRebound(to: UInt32.self, capacity: count) {
                        synapse_mt_fill_raw(&core.engine.raw, $0, count)
                    }
                    if count % 16 != 0 { synapse_uniform_f32(&core.engine.raw, tail, 16, 0, 1) }
                }
                let shared = SendablePointer(data)
                Parallel.forRanges(count: count / 16, grain: Tensor.normalBlockGrain) { blocks in
                    synapse_normal_f32_raw_blocks(shared.pointer + 16 * blocks.lowerBound, blocks.count, mean, std)
                }
                // The last count % 16 elements still hold raw words; the tail block overwrites them.
                if count % 16 != 0 {
                    synapse_normal_f32_blocks(tail, 1, mean, std)
                    (data + count - 16).update(from: tail, count: 16)
                }
            }
        }
    }

    /// float64: untempered word pairs go into the tensor, then each thread converts and transforms its blocks.
    private func normalFillDouble(_ count: Int, _ mean: Double, _ std: Double, _ engine: Generator) {
        let data = basePointer(Double.self)
        withExtendedLifetime(storage) {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { tail in
                let tail = tail.baseAddress!
                engine.withLockedCore { core in
                    UnsafeMutableRawPointer(data).withMemoryRebound(to: UInt32.self, capacity: 2 * count) {
                        synapse_mt_fill_raw(&core.engine.raw, $0, 2 * count)
                    }
                    if count % 16 != 0 { synapse_uniform_f64(&core.engine.raw, tail, 16, 0, 1) }
                }
                let shared = SendablePointer(data)
                Parallel.forRanges(count: count / 16, grain: Tensor.normalBlockGrain / 8) { blocks in
                    let start = shared.pointer + 16 * blocks.lowerBound
                    synapse_uniform_f64_raw(start, 16 * blocks.count, 0, 1)
                    synapse_normal_f64_blocks(start, blocks.count, mean, std)
                }
                if count % 16 != 0 {
                    synapse_normal_f64_blocks(tail, 1, mean, std)
                    (data + count - 16).update(from: tail, count: 16)
                }
            }
        }
    }

    /// float16/bfloat16: every block of 16 (and the final overlapping one) gets 16 fresh float32 uniforms and the
    /// float32 transform; the results are rounded.
    private func normalFillReduced<T: ReducedPrecisionFloat>(
        _: T.Type, _ count: Int, _ mean: Float, _ std: Float, _ engine: Generator
    ) {
        let blocks = count / 16
        let groups = blocks + (count % 16 != 0 ? 1 : 0)
        let data = basePointer(T.self)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: groups * 16)
        defer { scratch.deallocate() }
        engine.withLockedCore { core in synapse_uniform_f32(&core.engine.raw, scratch, groups * 16, 0, 1) }
        synapse_normal_f32_blocks(scratch, groups, mean, std)
        withExtendedLifetime(storage) {
            for index in 0..<(blocks * 16) { data[index] = T(rounding: scratch[index]) }
            if groups > blocks {
                for index in 0..<16 { data[count - 16 + index] = T(rounding: scratch[blocks * 16 + index]) }
            }
        }
    }

    /// One element at a time in storage order, each `fma(sample, std, mean)` in double, then converted.
    private func normalSerial<T: TensorElement>(_: T.Type, _ mean: Double, _ std: Double, _ engine: Generator) {
        engine.withLockedCore { core in
            fillInMemoryOrder(T.self) { output, count in
                for index in 0..<count {
                    output[index] = T(fromDouble: mean.addingProduct(core.nextNormalSample(), std))
                }
            }
        }
    }
}

extension Generator.Core {
    /// A uniform double in [0, 1) from one 64-bit draw (`uniform_real_distribution<double>(0, 1)`).
    @inline(__always)
    mutating func uniformDouble() -> Double {
        Double(engine.next64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// A standard normal sample of `at::normal_distribution<double>`: the cached second sample if there is one,
    /// otherwise a fresh Box–Muller pair whose sine half is cached.
    mutating func nextNormalSample() -> Double {
        if let cached = nextDoubleNormal {
            nextDoubleNormal = nil
            return cached
        }
        let u1 = uniformDouble()
        let u2 = uniformDouble()
        let radius = (-2.0 * log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        nextDoubleNormal = radius * sin(theta)
        return radius * cos(theta)
    }
}
