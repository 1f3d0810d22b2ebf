import Foundation

/// PyTorch's legacy cross-channel response normalisation of `[N, C, H, W]` inputs (`torch.nn.CrossMapLRN2d`),
/// reproduced with its own recurrences: the forward pass's running window of squares (which, as in PyTorch, keeps
/// channel 0 in every later window) and its hand-written backward pass. ``LocalResponseNorm`` is the modern layer.
open class CrossMapLRN2d: Module {
    /// Number of channels in each window.
    public let size: Int
    /// The multiplicative factor.
    public let alpha: Double
    /// The exponent.
    public let beta: Double
    /// The additive factor.
    public let k: Double

    /// A normalisation with PyTorch's defaults (`alpha=0.0001, beta=0.75, k=1`).
    public init(_ size: Int, alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 1) {
        (self.size, self.alpha, self.beta, self.k) = (size, alpha, beta, k)
        super.init()
    }

    /// ``Functional/crossMapLRN2d(_:size:alpha:beta:k:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.crossMapLRN2d(input, size: size, alpha: alpha, beta: beta, k: k)
    }

    /// `3, alpha=0.0001, beta=0.75, k=1` (a whole `k` printed as PyTorch's integer default prints).
    open override var extraRepr: String {
        let kText = k == k.rounded() && abs(k) < 1e15 ? "\(Int(k))" : PythonFormat.repr(k)
        return "\(size), alpha=\(PythonFormat.repr(alpha)), beta=\(PythonFormat.repr(beta)), k=\(kText)"
    }
}

extension Functional {
    /// `torch.nn._functions.CrossMapLRN2d`: `x · (k + alpha/size · Σ_window x²)^-beta` with PyTorch's window
    /// recurrence, and its backward pass as one `CrossMapLRN2dBackward` node.
    public static func crossMapLRN2d(_ input: Tensor, size: Int, alpha: Double = 1e-4, beta: Double = 0.75,
                                     k: Double = 1) -> Tensor {
        check(input.rank == 4, "CrossMapLRN2d: Expected input to be 4D, got \(input.rank)D instead.")
        let (batch, channels) = (input.shape[0], input.shape[1]), plane = input.shape[2] * input.shape[3]
        let x = input.detach().to(.float64).contiguous().toArray(of: Double.self)
        var scale = [Double](repeating: 0, count: x.count)
        let prePad = Int(Double(size - 1) / 2 + 1)
        for sample in 0..<batch {
            let base = sample * channels * plane
            func at(_ channel: Int, _ cell: Int) -> Int { base + channel * plane + cell }
            for channel in 0..<Swift.min(prePad, channels) {
                for cell in 0..<plane { scale[at(0, cell)] += x[at(channel, cell)] * x[at(channel, cell)] }
            }
            for channel in 1..<Swift.max(channels, 1) {
                for cell in 0..<plane {
                    var value = scale[at(channel - 1, cell)]
                    if channel < channels - prePad + 1 {
                        let next = x[at(channel + prePad - 1, cell)]
                        value += next * next
                    }
                    if channel > prePad {
                        let previous = x[at(channel - prePad, cell)]
                        value -= previous * previous
                    }
                    scale[at(channel, cell)] = value
                }
            }
        }
        scale = scale.map { $0 * (alpha / Double(size)) + k }
        let output = zip(x, scale).map { $0 * pow($1, -beta) }
        let result = Tensor(flat: output, shape: input.shape).to(input.dtype)
        return Tensor.recordOperation(result, name: "CrossMapLRN2dBackward", inputs: [input]) { gradient in
            let upstream = gradient.to(.float64).contiguous().toArray(of: Double.self)
            var grad = zip(scale, upstream).map { pow($0, -beta) * $1 }
            let cacheRatio = 2 * alpha * beta / Double(size)
            let inversePrePad = Int(Double(size) - Double(size - 1) / 2)
            for sample in 0..<batch {
                let base = sample * channels * plane
                var padded = [Double](repeating: 0, count: (channels + size - 1) * plane)
                for channel in 0..<channels {
                    for cell in 0..<plane {
                        let index = base + channel * plane + cell
                        padded[(channel + inversePrePad) * plane + cell] = upstream[index] * output[index] / scale[index]
                    }
                }
                var accumulated = [Double](repeating: 0, count: plane)
                for channel in 0..<(size - 1) {
                    for cell in 0..<plane { accumulated[cell] += padded[channel * plane + cell] }
                }
                for channel in 0..<channels {
                    for cell in 0..<plane {
                        accumulated[cell] += padded[(channel + size - 1) * plane + cell]
                        let index = base + channel * plane + cell
                        grad[index] -= cacheRatio * x[index] * accumulated[cell]
                        accumulated[cell] -= padded[channel * plane + cell]
                    }
                }
            }
            return [Tensor(flat: grad, shape: input.shape).to(input.dtype)]
        }
    }
}
