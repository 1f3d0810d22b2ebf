/// Matrix products, as in PyTorch: `matmul` (with its 1-D, 2-D, batched and broadcast cases), `mm`, `bmm`,
/// `addmm`, `mv`, `dot`, `outer`.
extension Tensor {
    /// The matrix product with PyTorch's `matmul` rules: 1-D·1-D is a dot product, 2-D·2-D a matrix product,
    /// a 1-D operand gains (and then loses) a dimension, and leading batch dimensions broadcast.
    public func matmul(_ other: Tensor) -> Tensor {
        check(rank >= 1 && other.rank >= 1,
            "both arguments to matmul need to be at least 1D, but they are \(rank)D and \(other.rank)D")
        switch (rank, other.rank) {
        case (1, 1): return dot(other)
        case (2, 1): return mv(other)
        case (1, 2): return unsqueeze(0).mm(other).squeeze(0)
        case (2, 2): return mm(other)
        case (3..., 1), (3..., 2):
            // Fold the batch into the rows of one matrix product.
            let k = shape[rank - 1]
            let right = other.rank == 1 ? other.unsqueeze(1) : other
            let product = reshape([-1, k]).mm(right)
            let outShape = Array(shape.dropLast()) + (other.rank == 1 ? [] : [other.shape[1]])
            return product.reshape(outShape)
        default:
            let left = rank == 1 ? unsqueeze(0) : self
            let right = other.rank == 1 ? other.unsqueeze(1) : other
            let (n, k) = (left.shape[left.rank - 2], left.shape[left.rank - 1])
            let (k2, m) = (right.shape[right.rank - 2], right.shape[right.rank - 1])
            check(k == k2, "Expected size for first two dimensions of batch2 tensor to be: [\(k), \(m)] but got: [\(k2), \(m)].")
            let batch = Broadcast.shape(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2)))
            let a = left.expand(batch + [n, k]).reshape([-1, n, k])
            let b = right.expand(batch + [k, m]).reshape([-1, k, m])
            var outShape = batch + [n, m]
            if rank == 1 { outShape.remove(at: outShape.count - 2) }
            if other.rank == 1 { outShape.removeLast() }
            return a.bmm(b).reshape(outShape)
        }
    }

    /// The product of two matrices (`torch.mm`).
    public func mm(_ other: Tensor) -> Tensor {
        if let low = Autocast.lowering(self, other) { return Autocast.cast(self, low).mm(Autocast.cast(other, low)) }
        check(rank == 2, "self must be a matrix")
        check(other.rank == 2, "mat2 must be a matrix")
        check(shape[1] == other.shape[0],
            "mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))")
        check(dtype == other.dtype,
            "expected m1 and m2 to have the same dtype, but got: \(dtype.cTypeName) != \(other.dtype.cTypeName)")
        let out = Tensor.empty(SharedLayouts.pair(shape[0], other.shape[1]), dtype: dtype)
        MatrixKernels.multiply(self, other, into: out)
        guard Autograd.needsGrad(self, other) else { return out }
        let layouts = Tensor.gradientLayouts(self, other)
        let kept = Autograd.factors(self, other)
        return Autograd.attach(out, name: "MmBackward0", inputs: self, other, saved: kept.a, kept.b) { g, s, needs in
            let (a, b) = s.factors(needsA: needs[0], needsB: needs[1])
            let (gradA, gradB) = Tensor.productGradients(g, a, b, layouts: layouts)
            return InputGradients(gradA, gradB)
        }
    }

    /// Batched matrix products of two 3-D tensors with the same batch size (`torch.bmm`).
    public func bmm(_ other: Tensor) -> Tensor {
        if let low = Autocast.lowering(self, other) { return Autocast.cast(self, low).bmm(Autocast.cast(other, low)) }
        check(rank == 3, "batch1 must be a 3D tensor")
        check(other.rank == 3, "batch2 must be a 3D tensor")
        check(shape[0] == other.shape[0], "batch1 and batch2 must have same number of batches, got \(shape[0]) and \(other.shape[0])")
        check(shape[2] == other.shape[1],
            "Expected size for first two dimensions of batch2 tensor to be: [\(shape[0]), \(shape[2])] but got: [\(other.shape[0]), \(other.shape[1])].")
        check(dtype == other.dtype,
            "expected scalar type \(dtype.scalarTypeName) but found \(other.dtype.scalarTypeName)")
        let out = Tensor.empty([shape[0], shape[1], other.shape[2]], dtype: dtype)
        noGrad {
            for index in 0..<shape[0] {
                MatrixKernels.multiply(select(0, index), other.select(0, index), into: out.select(0, index))
            }
        }
        guard Autograd.needsGrad(self, other) else { return out }
        let kept = Autograd.factors(self, other)
        return Autograd.attach(out, name: "BmmBackward0", inputs: self, other, saved: kept.a, kept.b) { g, s, needs in
            let (a, b) = s.factors(needsA: needs[0], needsB: needs[1])
            return InputGradients(b.map { g.bmm($0.transpose(1, 2)) }, a.map { $0.transpose(1, 2).bmm(g) })
        }
    }

    /// `beta·input + alpha·(mat1 · mat2)` (`torch.addmm`); `input` broadcasts to the product's shape.
    /// This is what a linear layer computes: `addmm(bias, x, weight.t())`.
    public static func addmm(_ input: Tensor, _ mat1: Tensor, _ mat2: Tensor, beta: Double = 1, alpha: Double = 1) -> Tensor {
        if let low = Autocast.lowering(mat1, mat2) {
            return addmm(Autocast.cast(input, low), Autocast.cast(mat1, low), Autocast.cast(mat2, low),
                         beta: beta, alpha: alpha)
        }
        check(mat1.rank == 2, "mat1 must be a matrix, got \(mat1.rank)-D tensor")
        check(mat2.rank == 2, "mat2 must be a matrix, got \(mat2.rank)-D tensor")
        check(mat1.shape[1] == mat2.shape[0],
            "mat1 and mat2 shapes cannot be multiplied (\(mat1.shape[0])x\(mat1.shape[1]) and \(mat2.shape[0])x\(mat2.shape[1]))")
        let shape = SharedLayouts.pair(mat1.shape[0], mat2.shape[1])
        let out = Tensor.empty(shape, dtype: mat1.dtype)
        if beta == 1, alpha == 1, mat2.dtype == .bfloat16, BFloat16Product.addsBias(input, into: out) {
            // The bias added in the kernel's epilogue: the same bits as the rows written first and accumulated.
            BFloat16Product.multiply(mat1, mat2, into: out, accumulate: false, bias: input)
        } else {
            if beta != 0 { broadcastRows(input, into: out) }
            MatrixKernels.multiply(mat1, mat2, into: out, alpha: alpha, beta: beta)
        }
        guard Autograd.needsGrad(input, mat1, mat2) else { return out }
        let layouts = gradientLayouts(mat1, mat2)
        let kept = Autograd.factors(mat1, mat2)
        return Autograd.attach(out, name: "AddmmBackward0", inputs: input, mat1, mat2, saved: kept.a, kept.b) { g, s, needs in
            let (mat1, mat2) = s.factors(needsA: needs[1], needsB: needs[2])
            let (gradMat1, gradMat2) = productGradients(g, mat1, mat2, layouts: layouts)
            return InputGradients(needs[0] ? (beta == 1 ? g : g * beta) : nil,
                                  alpha == 1 ? gradMat1 : gradMat1.map { $0 * alpha },
                                  alpha == 1 ? gradMat2 : gradMat2.map { $0 * alpha })
        }
    }

    /// Whether a matrix is laid out column by column without gaps (a transposed contiguous matrix), PyTorch's
    /// test for giving its gradient the same layout.
    static func isColumnMajor(_ matrix: Tensor) -> Bool {
        matrix.strides[0] == 1 && matrix.strides[1] == matrix.shape[0]
    }

    /// Whether each operand of a product `a·b` is column-major, recorded when the product is (the operands may
    /// not be saved) for ``productGradients(_:_:_:layouts:)``.
    static func gradientLayouts(_ a: Tensor, _ b: Tensor) -> (a: Bool, b: Bool) { (isColumnMajor(a), isColumnMajor(b)) }

    /// The gradients of `a·b` from the output's gradient `g`: `g·bᵀ` when `b` is given (`a` needs a gradient),
    /// `aᵀ·g` when `a` is. Each takes its operand's layout, column-major for a transposed matrix, as PyTorch's
    /// `mm_mat1_backward`/`mm_mat2_backward`: for `x·Wᵀ` the gradient then arrives at W contiguous, so it becomes
    /// W's `.grad` without a copy and the optimiser's update runs on contiguous memory.
    static func productGradients(
        _ g: Tensor, _ a: Tensor?, _ b: Tensor?, layouts: (a: Bool, b: Bool)
    ) -> (a: Tensor?, b: Tensor?) {
        (b.map { product(g, transposed: false, $0, transposed: true, columnMajor: layouts.a) },
         a.map { product($0, transposed: true, g, transposed: false, columnMajor: layouts.b) })
    }

    /// `op(a)·op(b)`, `op` transposing the operands flagged, for backward formulas: outside grad mode the
    /// transpositions are BLAS flags rather than view tensors; inside (a `createGraph` backward), recorded views.
    /// With `columnMajor` the result is laid out column by column (strides `[1, rows]`), as `(op(b)ᵀ·op(a)ᵀ)ᵀ`
    /// would be, without a second tensor for the transposition.
    static func product(
        _ a: Tensor, transposed transposeA: Bool, _ b: Tensor, transposed transposeB: Bool, columnMajor: Bool = false
    ) -> Tensor {
        guard !GradMode.isEnabled, a.dtype == b.dtype, a.dtype == .float32 || a.dtype == .float64 else {
            if columnMajor { return (transposeB ? b : b.t()).mm(transposeA ? a : a.t()).t() }
            return (transposeA ? a.t() : a).mm(transposeB ? b.t() : b)
        }
        let rows = transposeA ? a.shape[1] : a.shape[0], columns = transposeB ? b.shape[0] : b.shape[1]
        // A row or column vector is laid out the same either way.
        let out = columnMajor && rows > 1 && columns > 1
            ? Tensor(storage: Storage.allocate(byteCount: rows * columns * a.dtype.itemSize),
                     shape: SharedLayouts.pair(rows, columns), strides: SharedLayouts.pair(1, rows), dtype: a.dtype)
            : Tensor.empty(SharedLayouts.pair(rows, columns), dtype: a.dtype)
        MatrixKernels.multiply(a, transposingA: transposeA, b, transposingB: transposeB, into: out)
        return out
    }

    /// Writes `input` broadcast over `out` (fresh and contiguous): a bias vector is copied into each row directly,
    /// anything else goes through an expanded view.
    private static func broadcastRows(_ input: Tensor, into out: Tensor) {
        let columns = out.shape[1]
        guard input.rank == 1, input.shape[0] == columns, input.dtype == out.dtype, input.strides[0] == 1 else {
            CopyKernel.copy(from: input.expand(out.shape), into: out)
            return
        }
        let rowBytes = columns * input.dtype.itemSize
        withExtendedLifetime(input) {
            for row in 0..<out.shape[0] {
                (out.baseRawPointer + row * rowBytes).copyMemory(from: input.baseRawPointer, byteCount: rowBytes)
            }
        }
    }

    /// Matrix–vector product (`torch.mv`).
    public func mv(_ vector: Tensor) -> Tensor {
        check(rank == 2 && vector.rank == 1,
            "vector + matrix @ vector expected, got \(rank), \(vector.rank)")
        check(shape[1] == vector.shape[0],
            "size mismatch, got input (\(shape[0])), mat (\(shape[0])x\(shape[1])), vec (\(vector.shape[0]))")
        let out = noGrad { mm(vector.unsqueeze(1)).squeeze(1) }
        guard Autograd.needsGrad(self, vector) else { return out }
        return Autograd.attach(out, name: "MvBackward0", inputs: self, vector, saved: self, vector) { g, s, needs in
            InputGradients(needs[0] ? g.outer(s[1]) : nil, needs[1] ? s[0].t().mv(g) : nil)
        }
    }

    /// Dot product of two 1-D tensors (`torch.dot`).
    public func dot(_ other: Tensor) -> Tensor {
        check(rank == 1 && other.rank == 1,
            "1D tensors expected, but got \(rank)D and \(other.rank)D tensors")
        check(numel == other.numel,
            "inconsistent tensor size, expected tensor [\(numel)] and src [\(other.numel)] to have the same number of elements, but got \(numel) and \(other.numel) elements respectively")
        let out = noGrad { unsqueeze(0).mm(other.unsqueeze(1)).reshape([]) }
        guard Autograd.needsGrad(self, other) else { return out }
        let kept = Autograd.factors(self, other)
        return Autograd.attach(out, name: "DotBackward0", inputs: self, other, saved: kept.a, kept.b) { g, s, needs in
            let (a, b) = s.factors(needsA: needs[0], needsB: needs[1])
            return InputGradients(b.map { g * $0 }, a.map { g * $0 })
        }
    }

    /// Outer product of two 1-D tensors (`torch.outer`).
    public func outer(_ other: Tensor) -> Tensor {
        check(rank == 1 && other.rank == 1, "outer: expected 1D tensors, but got \(rank)D and \(other.rank)D")
        return unsqueeze(1) * other.unsqueeze(0)
    }
}
