extension Tensor {
    /// Fills the tensor in place with random integers over the dtype's natural range (`t.random_()`): `[0, 2^63)`
    /// for int64, `[0, max]` for the other integer types, `[0, 2^digits]` for floating types (`[0, 2^24]` for
    /// float32), `{false, true}` for bool. int64 and float64 use one 64-bit draw per element, the rest one 32-bit draw.
    @discardableResult
    public func random_(generator: Generator? = nil) -> Tensor {
        let modulus: UInt64
        switch dtype {
        case .bool: modulus = 2
        case .int64: modulus = 1 << 63
        case .int32: modulus = 1 << 31
        case .int16: modulus = 1 << 15
        case .int8: modulus = 1 << 7
        case .uint8: modulus = 1 << 8
        default: modulus = (1 << UInt64(dtype.significandDigits)) + 1
        }
        let wide = dtype == .int64 || dtype == .float64
        dtype.visit(IntegerFill(tensor: self, engine: generator.resolved) { engine in
            Int64(bitPattern: (wide ? engine.next64() : UInt64(engine.next())) % modulus)
        })
        return self
    }

    /// Fills the tensor in place with random integers in `[0, to)` (`t.random_(to)`).
    @discardableResult
    public func random_(_ to: Int, generator: Generator? = nil) -> Tensor {
        random_(0, to, generator: generator)
    }

    /// Fills the tensor in place with random integers in `[from, to)` (`t.random_(from, to)`), PyTorch's bits for
    /// the same generator state: `(draw % (to - from)) + from` in storage order, with a 64-bit draw when the range
    /// is at least 2^28 and a 32-bit draw otherwise. For floating dtypes the bounds first move inward to values the
    /// dtype can represent, as PyTorch does.
    ///
    /// ```swift
    /// let dice = Tensor.empty([10], dtype: .int64).random_(1, 7)
    /// ```
    @discardableResult
    public func random_(_ from: Int, _ to: Int, generator: Generator? = nil) -> Tensor {
        var from = Int64(from), to = Int64(to)
        check(from < to, "random_ expects 'from' to be less than 'to', but got from=\(from) >= to=\(to)")
        if dtype.isFloatingPoint {
            from = RandomBounds.updateFrom(from, dtype)
            to = RandomBounds.updateTo(to, dtype)
            check(from < to,
                "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=\(from) >= to=\(to)")
        }
        RandomBounds.checkInRange(from, to - 1, dtype)
        let range = UInt64(bitPattern: to) &- UInt64(bitPattern: from)
        let base = UInt64(bitPattern: from)
        dtype.visit(IntegerFill(tensor: self, engine: generator.resolved) { engine in
            let draw = range >= 1 << 28 ? engine.next64() : UInt64(engine.next())
            return Int64(bitPattern: draw % range &+ base)
        })
        return self
    }

    /// Random integers in `[low, high)` (`torch.randint(low, high, shape)`); `high` must be greater than `low`.
    ///
    /// ```swift
    /// manualSeed(0)
    /// let labels = Tensor.randint(0, 10, [8])      // torch.manual_seed(0); torch.randint(0, 10, (8,))
    /// ```
    public static func randint(
        _ low: Int, _ high: Int, _ shape: [Int], dtype: DType = .int64, generator: Generator? = nil
    ) -> Tensor {
        empty(shape, dtype: dtype).random_(low, high, generator: generator)
    }

    /// Random integers in `[0, high)` (`torch.randint(high, shape)`).
    public static func randint(_ high: Int, _ shape: [Int], dtype: DType = .int64, generator: Generator? = nil) -> Tensor {
        randint(0, high, shape, dtype: dtype, generator: generator)
    }
}

/// Writes `draw(engine)` (an integer, converted as C++ `static_cast` converts an `int64_t`) to every element in
/// storage order.
private struct IntegerFill: ElementVisitor {
    let tensor: Tensor, engine: Generator
    let draw: (inout MT19937) -> Int64
    func visit<T: TensorElement>(_: T.Type) {
        engine.withLockedCore { core in
            tensor.fillInMemoryOrder(T.self) { output, count in
                for index in 0..<count { output[index] = T(fromInt64: draw(&core.engine)) }
            }
        }
    }
}
