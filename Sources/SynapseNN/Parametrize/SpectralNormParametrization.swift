/// Spectral normalisation as a parametrization (`torch.nn.utils.parametrizations._SpectralNorm`): the weight
/// divided by its largest singular value, estimated by power iteration with the vectors kept in the buffers `_u`
/// and `_v`. In training mode every evaluation first takes `nPowerIterations` steps; in eval mode the vectors stay.
/// A 1-D weight is simply normalised. Registered by ``Parametrizations/spectralNorm(_:name:nPowerIterations:eps:dim:generator:)``.
public final class SpectralNormParametrization: Module {
    /// Left singular vector estimate (`_u`, length: the size of `dim`); absent for a 1-D weight.
    public var _u: Buffer?
    /// Right singular vector estimate (`_v`, length: the other sizes' product).
    public var _v: Buffer?
    /// The dimension of the outputs.
    public let dim: Int
    /// Added to norms before dividing.
    public let eps: Double
    /// Power-iteration steps per evaluation in training mode.
    public let nPowerIterations: Int

    /// Draws `_u` and `_v` from `generator` (the default generator when `nil`; `normal_`, `u` first), normalises
    /// them and runs 15 power iterations on `weight`, as PyTorch's constructor does.
    public init(
        _ weight: Tensor, nPowerIterations: Int = 1, dim: Int = 0, eps: Double = 1e-12, generator: Generator? = nil
    ) throws(ReparametrizationError) {
        let rank = weight.rank
        guard dim < rank && dim >= -rank else {
            throw ReparametrizationError("Dimension out of range (expected to be in range of [-\(rank), \(rank - 1)] but got \(dim))")
        }
        guard nPowerIterations > 0 else {
            throw ReparametrizationError("Expected n_power_iterations to be positive, but got n_power_iterations=\(nPowerIterations)")
        }
        self.dim = dim >= 0 ? dim : dim + rank
        self.eps = eps
        self.nPowerIterations = nPowerIterations
        super.init()
        guard rank > 1 else { return }
        let matrix = NormHelpers.matrix(weight, dim: self.dim)
        noGrad {
            let u = Tensor.empty([matrix.size(0)], dtype: weight.dtype).normal_(mean: 0, std: 1, generator: generator)
            let v = Tensor.empty([matrix.size(1)], dtype: weight.dtype).normal_(mean: 0, std: 1, generator: generator)
            _u = Buffer(NormHelpers.normalize(u, eps: eps))
            _v = Buffer(NormHelpers.normalize(v, eps: eps))
        }
        powerMethod(matrix, iterations: 15)
    }

    /// PyTorch's class name.
    public override var typeName: String { "_SpectralNorm" }

    /// `iterations` steps of the power method, written into `_u` and `_v` in place, under no-grad.
    func powerMethod(_ matrix: Tensor, iterations: Int) {
        guard let u = _u, let v = _v else { return }
        noGrad {
            for _ in 0..<iterations {
                u.copy_(NormHelpers.normalize(matrix.mv(v), eps: eps))
                v.copy_(NormHelpers.normalize(matrix.t().mv(u), eps: eps))
            }
        }
    }

    /// `weight / σ`, σ = `u · (W v)` after the training-mode power iteration.
    public override func forward(_ weight: Tensor) -> Tensor {
        guard weight.rank > 1, let u = _u, let v = _v else { return NormHelpers.normalize(weight, eps: eps) }
        let matrix = NormHelpers.matrix(weight, dim: dim)
        if training { powerMethod(matrix, iterations: nPowerIterations) }
        let sigma = u.clone().dot(matrix.mv(v.clone()))
        return weight / sigma
    }
}

extension SpectralNormParametrization: Parametrization {
    /// The identity: the weight itself is the original.
    public func rightInverse(_ value: Tensor) -> [Tensor]? { [value] }
}
