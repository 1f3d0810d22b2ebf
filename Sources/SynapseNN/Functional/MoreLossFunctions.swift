extension Functional {
    /// `0.5·d²/β` where `|d| < β`, `|d| - 0.5·β` elsewhere, `d = input - target` (`F.smooth_l1_loss`); `β = 0`
    /// is the L1 loss.
    public static func smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1)
        -> Tensor {
        check(beta >= 0, "smooth_l1_loss does not support negative values for beta.")
        let difference = (input - target).abs()
        guard beta > 0 else { return reduction.apply(difference) }
        return reduction.apply(Tensor.where(difference .< beta, difference * difference * (0.5 / beta),
                                            difference - 0.5 * beta))
    }

    /// `0.5·d²` where `|d| < δ`, `δ·(|d| - 0.5·δ)` elsewhere (`F.huber_loss`).
    public static func huberLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1)
        -> Tensor {
        check(delta > 0, "huber_loss does not support non-positive values for delta.")
        let difference = (input - target).abs()
        return reduction.apply(Tensor.where(difference .< delta, difference * difference * 0.5,
                                            (difference - 0.5 * delta) * delta))
    }

    /// `log(1 + exp(-y·x))` for targets `y` of ±1 (`F.soft_margin_loss`).
    public static func softMarginLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        reduction.apply(((-target * input).exp() + 1).log())
    }

    /// `x` where the target is 1, `max(0, margin - x)` where it is -1 (`F.hinge_embedding_loss`).
    public static func hingeEmbeddingLoss(_ input: Tensor, _ target: Tensor, margin: Double = 1,
                                          reduction: Reduction = .mean) -> Tensor {
        let zeros = Tensor.zerosLike(input)
        let marginPart = Tensor.where(target .!= 1, (-input + margin).clamp(min: 0.0), zeros)
        let inputPart = Tensor.where(target .!= -1, input, zeros)
        return reduction.apply(marginPart + inputPart)
    }

    /// `max(0, -y·(x1 - x2) + margin)` (`F.margin_ranking_loss`).
    public static func marginRankingLoss(_ input1: Tensor, _ input2: Tensor, _ target: Tensor, margin: Double = 0,
                                         reduction: Reduction = .mean) -> Tensor {
        reduction.apply((-target * (input1 - input2) + margin).clamp(min: 0.0))
    }

    /// `1 - cos(x1, x2)` where the target is 1, `max(0, cos(x1, x2) - margin)` where it is -1, the cosine over the
    /// last dimension with PyTorch's 1e-12 guard in each squared norm (`F.cosine_embedding_loss`).
    public static func cosineEmbeddingLoss(_ input1: Tensor, _ input2: Tensor, _ target: Tensor, margin: Double = 0,
                                           reduction: Reduction = .mean) -> Tensor {
        let dim = input1.rank - 1
        let product = (input1 * input2).sum(dim: dim)
        let squares1 = (input1 * input1).sum(dim: dim) + 1e-12, squares2 = (input2 * input2).sum(dim: dim) + 1e-12
        let cosine = product / (squares1 * squares2).sqrt()
        let zeros = Tensor.zerosLike(cosine)
        let positive = Tensor.where(target .== 1, -cosine + 1, zeros)
        let negative = Tensor.where(target .== -1, (cosine - margin).clamp(min: 0.0), zeros)
        return reduction.apply(positive + negative)
    }

    /// How ``klDivLoss(_:_:reduction:logTarget:)`` combines its per-element terms: PyTorch's reductions and
    /// `batchmean` (the sum divided by the batch size: the mathematical KL divergence per sample).
    public enum KLDivReduction: String, Sendable {
        /// The per-element terms.
        case none
        /// Their mean over every element.
        case mean
        /// Their sum.
        case sum
        /// Their sum divided by the first dimension's size.
        case batchmean
    }

    /// Kullback–Leibler divergence of `target` from `input` log-probabilities (`F.kl_div`): `t·(log t - x)` (0
    /// where `t` is 0), or `exp(t)·(t - x)` with `logTarget`.
    public static func klDivLoss(_ input: Tensor, _ target: Tensor, reduction: KLDivReduction = .mean,
                                 logTarget: Bool = false) -> Tensor {
        let terms: Tensor
        if logTarget {
            terms = target.exp() * (target - input)
        } else {
            let positive = target .> 0
            let logTarget = Tensor.where(positive, target, Tensor.onesLike(target)).log()
            terms = Tensor.where(positive, target * logTarget, Tensor.zerosLike(target)) - target * input
        }
        switch reduction {
        case .none: return terms
        case .mean: return terms.mean()
        case .sum: return terms.sum()
        case .batchmean: return input.rank == 0 ? terms.sum() : terms.sum() / Double(input.shape[0])
        }
    }
}

extension Functional {
    /// Negative log-likelihood of `target` counts under Poisson rates (`F.poisson_nll_loss`): `exp(x) - t·x` for
    /// log-rates (`logInput`), `x - t·log(x + eps)` for rates; `full` adds Stirling's term `t·log t - t +
    /// ½·log(2πt)` where `t > 1`.
    public static func poissonNLLLoss(_ input: Tensor, _ target: Tensor, logInput: Bool = true, full: Bool = false,
                                      eps: Double = 1e-8, reduction: Reduction = .mean) -> Tensor {
        var loss = logInput ? input.exp() - target * input : input - target * (input + eps).log()
        if full {
            let counted = target .> 1
            let safe = Tensor.where(counted, target, Tensor.onesLike(target))
            let stirling = safe * safe.log() - safe + (safe * (2 * Double.pi)).log() * 0.5
            loss = loss + Tensor.where(counted, stirling, Tensor.zerosLike(stirling))
        }
        return reduction.apply(loss)
    }

    /// `½·log 2π`.
    private static let halfLogTwoPi = 0.91893853320467274178

    /// Negative log-likelihood of `target` under Gaussians of mean `input` and variance `variance`
    /// (`F.gaussian_nll_loss`): `½·(log v + (x - t)²/v)`, `v` clamped to at least `eps` (the clamp invisible to
    /// gradients, as in PyTorch), `full` adding `½·log 2π`. `variance` may lack the last dimension or have size 1
    /// there (one variance per sample).
    public static func gaussianNLLLoss(_ input: Tensor, _ target: Tensor, _ variance: Tensor, full: Bool = false,
                                       eps: Double = 1e-6, reduction: Reduction = .mean) -> Tensor {
        var variance = variance
        if variance.shape != input.shape {
            if Array(input.shape.dropLast()) == variance.shape {
                variance = variance.unsqueeze(-1)
            } else {
                check(Array(input.shape.dropLast()) == Array(variance.shape.dropLast()) && variance.shape.last == 1,
                      "var is of incorrect size")
            }
        }
        check(noGrad { (variance .< 0).any().item() } == 0, "var has negative entry/entries")
        let clamped = variance.clone()
        let smallest: Double = eps
        noGrad { _ = clamped.clamp_(min: smallest) }
        var loss = (clamped.log() + (input - target) * (input - target) / clamped) * 0.5
        if full { loss = loss + halfLogTwoPi }
        return reduction.apply(loss)
    }
}
