import Testing
@testable import SynapseTensor

/// The fused backward formulas (`Fused.map` with ``GradientFunctions``) on tensors large enough to be split across
/// threads: the same bits as the composed formula they replace, PyTorch's order of operations, with one thread or
/// two; and the output gradient of `sum()` (one value expanded) as well as a full one.
@Suite struct FusedBackwardLoopTests {
    static let count = 70_001

    /// `x.grad` after `f(x)` is backpropagated with output gradient `g` (or from `sum()` when `g` is `nil`).
    static func inputGradient(_ x: Tensor, _ g: Tensor?, _ f: (Tensor) -> Tensor) -> Tensor {
        let leaf = x.detach()
        leaf.requiresGrad = true
        let y = f(leaf)
        if let g { (y * g).sum().backward() } else { y.sum().backward() }
        return leaf.grad!
    }

    @Test(arguments: [DType.float32, .float64])
    func unaryBackwardsMatchTheComposedFormulaOnOneAndTwoThreads(_ dtype: DType) {
        let generator = Generator(seed: 11)
        let x = Tensor.randn([Self.count], dtype: dtype, generator: generator)
        let g = Tensor.randn([Self.count], dtype: dtype, generator: generator)
        let cases: [(String, (Tensor) -> Tensor, (Tensor, Tensor) -> Tensor)] = [
            ("tanh", { $0.tanh() }, { g, x in let y = x.tanh(); return g * (1.0 - y * y) }),
            ("sigmoid", { $0.sigmoid() }, { g, x in let y = x.sigmoid(); return g * (1.0 - y) * y }),
            ("square", { $0.square() }, { g, x in g * (x * 2.0) }),
            ("pow 3", { $0.pow(3) }, { g, x in g * (x.pow(2) * 3.0) }),
        ]
        for (name, f, composed) in cases {
            for output in [g, nil] {
                let expected = noGrad { composed(output ?? Tensor.onesLike(x), x) }
                let (single, several) = onOneAndTwoThreads { Self.inputGradient(x, output, f) }
                #expect(bitPatterns(single) == bitPatterns(expected), "\(name) \(dtype) \(output == nil ? "sum" : "g")")
                #expect(bitPatterns(several) == bitPatterns(single), "\(name) \(dtype): one thread against two")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func meanSquaredErrorMatchesItsFormulaOnOneAndTwoThreads(_ dtype: DType) {
        let generator = Generator(seed: 12)
        let input = Tensor.randn([Self.count], dtype: dtype, generator: generator)
        let target = Tensor.randn([Self.count], dtype: dtype, generator: generator)
        let difference = noGrad { input - target }
        let expectedLoss = noGrad { (difference * difference).mean() }
        // PyTorch's mse_loss_backward: alpha * (a - b) * g, alpha = 2 / n, g = 1 for the mean's output.
        let expectedGradient = noGrad { difference * (2 / Double(Self.count)) * 1.0 }
        let runs = onOneAndTwoThreads { () -> (loss: Tensor, gradient: Tensor) in
            let leaf = input.detach()
            leaf.requiresGrad = true
            let loss = Tensor.meanSquaredError(leaf, target, reduceByMean: true)
            loss.backward()
            return (loss, leaf.grad!)
        }
        for (threads, run) in [(1, runs.single), (2, runs.several)] {
            #expect(bitPatterns(run.loss) == bitPatterns(expectedLoss), "\(dtype) loss, \(threads) threads")
            #expect(bitPatterns(run.gradient) == bitPatterns(expectedGradient), "\(dtype) gradient, \(threads) threads")
        }
    }
}
