#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Init {
    /// Fills `tensor` with values from `N(mean, std²)` truncated to `[a, b]` (`nn.init.trunc_normal_`), by torch
    /// 2.15's two rejection samplers: when most of the mass lies inside (`p > 0.3`), normal draws with the ones
    /// outside redrawn; otherwise uniform proposals on `[a, b]` accepted against the normal density. Same draws,
    /// same order, so the same seed gives the same values.
    @discardableResult
    public static func truncNormal_(
        _ tensor: Tensor, mean: Double = 0, std: Double = 1, a: Double = -2, b: Double = 2, generator: Generator? = nil
    ) -> Tensor {
        func normalCDF(_ x: Double) -> Double { (1 + erf(x / (2.0).squareRoot())) / 2 }
        let mass = normalCDF((b - mean) / std) - normalCDF((a - mean) / std)
        return filling(tensor) { tensor in
            if mass > 0.3 {
                redrawOutside(tensor, mean: mean, std: std, a: a, b: b, generator: generator)
            } else {
                acceptUniform(tensor, mean: mean, std: std, a: a, b: b, generator: generator)
            }
        }
    }

    private static func redrawOutside(
        _ tensor: Tensor, mean: Double, std: Double, a: Double, b: Double, generator: Generator?
    ) {
        // The bounds as the tensor's dtype holds them, so the mask agrees with the stored values.
        let low = Tensor(a).to(tensor.dtype).item(), high = Tensor(b).to(tensor.dtype).item()
        var result = tensor.normal_(mean: mean, std: std, generator: generator)
        while true {
            let outside = (result .< low) .| (result .> high)
            if outside.any().item() == 0 { break }
            let redrawn = Tensor.emptyLike(result).normal_(mean: mean, std: std, generator: generator)
            result = Tensor.where(outside, redrawn, result)
        }
        if result !== tensor { tensor.copy_(result) }
    }

    private static func acceptUniform(
        _ tensor: Tensor, mean: Double, std: Double, a: Double, b: Double, generator: Generator?
    ) {
        let mode = max(a, min(mean, b))
        let logPeak = -0.5 * ((mode - mean) / std) * ((mode - mean) / std)
        let candidates = Tensor.emptyLike(tensor), acceptance = Tensor.emptyLike(tensor)
        func logDensityGap(_ values: Tensor) -> Tensor {
            values.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak)
        }
        tensor.uniform_(a, b, generator: generator)
        candidates.copy_(tensor)
        var pending = acceptance.uniform_(generator: generator).log_() .> logDensityGap(candidates)
        guard pending.any().item() != 0 else { return }
        var result = tensor
        while true {
            candidates.uniform_(a, b, generator: generator)
            result = Tensor.where(pending, candidates, result)
            let gap = logDensityGap(candidates)
            pending = Tensor.where(pending, acceptance.uniform_(generator: generator).log_() .> gap, pending)
            if pending.any().item() == 0 { break }
        }
        tensor.copy_(result)
    }
}
