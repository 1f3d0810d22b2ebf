/// The original weight- and spectral-norm hooks of `torch.nn.utils` (`weight_norm`, `spectral_norm`), which
/// older checkpoints use: the tensor is recomputed by a forward pre-hook from parameters and buffers registered
/// beside it (`weight_g`/`weight_v`; `weight_orig`/`weight_u`/`weight_v`). New code uses ``Parametrizations``.
public enum NNUtils {
    /// Weight normalisation by a hook (`torch.nn.utils.weight_norm`): `weight` becomes `weight_v * weight_g /
    /// ‖weight_v‖`, with the parameters `weight_g` (the norm over every dimension but `dim`; `nil`: the whole
    /// tensor) and `weight_v` registered after the module's others, and recomputed before every call.
    @discardableResult
    public static func weightNorm(_ module: Module, name: String = "weight", dim: Int? = 0) throws(ReparametrizationError) -> Module {
        if case .weightNorm = module.reparametrizations[name]?.kind {
            throw ReparametrizationError("Cannot register two weight_norm hooks on the same parameter \(name)")
        }
        let weight = try module.plainParameter(name)
        let hook = LegacyWeightNorm(name: name, dim: dim ?? -1)
        try register(module, name + "_g", Parameter(NormHelpers.normExceptDim(weight, dim: hook.dim).detach()))
        try register(module, name + "_v", Parameter(weight.detach()))
        module.setComputedTensor(hook.computeWeight(module), for: name)
        module.attachReparametrization(.weightNorm(hook), to: name) { module in
            module.setComputedTensor(hook.computeWeight(module), for: name)
        }
        return module
    }

    /// Removes the weight-norm hook of `name` (`remove_weight_norm`): `weight` becomes a parameter again holding
    /// the current normalised value.
    @discardableResult
    public static func removeWeightNorm(_ module: Module, name: String = "weight") throws(ReparametrizationError) -> Module {
        guard case .weightNorm(let hook) = module.reparametrizations[name]?.kind else {
            throw ReparametrizationError("weight_norm of '\(name)' not found in \(module)")
        }
        let weight = hook.computeWeight(module)
        module.detachReparametrization(name)
        module.unregisterParameter(name + "_g")
        module.unregisterParameter(name + "_v")
        module.restoreParameter(Parameter(weight.detach()), as: name)
        return module
    }

    /// Spectral normalisation by a hook (`torch.nn.utils.spectral_norm`): the parameter moves to `weight_orig`,
    /// with the power-iteration vectors in the buffers `weight_u` and `weight_v` (drawn from `generator`, the default
    /// generator when `nil`, `u` first, and normalised; no iteration yet), and `weight` is recomputed before every call as
    /// `weight_orig / σ`, after `nPowerIterations` steps in training mode. `dim` defaults to 1 for transposed
    /// convolutions, 0 otherwise.
    @discardableResult
    public static func spectralNorm(
        _ module: Module, name: String = "weight", nPowerIterations: Int = 1, eps: Double = 1e-12, dim: Int? = nil,
        generator: Generator? = nil
    ) throws(ReparametrizationError) -> Module {
        if case .spectralNorm = module.reparametrizations[name]?.kind {
            throw ReparametrizationError("Cannot register two spectral_norm hooks on the same parameter \(name)")
        }
        guard nPowerIterations > 0 else {
            throw ReparametrizationError("Expected n_power_iterations to be positive, but got n_power_iterations=\(nPowerIterations)")
        }
        let weight = try module.plainParameter(name)
        let hook = LegacySpectralNorm(name: name, nPowerIterations: nPowerIterations,
                                      dim: dim ?? (module is ConvTranspose2d ? 1 : 0), eps: eps)
        let (u, v) = noGrad { () -> (Tensor, Tensor) in
            let matrix = NormHelpers.matrix(weight, dim: hook.dim)
            let u = Tensor.empty([matrix.size(0)], dtype: weight.dtype).normal_(mean: 0, std: 1, generator: generator)
            let v = Tensor.empty([matrix.size(1)], dtype: weight.dtype).normal_(mean: 0, std: 1, generator: generator)
            return (NormHelpers.normalize(u, eps: eps), NormHelpers.normalize(v, eps: eps))
        }
        try register(module, name + "_orig", weight)
        module.setComputedTensor(weight.detach(), for: name)
        try registerBuffer(module, name + "_u", u)
        try registerBuffer(module, name + "_v", v)
        module.attachReparametrization(.spectralNorm(hook), to: name) { module in
            module.setComputedTensor(hook.computeWeight(module, powerIteration: module.training), for: name)
        }
        return module
    }

    /// Removes the spectral-norm hook of `name` (`remove_spectral_norm`): `weight` becomes a parameter holding
    /// `weight_orig / σ` with the current vectors (no further iteration).
    @discardableResult
    public static func removeSpectralNorm(_ module: Module, name: String = "weight") throws(ReparametrizationError) -> Module {
        guard case .spectralNorm(let hook) = module.reparametrizations[name]?.kind else {
            throw ReparametrizationError("spectral_norm of '\(name)' not found in \(module)")
        }
        let weight = noGrad { hook.computeWeight(module, powerIteration: false) }
        module.detachReparametrization(name)
        module.unregisterBuffer(name + "_u")
        module.unregisterBuffer(name + "_v")
        module.unregisterParameter(name + "_orig")
        module.restoreParameter(Parameter(weight.detach()), as: name)
        return module
    }

    /// Registers a parameter whose name the hook derives (`weight_g`); a clash is the caller's to hear about.
    static func register(_ module: Module, _ name: String, _ parameter: Parameter) throws(ReparametrizationError) {
        do { try module.registerParameter(name, parameter) } catch {
            throw ReparametrizationError("can't register '\(name)' on \(module.typeName): \(error)")
        }
    }

    /// Registers a buffer whose name the hook derives (`weight_mask`).
    static func registerBuffer(_ module: Module, _ name: String, _ tensor: Tensor) throws(ReparametrizationError) {
        do { try module.registerBuffer(name, tensor) } catch {
            throw ReparametrizationError("can't register '\(name)' on \(module.typeName): \(error)")
        }
    }
}

/// The state of a `torch.nn.utils.weight_norm` hook (PyTorch's `WeightNorm`).
final class LegacyWeightNorm {
    let name: String
    /// The kept dimension; -1 for the whole tensor.
    let dim: Int

    init(name: String, dim: Int) {
        self.name = name
        self.dim = dim
    }

    /// `_weight_norm(weight_v, weight_g, dim)`.
    func computeWeight(_ module: Module) -> Tensor {
        NormHelpers.weightNorm(v: module.registeredParameter(name + "_v"), g: module.registeredParameter(name + "_g"), dim: dim)
    }
}

/// The state of a `torch.nn.utils.spectral_norm` hook (PyTorch's `SpectralNorm`).
final class LegacySpectralNorm {
    let name: String
    let nPowerIterations: Int
    let dim: Int
    let eps: Double

    init(name: String, nPowerIterations: Int, dim: Int, eps: Double) {
        self.name = name
        self.nPowerIterations = nPowerIterations
        self.dim = dim
        self.eps = eps
    }

    /// `weight_orig / (u · W v)`, after the power iteration (v first, then u, in place) when asked.
    func computeWeight(_ module: Module, powerIteration: Bool) -> Tensor {
        let weight = module.registeredParameter(name + "_orig")
        var u = module.registeredBuffer(name + "_u")
        var v = module.registeredBuffer(name + "_v")
        let matrix = NormHelpers.matrix(weight, dim: dim)
        if powerIteration {
            noGrad {
                for _ in 0..<nPowerIterations {
                    v.copy_(NormHelpers.normalize(matrix.t().mv(u), eps: eps))
                    u.copy_(NormHelpers.normalize(matrix.mv(v), eps: eps))
                }
                u = u.clone()
                v = v.clone()
            }
        }
        return weight / u.dot(matrix.mv(v))
    }
}
