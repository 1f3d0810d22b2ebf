/// Gradient clipping and flattening utilities (`torch.nn.utils`).
public enum GradientUtilities {
    /// Scales the gradients of `parameters` together so that their total `normType`-norm is at most `maxNorm`
    /// (`clip_grad_norm_`), and returns the total norm before clipping (a 0-dim tensor). `normType` may be
    /// `.infinity` (the largest absolute value). Parameters without a gradient are ignored.
    @discardableResult
    public static func clipGradNorm_(_ parameters: [Parameter], maxNorm: Double, normType: Double = 2) -> Tensor {
        let gradients = parameters.compactMap(\.grad)
        guard !gradients.isEmpty else { return Tensor(0.0) }
        return noGrad {
            let total: Tensor
            if normType == .infinity {
                total = Tensor.stack(gradients.map { $0.abs().max() }).max()
            } else {
                total = Tensor.stack(gradients.map { $0.norm(p: normType) }).norm(p: normType)
            }
            let coefficient = (Tensor(maxNorm) / (total + 1e-6)).clamp(max: 1.0)
            for gradient in gradients { gradient.mul_(coefficient) }
            return total
        }
    }

    /// Clamps every gradient of `parameters` to `[-clipValue, clipValue]` in place (`clip_grad_value_`).
    public static func clipGradValue_(_ parameters: [Parameter], clipValue: Double) {
        noGrad {
            for gradient in parameters.compactMap(\.grad) { gradient.clamp_(min: -clipValue, max: clipValue) }
        }
    }

    /// The parameters' values flattened into one vector, in order (`parameters_to_vector`).
    public static func parametersToVector(_ parameters: [Parameter]) -> Tensor {
        Tensor.cat(parameters.map { $0.reshape([-1]) })
    }

    /// Copies consecutive slices of `vector` into `parameters`, in order (`vector_to_parameters`); the vector's
    /// length must be the parameters' total size.
    public static func vectorToParameters(_ vector: Tensor, _ parameters: [Parameter]) {
        let total = parameters.reduce(0) { $0 + $1.numel }
        check(vector.rank == 1 && vector.numel == total,
              "expected a vector of \(total) elements for the parameters, got shape \(vector.shape)")
        noGrad {
            var offset = 0
            for parameter in parameters {
                parameter.copy_(vector[offset..<(offset + parameter.numel)].view(parameter.shape))
                offset += parameter.numel
            }
        }
    }
}
