extension Functional {
    /// Cross entropy of the logits `input·Wᵀ + b` (`F.linear_cross_entropy`): `linearWeight` is
    /// `[numClasses, outFeatures…, inFeatures]`, `input` `[N, inFeatures]` or `[inFeatures]`, and `target` class
    /// indices shaped like the batch (and `outFeatures`) or probabilities shaped like the logits
    /// `[N, numClasses, outFeatures…]`. `ignoreIndex` `nil` is PyTorch's `None` (-100). The logits are computed whole
    /// whatever `options` say (PyTorch's reference path; its chunked path gives the same values up to rounding).
    public static func linearCrossEntropy(
        _ input: Tensor, linearWeight: Tensor, target: Tensor, linearBias: Tensor? = nil, weight: Tensor? = nil,
        reduction: Reduction = .mean, ignoreIndex: Int? = nil, labelSmoothing: Double = 0,
        options: LinearCrossEntropyOptions? = nil
    ) -> Tensor {
        check(input.rank == 1 || input.rank == 2, "expected input with dimensionality 1 or 2, got \(input.rank)")
        check(linearWeight.rank >= 2, "expected linear_weight with dimensionality at least 2, got \(linearWeight.rank)")
        let batch = Array(input.shape.dropLast()), inFeatures = input.shape[input.rank - 1]
        check(inFeatures == linearWeight.shape[linearWeight.rank - 1],
              "expected equal input and linear_weight last dimensions (in_features), got \(inFeatures) and "
              + "\(linearWeight.shape[linearWeight.rank - 1]), respectively")
        let classes = linearWeight.shape[0], outFeatures = Array(linearWeight.shape.dropFirst().dropLast())
        if let linearBias {
            check(linearBias.shape == [classes] + outFeatures,
                  "expected linear_bias shape \(tuple([classes] + outFeatures)), got \(tuple(linearBias.shape))")
        }
        check(outFeatures.isEmpty || !batch.isEmpty,
              "K-dimensional loss defined by linear_weight shape \(tuple(linearWeight.shape)) requires batched input, "
              + "(N, \(inFeatures)), got unbatched input with shape \(tuple(input.shape))")
        let logitsShape = batch + [classes] + outFeatures
        check(target.shape != logitsShape || ignoreIndex == nil,
              "ignore_index cannot be specified when target contains probabilities")
        let rows = outFeatures.reduce(classes, *)
        let logits = linear(input, weight: linearWeight.reshape([rows, inFeatures]), bias: linearBias?.reshape([rows]))
        return crossEntropy(logits.reshape(logitsShape), target, weight: weight, ignoreIndex: ignoreIndex ?? -100,
                            reduction: reduction, labelSmoothing: labelSmoothing)
    }

    /// Python's repr of a shape as a tuple: `(3, 2)`, `(3,)`, `()`.
    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
