/// How a loss combines the per-element losses (`reduction=` in PyTorch).
public enum Reduction: String, Sendable {
    /// The per-element losses themselves.
    case none
    /// Their average (weighted where the loss has class weights).
    case mean
    /// Their sum.
    case sum

    /// `losses` reduced.
    func apply(_ losses: Tensor) -> Tensor {
        switch self {
        case .none: losses
        case .mean: losses.mean()
        case .sum: losses.sum()
        }
    }
}

extension Functional {
    /// Mean squared error `(input - target)²` (`F.mse_loss`).
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        if let wide = Autocast.widened(input) {  // autocast: losses compute in float32
            return mseLoss(wide, Autocast.widened(target) ?? target, reduction: reduction)
        }
        let byMean: Bool? = switch reduction {
        case .mean: true
        case .sum: false
        case .none: nil
        }
        return Tensor.meanSquaredError(input, target, reduceByMean: byMean)
    }

    /// Mean absolute error `|input - target|` (`F.l1_loss`).
    public static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        if let wide = Autocast.widened(input) {  // autocast: losses compute in float32
            return l1Loss(wide, Autocast.widened(target) ?? target, reduction: reduction)
        }
        return reduction.apply((input - target).abs())
    }

    /// Negative log-likelihood of `target` class indices (`.int64`, `[N]` or `[N, d…]`) under `input`
    /// log-probabilities (`[N, C]` or `[N, C, d…]`), optionally weighted per class (`F.nll_loss`). Targets equal
    /// to `ignoreIndex` contribute nothing, also to the mean's denominator, which is the sum of the weights used.
    public static func nllLoss(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean
    ) -> Tensor {
        if let wide = Autocast.widened(input) {  // autocast: losses compute in float32
            return nllLoss(wide, target, weight: weight.map { Autocast.widened($0) ?? $0 }, ignoreIndex: ignoreIndex,
                           reduction: reduction)
        }
        check(target.dtype == .int64, "expected scalar type Long but found \(target.dtype.scalarTypeName)")
        check(input.rank >= 2 && target.rank == input.rank - 1 && target.shape[0] == input.shape[0],
              "Expected input batch_size (\(input.shape[0])) to match target batch_size (\(target.shape.first ?? 0)).")
        let ignored = target .== Tensor(Int64(ignoreIndex))
        let safeTarget = target.maskedFill(ignored, 0)
        let picked = input.gather(1, safeTarget.unsqueeze(1)).squeeze(1)
        var weights = Tensor.onesLike(picked)
        if let weight { weights = weight[safeTarget] }
        weights = weights.maskedFill(ignored, 0)
        let losses = -picked * weights
        switch reduction {
        case .none: return losses
        case .sum: return losses.sum()
        case .mean: return losses.sum() / weights.sum()
        }
    }

    /// Cross entropy of `input` logits (`[N, C]`, `[C]` or `[N, C, d…]`) against class indices (`.int64`) or class
    /// probabilities (a float tensor shaped like `input`), with class weights, `ignoreIndex` and label smoothing as
    /// PyTorch computes them (`F.cross_entropy`).
    public static func crossEntropy(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
        reduction: Reduction = .mean, labelSmoothing: Double = 0
    ) -> Tensor {
        check(labelSmoothing >= 0 && labelSmoothing <= 1,
              "label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        if let wide = Autocast.widened(input) {  // autocast: losses compute in float32
            return crossEntropy(wide, Autocast.widened(target) ?? target, weight: weight.map { Autocast.widened($0) ?? $0 },
                                ignoreIndex: ignoreIndex, reduction: reduction, labelSmoothing: labelSmoothing)
        }
        if input.rank == 1 {
            let batched = target.dtype == .int64 ? target.unsqueeze(0) : target.unsqueeze(0)
            return crossEntropy(input.unsqueeze(0), batched, weight: weight, ignoreIndex: ignoreIndex,
                                reduction: reduction, labelSmoothing: labelSmoothing).squeeze(0)
        }
        let classes = input.shape[1]
        // Typed, so that `1 - labelSmoothing` is not read as a 0-dim integer tensor minus a number (a float32).
        let kept: Double = 1 - labelSmoothing
        let logProbabilities = logSoftmax(input, dim: 1)
        let weightShape = [1, classes] + Array(repeating: 1, count: input.rank - 2)
        if target.dtype.isFloatingPoint {
            check(target.shape == input.shape, "Expected target size \(input.shape), got \(target.shape)")
            var probabilities = target
            if labelSmoothing > 0 { probabilities = target * kept + labelSmoothing / Double(classes) }
            var weighted = logProbabilities * probabilities
            if let weight { weighted = weighted * weight.view(weightShape) }
            let losses = -weighted.sum(dims: [1])
            switch reduction {
            case .none: return losses
            case .sum: return losses.sum()
            case .mean: return losses.sum() / Double(input.numel / classes)
            }
        }
        let nll = nllLoss(logProbabilities, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
        guard labelSmoothing > 0 else { return nll }
        let ignored = target .== Tensor(Int64(ignoreIndex))
        let weightedSum = weight.map { (logProbabilities * $0.view(weightShape)).sum(dims: [1]) }
            ?? logProbabilities.sum(dims: [1])
        let smooth = (-weightedSum).maskedFill(ignored, 0)
        let reducedSmooth: Tensor
        switch reduction {
        case .none: reducedSmooth = smooth
        case .sum: reducedSmooth = smooth.sum()
        case .mean:
            if let weight {
                reducedSmooth = smooth.sum() / weight[target[ignored.logicalNot()]].sum()
            } else {
                reducedSmooth = smooth.sum() / ignored.logicalNot().sum()
            }
        }
        return nll * kept + reducedSmooth * (labelSmoothing / Double(classes))
    }

    /// Binary cross entropy of probabilities `input` against `target` (`F.binary_cross_entropy`), with the logs
    /// clamped at -100 as PyTorch does so that 0 and 1 give finite losses.
    public static func binaryCrossEntropy(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean
    ) -> Tensor {
        var losses = -(target * input.log().clamp(min: Double(-100)) + (1 - target) * (1 - input).log().clamp(min: Double(-100)))
        if let weight { losses = losses * weight }
        return reduction.apply(losses)
    }

    /// Binary cross entropy of `sigmoid(input)` against `target`, computed stably from the logits
    /// (`F.binary_cross_entropy_with_logits`), with optional element `weight` and positive-class `posWeight`.
    public static func binaryCrossEntropyWithLogits(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil,
        reduction: Reduction = .mean
    ) -> Tensor {
        // log(1 + exp(-x)) = max(-x, 0) + log(exp(-max) + exp(-x - max)), which never overflows.
        let maxValue = (-input).clamp(min: Double(0))
        let shifted: Tensor = -input - maxValue
        let softplusOfNegative = maxValue + ((-maxValue).exp() + shifted.exp()).log()
        var losses: Tensor
        if let posWeight {
            let logWeight = (posWeight - 1) * target + 1
            losses = (1 - target) * input + logWeight * softplusOfNegative
        } else {
            losses = (1 - target) * input + softplusOfNegative
        }
        if let weight { losses = losses * weight }
        return reduction.apply(losses)
    }
}
