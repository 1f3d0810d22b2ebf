extension Functional {
    /// `max(0, margin + d(a, p) - d(a, n))` with `d` the ``pairwiseDistance(_:_:p:eps:keepdim:)`` (`F.triplet_margin_loss`);
    /// with `swap`, `d(a, n)` is replaced by `min(d(a, n), d(p, n))` (the distance swap of Balntas et al.).
    public static func tripletMarginLoss(
        _ anchor: Tensor, _ positive: Tensor, _ negative: Tensor, margin: Double = 1, p: Double = 2,
        eps: Double = 1e-6, swap: Bool = false, reduction: Reduction = .mean
    ) -> Tensor {
        check(anchor.rank == positive.rank && anchor.rank == negative.rank,
              "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor \(anchor.rank)D, positive \(positive.rank)D, and negative \(negative.rank)D inputs")
        check(margin > 0, "margin must be greater than 0, got \(PythonFormat.repr(margin))")
        return tripletMarginWithDistanceLoss(anchor, positive, negative, margin: margin, swap: swap,
                                             reduction: reduction) {
            pairwiseDistance($0, $1, p: p, eps: eps)
        }
    }

    /// `max(0, margin + d(a, p) - d(a, n))` for any `distance` (`F.triplet_margin_with_distance_loss`; the
    /// pairwise Euclidean distance by default), with the optional distance swap.
    public static func tripletMarginWithDistanceLoss(
        _ anchor: Tensor, _ positive: Tensor, _ negative: Tensor, margin: Double = 1, swap: Bool = false,
        reduction: Reduction = .mean, distance: ((Tensor, Tensor) -> Tensor)? = nil
    ) -> Tensor {
        check(margin > 0, "margin must be greater than 0, got \(PythonFormat.repr(margin))")
        let distance = distance ?? { pairwiseDistance($0, $1) }
        let positiveDistance = distance(anchor, positive)
        var negativeDistance = distance(anchor, negative)
        if swap { negativeDistance = minimum(negativeDistance, distance(positive, negative)) }
        return reduction.apply((positiveDistance - negativeDistance + margin).clamp(min: 0.0))
    }

    /// The element-wise minimum, whose gradient goes to the first operand on ties (as `torch.minimum` splits
    /// them only when they are equal, which distances almost never are).
    private static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor.where(b .< a, b, a) }

    /// `-(y·log σ(x) + (1 - y)·log σ(-x))`, weighted per class, averaged over the classes (the last dimension)
    /// of each sample (`F.multilabel_soft_margin_loss`).
    public static func multilabelSoftMarginLoss(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean
    ) -> Tensor {
        check(input.shape == target.shape,
              "multilabel_soft_margin_loss: expected target of shape \(input.shape), found \(target.shape)")
        var loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
        if let weight { loss = loss * weight }
        let classDim = input.rank - 1
        return reduction.apply(loss.sum(dim: classDim) / Double(input.shape[classDim]))
    }

    /// The multi-class hinge loss (`F.multi_margin_loss`): for each sample of `input` `[N, C]` (or `[C]`) and class
    /// index `y`, `Σ_{j≠y} w_y·max(0, margin - x_y + x_j)^p / C`, `p` 1 or 2.
    public static func multiMarginLoss(
        _ input: Tensor, _ target: Tensor, p: Int = 1, margin: Double = 1, weight: Tensor? = nil,
        reduction: Reduction = .mean
    ) -> Tensor {
        check(p == 1 || p == 2, "only p == 1 and p == 2 supported")
        check(input.rank <= 2 && input.numel > 0,
              "Expected non-empty vector or matrix with optional 0-dim batch size, but got: \(input.shape)")
        let batched = input.rank == 2 ? input : input.reshape([1, -1])
        let classes = batched.shape[1]
        let labels = target.reshape([-1])
        check(labels.dtype == .int64, "expected scalar type Long but found \(labels.dtype.scalarTypeName)")
        check(target.rank <= 1 && labels.shape[0] == batched.shape[0],
              "multi_margin_loss: target tensor should be 1-D with size equal to the number of input samples (batch size). Expected target size [\(batched.shape[0])], but got \(target.shape). Input has shape \(input.shape).")
        check(noGrad { ((labels .< 0).logicalOr(labels .>= Tensor(Int64(classes)))).any().item() } == 0,
              "target out of range")
        if let weight {
            check(weight.rank == 1 && weight.numel == classes,
                  "inconsistent weight size, expected \(classes) but got \(weight.shape)")
        }
        let column = labels.unsqueeze(1)
        let others = Tensor.arange(classes).unsqueeze(0) .!= column
        var terms = (batched - batched.gather(1, column) + margin).relu()
        if p == 2 { terms = terms * terms }
        terms = Tensor.where(others, terms, Tensor.zerosLike(terms))
        if let weight { terms = terms * weight[labels].unsqueeze(1) }
        let losses = terms.sum(dim: 1) / Double(classes)
        return reduction.apply(input.rank == 2 ? losses : losses.reshape([]))
    }

    /// The multi-label hinge loss (`F.multilabel_margin_loss`): `target` holds each sample's class indices,
    /// ended by the first -1; each (target class `j`, non-target class `k`) pair adds `max(0, 1 - (x_j - x_k))`,
    /// and the sum is divided by the class count.
    public static func multilabelMarginLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        check(input.rank <= 2 && input.numel > 0,
              "Expected non-empty vector or matrix with optional 0-dim batch size, but got: \(input.shape)")
        check(target.shape == input.shape,
              "inconsistent target size: \(target.shape) for input of size: \(input.shape)")
        let batched = input.rank == 2 ? input : input.unsqueeze(0)
        let labels = (input.rank == 2 ? target : target.unsqueeze(0)).to(.int64)
        let (samples, classes) = (batched.shape[0], batched.shape[1])
        let rows = labels.contiguous().toArray(of: Int64.self)
        var listed = [Bool](repeating: false, count: samples * classes)   // slot j of sample i is a target
        var isTarget = [Bool](repeating: false, count: samples * classes)  // class k of sample i is a target
        for sample in 0..<samples {
            for slot in 0..<classes {
                let label = Int(rows[sample * classes + slot])
                if label == -1 { break }
                check(label >= 0 && label < classes, "argument #2 'target' is out of range")
                listed[sample * classes + slot] = true
                isTarget[sample * classes + label] = true
            }
        }
        let slots = Tensor(flat: listed, shape: [samples, classes])
        let targets = Tensor(flat: isTarget, shape: [samples, classes])
        let safeLabels = labels.maskedFill(labels .< Tensor(Int64(0)), 0)
        // [N, slot, class]: 1 - (x_{y_slot} - x_class), kept where the slot is listed and the class is not a target.
        let picked = batched.gather(1, safeLabels).unsqueeze(2)
        let hinges = (1 - picked + batched.unsqueeze(1)).relu()
        let kept = slots.unsqueeze(2).logicalAnd(targets.logicalNot().unsqueeze(1))
        let losses = Tensor.where(kept, hinges, Tensor.zerosLike(hinges)).sum(dims: [1, 2]) / Double(classes)
        return reduction.apply(input.rank == 2 ? losses : losses.reshape([]))
    }
}
