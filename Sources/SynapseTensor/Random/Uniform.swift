import CSynapseKernels

extension Tensor {
    /// Fills the tensor in place with values drawn uniformly from `[from, to)` (`t.uniform_(from, to)`),
    /// with PyTorch's bits for the same generator state.
    ///
    /// Elements are drawn one after another in storage order, so a transposed view receives the same numbers
    /// as its contiguous base would. float32, float16 and bfloat16 use one 32-bit draw per element
    /// (`fma(Float(w & 0xFFFFFF) * 2^-24, to - from, from)` in `Float`, then rounded), float64 one 64-bit draw.
    ///
    /// ```swift
    /// manualSeed(0)
    /// let w = Tensor.empty([2, 3]).uniform_(-0.5, 0.5)    // torch.manual_seed(0); torch.empty(2, 3).uniform_(-0.5, 0.5)
    /// ```
    @discardableResult
    public func uniform_(_ from: Double = 0, _ to: Double = 1, generator: Generator? = nil) -> Tensor {
        check(dtype.isFloatingPoint, "\"check_uniform_bounds\" not implemented for '\(dtype.scalarTypeName)'")
        let range = dtype.floatingRange
        let typeName = dtype.cTypeName
        check(range.contains(from), "from is out of bounds for \(typeName)")
        check(range.contains(to), "to is out of bounds for \(typeName)")
        check(from <= to,
            "uniform_ expects to return a [from, to) range, but found from=\(RandomBounds.cppNumber(from)) > to=\(RandomBounds.cppNumber(to))")
        check(to - from <= range.upperBound,
            "uniform_ expects to-from <= std::numeric_limits<\(dtype.scalarTypeName)>::max(), but found to=\(RandomBounds.cppNumber(to)) and from=\(RandomBounds.cppNumber(from)) which result in to-from to exceed the limit")
        let engine = generator.resolved
        switch dtype {
        case .float64:
            engine.withLockedCore { core in
                fillInMemoryOrder(Double.self) { synapse_uniform_f64(&core.engine.raw, $0, $1, from, to) }
            }
        case .float16: fillUniformReduced(Float16.self, Float(from), Float(to), engine)
        case .bfloat16: fillUniformReduced(BFloat16.self, Float(from), Float(to), engine)
        default:
            engine.withLockedCore { core in
                fillInMemoryOrder(Float.self) { synapse_uniform_f32(&core.engine.raw, $0, $1, Float(from), Float(to)) }
            }
        }
        return self
    }

    /// float16/bfloat16: the float32 value, rounded; a value that rounds onto `to` becomes `from`.
    private func fillUniformReduced<T: ReducedPrecisionFloat>(_: T.Type, _ from: Float, _ to: Float, _ engine: Generator) {
        let low = T(rounding: from), high = T(rounding: to)
        engine.withLockedCore { core in
            fillInMemoryOrder(T.self) { output, count in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Swift.min(count, 4096)) { scratch in
                    var done = 0
                    while done < count {
                        let chunk = Swift.min(count - done, scratch.count)
                        synapse_uniform_f32(&core.engine.raw, scratch.baseAddress, chunk, from, to)
                        for index in 0..<chunk {
                            let value = T(rounding: scratch[index])
                            output[done + index] = value.widened == high.widened ? low : value
                        }
                        done += chunk
                    }
                }
            }
        }
    }

    /// A tensor of values drawn uniformly from `[0, 1)` (`torch.rand(shape)`); `dtype` must be floating point.
    ///
    /// ```swift
    /// manualSeed(42)
    /// let x = Tensor.rand([2, 3])          // same bits as torch.manual_seed(42); torch.rand(2, 3)
    /// ```
    public static func rand(_ shape: [Int], dtype: DType = .float32, generator: Generator? = nil) -> Tensor {
        empty(shape, dtype: dtype).uniform_(0, 1, generator: generator)
    }
}
