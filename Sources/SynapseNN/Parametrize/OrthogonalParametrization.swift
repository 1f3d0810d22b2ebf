/// The orthogonal parametrization (`torch.nn.utils.parametrizations._Orthogonal`): a matrix with orthonormal
/// columns (rows, when wider than tall) computed from an unconstrained one through the matrix exponential or the
/// Cayley map of its skew-symmetric part, or a product of Householder reflections. With trivialization (the
/// default), the result is multiplied by the buffer `base`, set by the right inverse, so that a freshly registered
/// weight keeps its orthogonalised value while the original starts at `-I`. Only matrices (not batches) are
/// supported. Registered by ``Parametrizations/orthogonal(_:name:map:useTrivialization:generator:)``.
public final class OrthogonalParametrization: Module, Parametrization {
    /// How the orthogonal matrix is computed.
    public enum Map: String, Sendable {
        /// `exp(A)`, A skew-symmetric (`"matrix_exp"`).
        case matrixExp = "matrix_exp"
        /// `(I - A/2)⁻¹ (I + A/2)` (`"cayley"`).
        case cayley
        /// A product of Householder reflections (`"householder"`).
        case householder
    }

    /// The orthogonal matrix the result is multiplied by (with trivialization; `nil` until the right inverse sets it).
    public var base: Buffer?
    /// The map.
    public let map: Map
    /// Whether the result is multiplied by ``base`` (PyTorch keeps `base` as an attribute only then).
    public let useTrivialization: Bool
    /// The shape of the parametrized matrix.
    public let shape: [Int]
    /// Where the right inverse draws its completion of a non-square matrix; the default generator when `nil`.
    public let generator: Generator?

    /// The parametrization of a matrix shaped like `weight`.
    public init(
        _ weight: Tensor, map: Map, useTrivialization: Bool = true, generator: Generator? = nil
    ) throws(ReparametrizationError) {
        guard weight.rank == 2 else {
            throw ReparametrizationError("Expected a matrix: batches of matrices are not supported by Synapse's orthogonal parametrization. Got a tensor of \(weight.rank) dimensions.")
        }
        if map == .householder && !useTrivialization {
            throw ReparametrizationError("the householder map without trivialization is not supported by Synapse (it needs LAPACK's geqrf reflectors)")
        }
        self.map = map
        self.useTrivialization = useTrivialization
        shape = weight.shape
        self.generator = generator
        super.init()
    }

    /// PyTorch's class name.
    public override var typeName: String { "_Orthogonal" }

    /// The orthogonal matrix for `x`.
    public override func forward(_ x: Tensor) -> Tensor {
        check(x.rank == 2, "Expected a matrix, got a tensor of \(x.rank) dimensions")
        let transposed = x.size(0) < x.size(1)
        var x = transposed ? x.t() : x
        let n = x.size(0), k = x.size(1)
        var q: Tensor
        switch map {
        case .matrixExp, .cayley:
            x = x * OrthogonalParametrization.triangle(n, k, strict: false, like: x)
            if n != k { x = Tensor.cat([x, Tensor.zeros([n, n - k], dtype: x.dtype)], dim: 1) }
            let a = x - x.t()
            if map == .matrixExp {
                q = a.matrixExp()
            } else {
                let identity = Tensor.eye(n, dtype: a.dtype)
                q = Tensor.linalgSolve(identity - a * 0.5, identity + a * 0.5)
            }
            if n != k { q = q.narrow(1, start: 0, length: k) }
        case .householder:
            let a = x * OrthogonalParametrization.triangle(n, k, strict: true, like: x)
            let tau = 2.0 / (1.0 + (a * a).sum(dim: 0))
            q = OrthogonalParametrization.householderProduct(a, tau)
            let values = x.toArray(of: Double.self)
            let signs = (0..<k).map { values[$0 * k + $0].rounded(.towardZero) }
            q = q * Tensor(flat: signs, shape: [1, k]).to(q.dtype)
        }
        if let base { q = base.matmul(q) }
        return transposed ? q.t() : q
    }

    /// The original that gives `value`: with trivialization, `value` orthogonalised (completed with
    /// `randn` columns from the default generator when not square) becomes ``base`` and the original is `-I`;
    /// without, there is none for the matrix exponential and Cayley maps (registration keeps the weight as it is).
    public func rightInverse(_ value: Tensor) -> [Tensor]? {
        check(value.shape == shape,
            "Expected a matrix or batch of matrices of shape \(PythonRepr.size(shape)). Got a tensor of shape \(PythonRepr.size(value.shape)).")
        guard useTrivialization else { return nil }
        return noGrad {
            let transposed = value.size(0) < value.size(1)
            var q = transposed ? value.t() : value
            let n = q.size(0), k = q.size(1)
            if n == k {
                q = OrthogonalParametrization.isOrthogonal(q) ? q.clone() : OrthogonalParametrization.orthonormalized(q)
            } else {
                let completion = Tensor.randn([n, n - k], dtype: q.dtype, generator: generator)
                q = OrthogonalParametrization.orthonormalized(Tensor.cat([q, completion], dim: 1))
            }
            base = Buffer(q)
            let negativeIdentity = Tensor.zeros(value.shape, dtype: value.dtype)
            for index in 0..<Swift.min(value.size(0), value.size(1)) { negativeIdentity[index, index] = -1.0 }
            return [negativeIdentity]
        }
    }

    /// Ones on and below the diagonal (`tril()`), or strictly below it (`tril(-1)`), as an `n × k` constant.
    private static func triangle(_ n: Int, _ k: Int, strict: Bool, like x: Tensor) -> Tensor {
        Tensor(flat: (0..<n * k).map { index -> Double in
            let row = index / k, column = index % k
            return strict ? (column < row ? 1 : 0) : (column <= row ? 1 : 0)
        }, shape: [n, k]).to(x.dtype)
    }

    /// `torch.linalg.householder_product(a, tau)`: the first `k` columns of `H₀ H₁ … H₍ₖ₋₁₎`, `Hᵢ = I - τᵢ vᵢ vᵢᵀ`
    /// with `vᵢ` column `i` of `a` below the diagonal and 1 on it; built from differentiable operations.
    static func householderProduct(_ a: Tensor, _ tau: Tensor) -> Tensor {
        let n = a.size(0), k = a.size(1)
        var q = Tensor.eye(n, k, dtype: a.dtype)
        for i in stride(from: k - 1, through: 0, by: -1) {
            let unit = Tensor(flat: (0..<n).map { $0 == i ? 1.0 : 0.0 }, shape: [n, 1]).to(a.dtype)
            let v = a.narrow(1, start: i, length: 1) + unit
            q = q - tau.narrow(0, start: i, length: 1) * v.matmul(v.t().matmul(q))
        }
        return q
    }

    /// PyTorch's `_is_orthogonal`: `QᵀQ` close to the identity within `10 n ε`.
    static func isOrthogonal(_ q: Tensor) -> Bool {
        let n = q.size(0), k = q.size(1)
        let epsilon = q.dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)
        return q.t().matmul(q).allclose(Tensor.eye(k, dtype: q.dtype), atol: 10 * Double(n) * epsilon)
    }

    /// PyTorch's `_make_orthogonal`: the Q factor of `q` with R's diagonal positive.
    static func orthonormalized(_ q: Tensor) -> Tensor {
        Tensor(flat: Init.orthonormalColumns(q.toArray(of: Double.self), rows: q.size(0), columns: q.size(1)),
               shape: q.shape).to(q.dtype)
    }
}

extension Parametrizations {
    /// An orthogonal parametrization of the matrix `name` (`parametrizations.orthogonal`): the module computes it
    /// as a matrix with orthonormal columns (rows, when wider than tall). `map` defaults to the matrix exponential
    /// for square matrices and Householder reflections otherwise. With `useTrivialization`, the state dict holds
    /// `parametrizations.weight.original` (`-I` at first) and the buffer `parametrizations.weight.0.base`. A
    /// non-square matrix is completed with `randn` columns from `generator` (the default generator when `nil`).
    @discardableResult
    public static func orthogonal(
        _ module: Module, name: String = "weight", map: OrthogonalParametrization.Map? = nil, useTrivialization: Bool = true,
        generator: Generator? = nil
    ) throws(ReparametrizationError) -> Module {
        let weight = try module.plainParameter(name)
        guard weight.rank >= 2 else {
            throw ReparametrizationError("Expected a matrix or batch of matrices. Got a tensor of \(weight.rank) dimensions.")
        }
        let chosen = map ?? (weight.size(-2) == weight.size(-1) ? .matrixExp : .householder)
        let parametrization = try OrthogonalParametrization(weight, map: chosen, useTrivialization: useTrivialization,
                                                            generator: generator)
        return try Parametrize.registerParametrization(module, name, parametrization, unsafe: true)
    }
}
