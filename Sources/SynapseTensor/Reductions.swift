import RealModule

/// Reductions over all or some dimensions, with `keepdim`, as in PyTorch.
extension Tensor {
    /// Sum of all elements (integers and bools sum to `.int64`).
    public func sum() -> Tensor { sum(dims: nil) }
    /// Sum over one dimension.
    public func sum(dim: Int, keepdim: Bool = false) -> Tensor { sum(dims: [dim], keepdim: keepdim) }
    /// Sum over several dimensions (`nil` = all).
    public func sum(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        Autograd.recordSum(sumKernel(dims: dims, keepdim: keepdim), self, dims: dims, keepdim: keepdim, mean: false)
    }

    private func sumKernel(dims: [Int]?, keepdim: Bool) -> Tensor {
        if dtype == .float32 { return Reducer.sumFloat32(self, dims: dims, keepdim: keepdim, mean: false) }
        if HalfConversion.isHalf(dtype) { return Reducer.sumHalf(self, dims: dims, keepdim: keepdim, mean: false) }
        if dtype == .float64, let fast = Reducer.sumFloat64(self, dims: dims, keepdim: keepdim, mean: false) { return fast }
        let result = dtype.isFloatingPoint ? dtype : .int64
        return Reducer.reduce(self, dims: dims, keepdim: keepdim, result: result) { (block: UnsafePointer<Double>, n) in
            Reducer.sum(block, n)
        } integer: { block, n in
            var total: Int64 = 0
            for index in 0..<n { total &+= block[index] }
            return total
        }
    }

    /// Mean of all elements (floating-point tensors only, like PyTorch).
    public func mean() -> Tensor { mean(dims: nil) }
    /// Mean over one dimension.
    public func mean(dim: Int, keepdim: Bool = false) -> Tensor { mean(dims: [dim], keepdim: keepdim) }
    /// Mean over several dimensions (`nil` = all).
    public func mean(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        check(dtype.isFloatingPoint,
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarTypeName)")
        return Autograd.recordSum(meanKernel(dims: dims, keepdim: keepdim), self, dims: dims, keepdim: keepdim, mean: true)
    }

    private func meanKernel(dims: [Int]?, keepdim: Bool) -> Tensor {
        if dtype == .float32 { return Reducer.sumFloat32(self, dims: dims, keepdim: keepdim, mean: true) }
        if HalfConversion.isHalf(dtype) { return Reducer.sumHalf(self, dims: dims, keepdim: keepdim, mean: true) }
        if dtype == .float64, let fast = Reducer.sumFloat64(self, dims: dims, keepdim: keepdim, mean: true) { return fast }
        return Reducer.reduce(self, dims: dims, keepdim: keepdim, result: dtype) { (block: UnsafePointer<Double>, n) in
            Reducer.sum(block, n) / Double(n)
        } integer: { _, _ in 0 }
    }

    /// Product of all elements.
    public func prod() -> Tensor { prod(dims: nil) }
    /// Product over one dimension.
    public func prod(dim: Int, keepdim: Bool = false) -> Tensor { prod(dims: [dim], keepdim: keepdim) }
    /// Product over several dimensions (`nil` = all).
    public func prod(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        let result = dtype.isFloatingPoint ? dtype : .int64
        let out = Reducer.reduce(self, dims: dims, keepdim: keepdim, result: result) { (block: UnsafePointer<Double>, n) in
            var product = 1.0
            for index in 0..<n { product *= block[index] }
            return product
        } integer: { block, n in
            var product: Int64 = 1
            for index in 0..<n { product &*= block[index] }
            return product
        }
        return Autograd.recordProd(out, self, dims: dims, keepdim: keepdim)
    }

    /// Largest element (NaN if any element is NaN).
    public func max() -> Tensor { extreme(dims: nil, keepdim: false, largest: true, name: "MaxBackward1") }
    /// Smallest element (NaN if any element is NaN).
    public func min() -> Tensor { extreme(dims: nil, keepdim: false, largest: false, name: "MinBackward1") }

    /// Largest values over dimensions, without indices (`torch.amax`).
    public func amax(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        check(numel > 0, "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        return extreme(dims: dims, keepdim: keepdim, largest: true, name: "AmaxBackward0")
    }

    /// Smallest values over dimensions, without indices (`torch.amin`).
    public func amin(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        check(numel > 0, "min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        return extreme(dims: dims, keepdim: keepdim, largest: false, name: "AminBackward0")
    }

    private func extreme(dims: [Int]?, keepdim: Bool, largest: Bool, name: String) -> Tensor {
        check(numel > 0, "\(largest ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        let values = FloatReduction.reduce(self, dims: dims, keepdim: keepdim, largest ? .max : .min)
            ?? Reducer.extreme(self, dims: dims, keepdim: keepdim, largest: largest).values
        return Autograd.recordExtreme(values, self, dims: dims, keepdim: keepdim, name: name)
    }

    /// Largest values along `dim` and their indices (the first occurrence; NaN counts as largest).
    public func max(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        let (values, indices) = Reducer.extreme(self, dims: [dim], keepdim: keepdim, largest: true)
        return (Autograd.recordSelected(values, indices: indices, self, dim: dim, keepdim: keepdim, name: "MaxBackward0"), indices)
    }

    /// Smallest values along `dim` and their indices (the first occurrence; NaN counts as smallest).
    public func min(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        let (values, indices) = Reducer.extreme(self, dims: [dim], keepdim: keepdim, largest: false)
        return (Autograd.recordSelected(values, indices: indices, self, dim: dim, keepdim: keepdim, name: "MinBackward0"), indices)
    }

    /// Index of the largest element, in the flattened tensor (`dim` nil) or along `dim`.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) -> Tensor {
        guard let dim else { return Reducer.extreme(reshape([-1]), dims: [0], keepdim: false, largest: true).indices }
        return max(dim: dim, keepdim: keepdim).indices
    }

    /// Index of the smallest element, in the flattened tensor (`dim` nil) or along `dim`.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) -> Tensor {
        guard let dim else { return Reducer.extreme(reshape([-1]), dims: [0], keepdim: false, largest: false).indices }
        return min(dim: dim, keepdim: keepdim).indices
    }

    /// Variance over dimensions (`nil` = all) with Bessel's correction when `unbiased` (`correction` = 1).
    public func variance(dims: [Int]? = nil, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, correction: unbiased ? 1 : 0, keepdim: keepdim)
    }

    /// Variance with an explicit correction (`torch.var(..., correction=…)`).
    public func variance(dims: [Int]?, correction: Int, keepdim: Bool = false) -> Tensor {
        check(dtype.isFloatingPoint, "std and var only support floating point and complex dtypes")
        let out = FloatReduction.reduce(self, dims: dims, keepdim: keepdim, .variance(correction: correction))
            ?? Reducer.reduce(self, dims: dims, keepdim: keepdim, result: dtype) { (block: UnsafePointer<Double>, n) in
            let mean = Reducer.sum(block, n) / Double(n)
            var squares = 0.0
            for index in 0..<n { squares += (block[index] - mean) * (block[index] - mean) }
            return squares / Double(Swift.max(n - correction, 0))
        } integer: { _, _ in 0 }
        return Autograd.recordVariance(out, self, dims: dims, correction: correction, keepdim: keepdim, std: false)
    }

    /// Variance along one dimension.
    public func variance(dim: Int, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dims: [dim], unbiased: unbiased, keepdim: keepdim)
    }

    /// Standard deviation over dimensions (`nil` = all).
    public func std(dims: [Int]? = nil, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        let out = noGrad { variance(dims: dims, unbiased: unbiased, keepdim: keepdim).sqrt() }
        return Autograd.recordVariance(out, self, dims: dims, correction: unbiased ? 1 : 0, keepdim: keepdim, std: true)
    }

    /// Standard deviation along one dimension.
    public func std(dim: Int, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        std(dims: [dim], unbiased: unbiased, keepdim: keepdim)
    }

    /// The p-norm over dimensions (`nil` = all): 2 by default, `.infinity` for the largest magnitude.
    public func norm(p: Double = 2, dims: [Int]? = nil, keepdim: Bool = false) -> Tensor {
        let result = dtype.isFloatingPoint ? dtype : .float32
        let out = Reducer.reduce(self, dims: dims, keepdim: keepdim, result: result) { (block: UnsafePointer<Double>, n) in
            Reducer.norm(block, n, p: p)
        } integer: { _, _ in 0 }
        return Autograd.recordNorm(out, self, p: p, dims: dims, keepdim: keepdim)
    }

    /// `log(sum(exp(x)))` over dimensions, computed stably.
    public func logsumexp(dims: [Int], keepdim: Bool = false) -> Tensor {
        let result = dtype.isFloatingPoint ? dtype : .float32
        let out = Reducer.reduce(self, dims: dims, keepdim: keepdim, result: result) { (block: UnsafePointer<Double>, n) in
            var largest = -Double.infinity
            for index in 0..<n { largest = Swift.max(largest, block[index]) }
            if largest.isInfinite { largest = 0 }
            var total = 0.0
            for index in 0..<n { total += Double.exp(block[index] - largest) }
            return Double.log(total) + largest
        } integer: { _, _ in 0 }
        return Autograd.recordLogsumexp(out, self, dims: dims, keepdim: keepdim)
    }

    /// `logsumexp` along one dimension.
    public func logsumexp(dim: Int, keepdim: Bool = false) -> Tensor { logsumexp(dims: [dim], keepdim: keepdim) }

    /// Whether any element is non-zero (a `.bool` 0-dim tensor).
    public func any() -> Tensor { any(dims: nil) }
    /// Whether any element along `dim` is non-zero.
    public func any(dim: Int, keepdim: Bool = false) -> Tensor { any(dims: [dim], keepdim: keepdim) }
    /// Whether any element over the dimensions is non-zero.
    public func any(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        Reducer.boolean(self, dims: dims, keepdim: keepdim, any: true)
    }

    /// Whether every element is non-zero (a `.bool` 0-dim tensor).
    public func all() -> Tensor { all(dims: nil) }
    /// Whether every element along `dim` is non-zero.
    public func all(dim: Int, keepdim: Bool = false) -> Tensor { all(dims: [dim], keepdim: keepdim) }
    /// Whether every element over the dimensions is non-zero.
    public func all(dims: [Int]?, keepdim: Bool = false) -> Tensor {
        Reducer.boolean(self, dims: dims, keepdim: keepdim, any: false)
    }
}
