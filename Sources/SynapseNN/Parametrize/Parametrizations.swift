/// The ready-made parametrizations (`torch.nn.utils.parametrizations`).
public enum Parametrizations {
    /// Spectral normalisation of the parameter `name` (`parametrizations.spectral_norm`): the module computes it
    /// as the weight divided by its spectral norm, estimated by power iteration (see
    /// ``SpectralNormParametrization``). The state dict holds `parametrizations.weight.original` and the vectors
    /// `parametrizations.weight.0._u`, `._v`. `dim` defaults to 1 for transposed convolutions, 0 otherwise.
    /// Draws `_u` and `_v` from `generator` (the default generator when `nil`).
    @discardableResult
    public static func spectralNorm(
        _ module: Module, name: String = "weight", nPowerIterations: Int = 1, eps: Double = 1e-12, dim: Int? = nil,
        generator: Generator? = nil
    ) throws(ReparametrizationError) -> Module {
        let weight = try module.plainParameter(name)
        let parametrization = try SpectralNormParametrization(
            weight, nPowerIterations: nPowerIterations, dim: dim ?? (module is ConvTranspose2d ? 1 : 0), eps: eps,
            generator: generator)
        return try Parametrize.registerParametrization(module, name, parametrization)
    }

    /// Weight normalisation of the parameter `name` (`parametrizations.weight_norm`): magnitude
    /// `parametrizations.weight.original0` (g) and direction `original1` (v), norm over every dimension but `dim`
    /// (`nil`: over the whole tensor). A state dict written with the old `weight_norm` hook (`weight_g`,
    /// `weight_v`) loads into it.
    @discardableResult
    public static func weightNorm(_ module: Module, name: String = "weight", dim: Int? = 0) throws(ReparametrizationError) -> Module {
        try Parametrize.registerParametrization(module, name, WeightNormParametrization(dim: dim), unsafe: true)
        module.registerLoadStateDictPreHook { _, state, prefix in
            let g = prefix + name + "_g", v = prefix + name + "_v"
            guard let magnitude = state[g], let direction = state[v] else { return }
            state[g] = nil
            state[v] = nil
            state[prefix + "parametrizations." + name + ".original0"] = magnitude
            state[prefix + "parametrizations." + name + ".original1"] = direction
        }
        return module
    }
}
