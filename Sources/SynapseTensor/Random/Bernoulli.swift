extension Tensor {
    /// Fills the tensor in place with 1 (probability `p`) or 0 (`t.bernoulli_(p)`), PyTorch's bits for the same
    /// generator state: one 64-bit uniform per element, in storage order, `u < p`. Works for every dtype.
    ///
    /// ```swift
    /// let keep = Tensor.empty([4, 4]).bernoulli_(0.9)    // a dropout mask
    /// ```
    @discardableResult
    public func bernoulli_(_ p: Double = 0.5, generator: Generator? = nil) -> Tensor {
        check(p >= 0 && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=\(RandomBounds.cppNumber(p))")
        dtype.visit(BernoulliFill(tensor: self, p: p, engine: generator.resolved))
        return self
    }
}

private struct BernoulliFill: ElementVisitor {
    let tensor: Tensor, p: Double, engine: Generator
    func visit<T: TensorElement>(_: T.Type) {
        let one = T(fromInt64: 1), zero = T(fromInt64: 0)
        engine.withLockedCore { core in
            tensor.fillInMemoryOrder(T.self) { output, count in
                for index in 0..<count { output[index] = core.uniformDouble() < p ? one : zero }
            }
        }
    }
}
