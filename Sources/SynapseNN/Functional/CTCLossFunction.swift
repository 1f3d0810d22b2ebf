import Foundation

extension Functional {
    /// Connectionist temporal classification loss (`F.ctc_loss`): the negative log-probability of each target
    /// sequence summed over all its alignments with the `[T, N, C]` log-probabilities (or `[T, C]` for one
    /// sequence), by ATen's forward (α) and backward (β) recursions in log space, with its hand-written gradient.
    ///
    /// `targets` is `[N, S]` (padded) or the concatenation of all targets (1-D); `inputLengths` and
    /// `targetLengths` give each sample's lengths. `mean` divides each loss by its target length (at least 1) before
    /// averaging; `zeroInfinity` turns the infinite losses of impossible alignments (and their gradients) into 0.
    public static func ctcLoss(
        _ logProbs: Tensor, _ targets: Tensor, _ inputLengths: [Int], _ targetLengths: [Int], blank: Int = 0,
        reduction: Reduction = .mean, zeroInfinity: Bool = false
    ) -> Tensor {
        let unbatched = logProbs.rank == 2
        let batchedLogProbs = unbatched ? logProbs.unsqueeze(1) : logProbs
        let batchedTargets = unbatched && targets.rank == 1 ? targets.unsqueeze(0) : targets
        check(batchedLogProbs.rank == 3, "ctc_loss: expected log_probs of 2 or 3 dimensions, got \(logProbs.shape)")
        let batch = batchedLogProbs.shape[1]
        check(inputLengths.count == batch, "input_lengths must be of size batch_size")
        check(targetLengths.count == batch, "target_lengths must be of size batch_size")
        let problem = CTCProblem(logProbs: batchedLogProbs, targets: batchedTargets, inputLengths: inputLengths,
                                 targetLengths: targetLengths, blank: blank)
        let alignments = (0..<batch).map(problem.align)
        let nll = Tensor(flat: alignments.map(\.negativeLogLikelihood), shape: [batch]).to(logProbs.dtype)
        var losses = Tensor.recordOperation(nll, name: "CtcLossBackward0", inputs: [batchedLogProbs]) { gradient in
            [problem.gradient(alignments, outputGradient: gradient, zeroInfinity: zeroInfinity)]
        }
        if zeroInfinity {
            losses = Tensor.where(losses .== Double.infinity, Tensor.zerosLike(losses), losses)
        }
        switch reduction {
        case .none: return unbatched ? losses.squeeze(0) : losses
        case .sum: return losses.sum()
        case .mean:
            let lengths = Tensor(flat: targetLengths.map { Double(Swift.max($0, 1)) }, shape: [batch]).to(losses.dtype)
            return (losses / lengths).mean()
        }
    }

    /// ``ctcLoss(_:_:_:_:blank:reduction:zeroInfinity:)`` with the lengths as integer tensors (`[N]`, or 0-dim for
    /// one sequence), as PyTorch takes them.
    public static func ctcLoss(
        _ logProbs: Tensor, _ targets: Tensor, _ inputLengths: Tensor, _ targetLengths: Tensor, blank: Int = 0,
        reduction: Reduction = .mean, zeroInfinity: Bool = false
    ) -> Tensor {
        func integers(_ tensor: Tensor) -> [Int] {
            check(!tensor.dtype.isFloatingPoint, "ctc_loss: expected integer lengths, found \(tensor.dtype.scalarTypeName)")
            return tensor.to(.int64).contiguous().toArray(of: Int64.self).map { Int($0) }
        }
        return ctcLoss(logProbs, targets, integers(inputLengths), integers(targetLengths), blank: blank,
                       reduction: reduction, zeroInfinity: zeroInfinity)
    }
}

/// One sample's forward variables: `logAlpha[t][s]` over the blank-extended target `l'` (blank, l₁, blank, …).
struct CTCAlignment {
    var logAlpha: [[Double]]
    var negativeLogLikelihood: Double
}

/// The data of a CTC loss, validated as ATen validates it, read into Double arrays.
struct CTCProblem: @unchecked Sendable {
    let steps, batch, classes, blank: Int
    let logProbs: [Double]          // [T, N, C]
    let labels: [[Int]]             // each sample's target sequence
    let inputLengths: [Int]
    let dtype: DType

    init(logProbs: Tensor, targets: Tensor, inputLengths: [Int], targetLengths: [Int], blank: Int) {
        (steps, batch, classes) = (logProbs.shape[0], logProbs.shape[1], logProbs.shape[2])
        check(logProbs.dtype.isFloatingPoint, "ctc_loss: expected floating-point log_probs, found \(logProbs.dtype.scalarTypeName)")
        check(blank >= 0 && blank < classes, "blank must be in label range")
        check(!targets.dtype.isFloatingPoint, "ctc_loss: expected integer targets, found \(targets.dtype.scalarTypeName)")
        let flat = targets.to(.int64).contiguous().toArray(of: Int64.self).map { Int($0) }
        var labels: [[Int]] = []
        if targets.rank == 1 {
            let total = targetLengths.reduce(0, +)
            check(targets.shape[0] >= total,
                  "Expected tensor to have size \(total) at dimension 0, but got size \(targets.shape[0]) for argument #2 'targets' (while checking arguments for ctc_loss_allocate_outputs)")
            var offset = 0
            for length in targetLengths {
                check(length >= 0, "Expected target_lengths to have value at least 0, but got value \(length) (while checking arguments for ctc_loss_allocate_outputs)")
                labels.append(Array(flat[offset..<(offset + length)]))
                offset += length
            }
        } else {
            check(targets.rank == 2 && targets.shape[0] == logProbs.shape[1],
                  "ctc_loss: expected targets of shape [N, S] or concatenated (1-D), found \(targets.shape)")
            let width = targets.shape[1]
            for (sample, length) in targetLengths.enumerated() {
                check(length >= 0, "Expected target_lengths to have value at least 0, but got value \(length) (while checking arguments for ctc_loss_allocate_outputs)")
                check(length <= width,
                      "Expected tensor to have size at least \(length) at dimension 1, but got size \(width) for argument #2 'targets' (while checking arguments for ctc_loss_allocate_outputs)")
                labels.append(Array(flat[(sample * width)..<(sample * width + length)]))
            }
        }
        for length in inputLengths {
            check(length >= 0, "Expected input_lengths to have value at least 0, but got value \(length) (while checking arguments for ctc_loss_allocate_outputs)")
            check(length <= steps, "Expected input_lengths to have value at most \(steps), but got value \(length) (while checking arguments for ctc_loss_allocate_outputs)")
        }
        for sequence in labels {
            for label in sequence { check(label >= 0 && label < classes, "ctc_loss: target \(label) is out of range") }
        }
        self.blank = blank
        self.labels = labels
        self.inputLengths = inputLengths
        self.dtype = logProbs.dtype
        self.logProbs = logProbs.detach().to(.float64).contiguous().toArray(of: Double.self)
    }

    /// `log p(class | t, sample)`.
    func logProb(_ time: Int, _ sample: Int, _ label: Int) -> Double {
        logProbs[(time * batch + sample) * classes + label]
    }

    /// The label at position `s` of the blank-extended target.
    func extendedLabel(_ sample: Int, _ s: Int) -> Int { s % 2 == 0 ? blank : labels[sample][s / 2] }

    /// `log(exp a + exp b + exp c)` as ATen computes it (an all -∞ triple gives -∞).
    static func logSumExp(_ a: Double, _ b: Double, _ c: Double) -> Double {
        var largest = Swift.max(a, b, c)
        if largest == -.infinity { largest = 0 }
        return log(exp(a - largest) + exp(b - largest) + exp(c - largest)) + largest
    }

    /// The α recursion of one sample and its negative log-likelihood.
    func align(_ sample: Int) -> CTCAlignment {
        let length = inputLengths[sample], extended = 2 * labels[sample].count + 1
        var alpha = [[Double]](repeating: [Double](repeating: -.infinity, count: extended), count: Swift.max(length, 1))
        guard length > 0 else { return CTCAlignment(logAlpha: alpha, negativeLogLikelihood: .infinity) }
        alpha[0][0] = logProb(0, sample, blank)
        if extended > 1 { alpha[0][1] = logProb(0, sample, extendedLabel(sample, 1)) }
        for time in 1..<length {
            for s in 0..<extended {
                let label = extendedLabel(sample, s)
                let stay = alpha[time - 1][s]
                let advance = s > 0 ? alpha[time - 1][s - 1] : -.infinity
                let skip = s > 1 && extendedLabel(sample, s - 2) != label ? alpha[time - 1][s - 2] : -.infinity
                alpha[time][s] = Self.logSumExp(stay, advance, skip) + logProb(time, sample, label)
            }
        }
        let last = alpha[length - 1]
        let logLikelihood = extended == 1 ? last[0] : Self.logSumExp(last[extended - 1], last[extended - 2], -.infinity)
        return CTCAlignment(logAlpha: alpha, negativeLogLikelihood: -logLikelihood)
    }

    /// ATen's gradient with respect to the log-probabilities: `exp(lp) - exp(log Σ_{s: l'_s = c} α·β + nll - lp)`
    /// per time step and class inside each sample's input length, times the sample's output gradient; 0 after it.
    func gradient(_ alignments: [CTCAlignment], outputGradient: Tensor, zeroInfinity: Bool) -> Tensor {
        let upstream = outputGradient.to(.float64).contiguous().toArray(of: Double.self)
        var result = [Double](repeating: 0, count: steps * batch * classes)
        for sample in 0..<batch {
            let nll = alignments[sample].negativeLogLikelihood, length = inputLengths[sample]
            if (zeroInfinity && nll == .infinity) || length == 0 { continue }
            let alpha = alignments[sample].logAlpha, extended = 2 * labels[sample].count + 1
            var beta = [[Double]](repeating: [Double](repeating: -.infinity, count: extended), count: length)
            var logAlphaBeta = [[Double]](repeating: [Double](repeating: -.infinity, count: classes), count: length)
            func accumulate(_ time: Int, _ s: Int) {
                let label = extendedLabel(sample, s), term = alpha[time][s] + beta[time][s]
                logAlphaBeta[time][label] = Self.logSumExp(logAlphaBeta[time][label], term, -.infinity)
            }
            beta[length - 1][extended - 1] = logProb(length - 1, sample, blank)
            accumulate(length - 1, extended - 1)
            if extended > 1 {
                beta[length - 1][extended - 2] = logProb(length - 1, sample, extendedLabel(sample, extended - 2))
                accumulate(length - 1, extended - 2)
            }
            for time in stride(from: length - 2, through: 0, by: -1) {
                for s in stride(from: extended - 1, through: 0, by: -1) {
                    let label = extendedLabel(sample, s)
                    let stay = beta[time + 1][s]
                    let advance = s < extended - 1 ? beta[time + 1][s + 1] : -.infinity
                    let skip = s < extended - 2 && extendedLabel(sample, s + 2) != label ? beta[time + 1][s + 2] : -.infinity
                    beta[time][s] = Self.logSumExp(stay, advance, skip) + logProb(time, sample, label)
                    accumulate(time, s)
                }
            }
            for time in 0..<length {
                for label in 0..<classes {
                    let lp = logProb(time, sample, label)
                    result[(time * batch + sample) * classes + label] =
                        (exp(lp) - exp(logAlphaBeta[time][label] + nll - lp)) * upstream[sample]
                }
            }
        }
        return Tensor(flat: result, shape: [steps, batch, classes]).to(dtype)
    }
}
