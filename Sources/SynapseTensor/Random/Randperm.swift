extension Tensor {
    /// A random permutation of `0..<n` (`torch.randperm(n)`), PyTorch's bits for the same generator state.
    ///
    /// For `n < 2^32 / 20` it is PyTorch's shuffle: start from `0..<n` and, for `i` in `0..<n-1`, swap element `i`
    /// with element `i + draw % (n - i)` (one 32-bit draw each). Larger `n` use the "inside-out" shuffle with
    /// 64-bit draws, also as PyTorch does. `n - 1` must fit the dtype (float16 up to 2049, float32 up to 2^24 + 1;
    /// bfloat16 rounds values above 256, as in PyTorch); bool is not supported.
    ///
    /// ```swift
    /// manualSeed(0)
    /// let order = Tensor.randperm(5)     // torch.manual_seed(0); torch.randperm(5)
    /// ```
    public static func randperm(_ n: Int, dtype: DType = .int64, generator: Generator? = nil) -> Tensor {
        check(n >= 0, "Trying to create tensor with negative dimension \(n): [\(n)]")
        check(dtype != .bool, "\"randperm\" not implemented for 'Bool'")
        switch dtype {
        case .float16: check(n <= (1 << 11) + 1, "n cannot be greater than 2049 for Half type.")
        case .float32: check(n <= (1 << 24) + 1, "n cannot be greater than 2^24+1 for Float type.")
        case .float64: check(n <= (1 << 53) + 1, "n cannot be greater than 2^53+1 for Double type.")
        case .uint8: check(n <= Int(UInt8.max) + 1, "value cannot be converted to type uint8_t without overflow")
        case .int8: check(n <= Int(Int8.max) + 1, "value cannot be converted to type int8_t without overflow")
        case .int16: check(n <= Int(Int16.max) + 1, "value cannot be converted to type int16_t without overflow")
        case .int32: check(n <= Int(Int32.max) + 1, "value cannot be converted to type int32_t without overflow")
        default: break
        }
        let permutation = Tensor.empty([n], dtype: .int64)
        let values = permutation.basePointer(Int64.self)
        generator.resolved.withLockedCore { core in
            withExtendedLifetime(permutation.storage) {
                if n < Int(UInt32.max / 20) {
                    for index in 0..<n { values[index] = Int64(index) }
                    if n > 1 {
                        for i in 0..<(n - 1) {
                            let z = Int(core.engine.next()) % (n - i)
                            values.swapAt(i, i + z)
                        }
                    }
                } else {
                    for i in 0..<n {
                        let z = Int(core.engine.next64() % UInt64(i + 1))
                        values[i] = values[z]
                        values[z] = Int64(i)
                    }
                }
            }
        }
        permutation.markModified()
        return permutation.to(dtype)
    }
}

extension UnsafeMutablePointer {
    /// Exchanges the elements at offsets `i` and `j`.
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let saved = self[i]
        self[i] = self[j]
        self[j] = saved
    }
}
