/// Matrix functions of small square matrices, computed in double precision and rounded to the input's dtype:
/// the exponential (`torch.matrix_exp`) and linear solves (`torch.linalg.solve`), with their gradients. Batches
/// are not supported: the inputs are 2-D.
extension Tensor {
    /// The matrix exponential `exp(A) = Σ Aᵏ/k!` of a square matrix (`torch.matrix_exp`), by scaling and
    /// squaring a Taylor series in double precision. Its gradient is the upper-right block of
    /// `exp([[Aᵀ, G], [0, Aᵀ]])`, as PyTorch computes it.
    public func matrixExp() -> Tensor {
        check(rank == 2, "matrix_exp: Synapse supports matrices, not batches; got a tensor of shape \(Tensor.shapeString(shape))")
        check(shape[0] == shape[1],
            "linalg.matrix_exp: A must be batches of square matrices, but they are \(shape[0]) by \(shape[1]) matrices")
        check(dtype.isFloatingPoint, "matrix_exp: expected a floating-point tensor, got \(dtype)")
        let n = shape[0]
        let out = Tensor(flat: MatrixMath.exp(toArray(of: Double.self), n), shape: shape).to(dtype)
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "LinalgMatrixExpBackward0", inputs: self, saved: self) { g, s, _ in
            let a = s[0].toArray(of: Double.self), gradient = g.toArray(of: Double.self)
            var block = [Double](repeating: 0, count: 4 * n * n)
            for i in 0..<n {
                for j in 0..<n {
                    block[i * 2 * n + j] = a[j * n + i]
                    block[(n + i) * 2 * n + n + j] = a[j * n + i]
                    block[i * 2 * n + n + j] = gradient[i * n + j]
                }
            }
            let big = MatrixMath.exp(block, 2 * n)
            let result = (0..<n * n).map { big[($0 / n) * 2 * n + n + $0 % n] }
            return InputGradients(Tensor(flat: result, shape: [n, n]).to(g.dtype))
        }
    }

    /// The solution `X` of `A X = B` for a square, invertible `A` and a matrix `B` (`torch.linalg.solve`), by
    /// Gaussian elimination with partial pivoting in double precision. Gradients: `B̄ = A⁻ᵀ Ḡ`, `Ā = -B̄ Xᵀ`.
    public static func linalgSolve(_ a: Tensor, _ b: Tensor) -> Tensor {
        check(a.rank == 2 && a.shape[0] == a.shape[1],
            "linalg.solve: A must be a square matrix, got a tensor of shape \(Tensor.shapeString(a.shape))")
        check(b.rank == 2 && b.shape[0] == a.shape[0],
            "linalg.solve: incompatible shapes of A and B for the equation AX = B (\(a.shape[0])x\(a.shape[1]) and \(b.rank == 2 ? "\(b.shape[0])x\(b.shape[1])" : Tensor.shapeString(b.shape)))")
        let n = a.shape[0], m = b.shape[1]
        let dtype = DType.promote(a.dtype, b.dtype)
        guard let x = MatrixMath.solve(a.toArray(of: Double.self), b.toArray(of: Double.self), n, m) else {
            fatalError("torch.linalg.solve: The solver failed because the input matrix is singular.")
        }
        let out = Tensor(flat: x, shape: [n, m]).to(dtype)
        guard Autograd.needsGrad(a, b) else { return out }
        return Autograd.attach(out, name: "LinalgSolveExBackward0", inputs: a, b, saved: a, out.detach()) { g, s, needs in
            let gradB = Tensor.linalgSolve(s[0].t(), g)
            return InputGradients(needs[0] ? -gradB.matmul(s[1].t()) : nil, needs[1] ? gradB : nil)
        }
    }
}

/// Dense double-precision kernels on row-major arrays.
enum MatrixMath {
    /// `C = A B` for `n × k` and `k × m` matrices.
    static func multiply(_ a: [Double], _ b: [Double], _ n: Int, _ k: Int, _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for p in 0..<k where a[i * k + p] != 0 {
                let scale = a[i * k + p]
                for j in 0..<m { c[i * m + j] += scale * b[p * m + j] }
            }
        }
        return c
    }

    /// `exp(A)` of an `n × n` matrix: `A` scaled by `2⁻ˢ` below norm 1/2, a Taylor series to double precision, then
    /// squared `s` times.
    static func exp(_ a: [Double], _ n: Int) -> [Double] {
        let norm = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + Swift.abs(a[i * n + $1]) } }.max() ?? 0
        var squarings = 0
        while norm / Double(1 << squarings) > 0.5 && squarings < 60 { squarings += 1 }
        let scale = 1 / Double(1 << squarings)
        let scaled = a.map { $0 * scale }
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n { result[i * n + i] = 1 }
        var term = result
        for k in 1...30 {
            term = multiply(term, scaled, n, n, n).map { $0 / Double(k) }
            var largest = 0.0
            for index in 0..<(n * n) {
                result[index] += term[index]
                largest = Swift.max(largest, Swift.abs(term[index]))
            }
            if largest < 1e-18 { break }
        }
        for _ in 0..<squarings { result = multiply(result, result, n, n, n) }
        return result
    }

    /// `A⁻¹ B` for an `n × n` matrix `A` and an `n × m` matrix `B`, or `nil` when `A` is singular.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int, _ m: Int) -> [Double]? {
        var a = a, x = b
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { Swift.abs(a[$0 * n + column]) < Swift.abs(a[$1 * n + column]) }),
                  a[pivot * n + column] != 0 else { return nil }
            if pivot != column {
                for j in 0..<n { a.swapAt(pivot * n + j, column * n + j) }
                for j in 0..<m { x.swapAt(pivot * m + j, column * m + j) }
            }
            for row in (column + 1)..<n where a[row * n + column] != 0 {
                let factor = a[row * n + column] / a[column * n + column]
                for j in column..<n { a[row * n + j] -= factor * a[column * n + j] }
                for j in 0..<m { x[row * m + j] -= factor * x[column * m + j] }
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            for j in 0..<m {
                var value = x[row * m + j]
                for p in (row + 1)..<n { value -= a[row * n + p] * x[p * m + j] }
                x[row * m + j] = value / a[row * n + row]
            }
        }
        return x
    }
}
