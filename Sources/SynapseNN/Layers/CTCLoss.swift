/// Connectionist temporal classification loss (`torch.nn.CTCLoss`), called as
/// `loss(logProbs, targets, inputLengths, targetLengths)`.
///
/// ```swift
/// let ctc = CTCLoss()
/// let loss = ctc(logits.logSoftmax(dim: 2), targets, inputLengths, targetLengths)
/// ```
open class CTCLoss: Module {
    /// The blank label.
    public let blank: Int
    /// How the per-sample losses are combined (`mean` divides each by its target length first).
    public let reduction: Reduction
    /// Whether infinite losses (impossible alignments) and their gradients become 0.
    public let zeroInfinity: Bool

    /// A loss with PyTorch's defaults.
    public init(blank: Int = 0, reduction: Reduction = .mean, zeroInfinity: Bool = false) {
        (self.blank, self.reduction, self.zeroInfinity) = (blank, reduction, zeroInfinity)
        super.init()
    }

    /// `Functional.ctcLoss` with the lengths as tensors.
    open func forward(_ logProbs: Tensor, _ targets: Tensor, _ inputLengths: Tensor, _ targetLengths: Tensor)
        -> Tensor {
        Functional.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank: blank, reduction: reduction,
                           zeroInfinity: zeroInfinity)
    }

    /// The loss, with hooks; the lengths are integer tensors.
    public func callAsFunction(_ logProbs: Tensor, _ targets: Tensor, _ inputLengths: Tensor,
                               _ targetLengths: Tensor) -> Tensor {
        callForward(forward, logProbs, targets, inputLengths, targetLengths,
                    labels: ["log_probs", "targets", "input_lengths", "target_lengths"])
    }

    /// The loss with the lengths as integers.
    public func callAsFunction(_ logProbs: Tensor, _ targets: Tensor, _ inputLengths: [Int],
                               _ targetLengths: [Int]) -> Tensor {
        callAsFunction(logProbs, targets, Tensor(flat: inputLengths.map(Int64.init), shape: [inputLengths.count]),
                       Tensor(flat: targetLengths.map(Int64.init), shape: [targetLengths.count]))
    }
}
