import Testing
import SynapseNN

/// One activation, dropout or loss recorded by `scripts/fixtures/functional.py`.
struct FunctionalCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let repr: String
    let seed: UInt64
    let dtype: String
    let input_shape: [Int]
    let input: [Double]
    let target_kind: String
    let target: [Double]?
    let output_shape: [Int]
    let output: [Double]
    let grad_input: [Double]
    let param_grads: [String: [Double]]
    let after: [Double]

    /// The case's dtype, and the largest relative error allowed for it (1e-5 for float32, 1e-10 for float64).
    var tensorType: DType { dtype == "float64" ? .float64 : .float32 }
    var tolerance: Double { dtype == "float64" ? 1e-10 : 1e-5 }

    var testDescription: String { name }

    static let all: [FunctionalCase] = {
        struct File: Decodable { let cases: [FunctionalCase] }
        return FixtureFile.decode(File.self, "layers/functional.json", generator: "functional.py").cases
    }()

    /// `sigmoid(input)` fed to `BCELoss`, as the fixture's `SigmoidBCE` does.
    final class SigmoidBCE: Loss {
        let loss = BCELoss()
        override func forward(_ input: Tensor, _ target: Tensor) -> Tensor { loss(input.sigmoid(), target) }
    }

    /// Bilinear takes two inputs: the case splits its input's last dimension into x1 (2) and x2 (3).
    final class SplitBilinear: Module {
        let bilinear = Bilinear(2, 3, 4)
        override func forward(_ x: Tensor) -> Tensor { bilinear(x[.ellipsis, ..<2], x[.ellipsis, 2...]) }
    }

    /// Weights the inner module's output by 1, 2, …, n (over n), so each output sends back its own gradient.
    final class Ramp: Module {
        let inner: Module
        init(_ inner: Module) {
            self.inner = inner
            super.init()
        }
        override func forward(_ x: Tensor) -> Tensor {
            let y = inner(x)
            return y * Tensor.arange(1, y.numel + 1, dtype: y.dtype).view(y.shape) / Double(y.numel)
        }
    }

    /// The module the case names, and the number of classes of an index target.
    func makeModule() -> (Module, classes: Int?, ignore: Int?) {
        switch name {
        case "relu": (ReLU(), nil, nil)
        case "leaky_relu": (LeakyReLU(negativeSlope: 0.2), nil, nil)
        case "gelu": (GELU(), nil, nil)
        case "gelu tanh": (GELU(approximate: .tanh), nil, nil)
        case "silu": (SiLU(), nil, nil)
        case "sigmoid": (Sigmoid(), nil, nil)
        case "tanh": (Tanh(), nil, nil)
        case "softmax": (Softmax(dim: 1), nil, nil)
        case "log_softmax": (LogSoftmax(dim: -1), nil, nil)
        case "dropout": (Dropout(0.3), nil, nil)
        case "dropout eval": (Dropout(0.3).eval(), nil, nil)
        case "mse": (MSELoss(), nil, nil)
        case "mse sum": (MSELoss(reduction: .sum), nil, nil)
        case "mse none": (MSELoss(reduction: .none), nil, nil)
        case "l1 none": (L1Loss(reduction: .none), nil, nil)
        case "cross_entropy": (CrossEntropyLoss(), 4, nil)
        case "cross_entropy weighted ignore":
            (CrossEntropyLoss(weight: Tensor([1.0, 2.0, 0.5, 3.0]), ignoreIndex: 2), 4, 2)
        case "cross_entropy smoothing": (CrossEntropyLoss(labelSmoothing: 0.1), 3, nil)
        case "cross_entropy smoothing weighted":
            (CrossEntropyLoss(weight: Tensor([0.5, 1.0, 2.0]), ignoreIndex: 1, labelSmoothing: 0.2), 3, 1)
        case "cross_entropy probabilities": (CrossEntropyLoss(labelSmoothing: 0.1), nil, nil)
        case "cross_entropy spatial none": (CrossEntropyLoss(reduction: .none), 3, nil)
        case "nll": (NLLLoss(), 4, nil)
        case "bce with logits": (BCEWithLogitsLoss(), nil, nil)
        case "bce with logits pos_weight": (BCEWithLogitsLoss(posWeight: Tensor([1.0, 2.0, 3.0])), nil, nil)
        case "bce of sigmoid": (SigmoidBCE(), nil, nil)
        case "max_pool2d": (MaxPool2d(2), nil, nil)
        case "max_pool2d padded strided ceil":
            (MaxPool2d(PoolSize(3, 2), stride: 2, padding: 1, ceilMode: true), nil, nil)
        case "max_pool2d dilation": (MaxPool2d(2, stride: 1, dilation: 2), nil, nil)
        case "avg_pool2d": (AvgPool2d(2), nil, nil)
        case "avg_pool2d padded exclude": (AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false), nil, nil)
        case "avg_pool2d padded include": (AvgPool2d(3, stride: 2, padding: 1), nil, nil)
        case "adaptive_avg_pool2d 1x1": (AdaptiveAvgPool2d(PoolSize(1, 1)), nil, nil)
        case "adaptive_avg_pool2d 3": (AdaptiveAvgPool2d(3), nil, nil)
        case "group_norm": (GroupNorm(2, 4), nil, nil)
        case "unflatten": (Unflatten(dim: 1, unflattenedSize: [2, 3]), nil, nil)
        case "embedding": (Embedding(10, 3), nil, nil)
        case "conv1d": (Conv1d(2, 3, kernelSize: 3), nil, nil)
        case "conv1d padded strided groups": (Conv1d(4, 6, kernelSize: 5, stride: 2, padding: 2, groups: 2, bias: false), nil, nil)
        case "conv1d same": (Conv1d(2, 2, kernelSize: 4, padding: .same), nil, nil)
        case "bilinear": (SplitBilinear(), nil, nil)
        case "lazy_conv2d": (LazyConv2d(4, kernelSize: 3, padding: 1), nil, nil)
        case "conv_transpose2d strided": (ConvTranspose2d(4, 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1), nil, nil)
        case "float64 linear cross_entropy": (Sequential(Linear(5, 4), LogSoftmax(dim: 1)), nil, nil)
        case "float64 conv2d": (Conv2d(2, 3, kernelSize: 3, padding: 1), nil, nil)
        case "float64 batch_norm": (BatchNorm2d(2), nil, nil)
        case "float64 layer_norm": (LayerNorm([4]), nil, nil)
        case "float64 gelu": (GELU(), nil, nil)
        case "float64 mse": (MSELoss(), nil, nil)
        case "conv_transpose2d groups dilation":
            (ConvTranspose2d(2, 4, kernelSize: (2, 3), groups: 2, bias: false, dilation: (2, 2)), nil, nil)
        case "embedding padding": (Embedding(6, 2, paddingIdx: 0), nil, nil)
        case "ramp avg_pool2d odd tiling": (Ramp(AvgPool2d(2)), nil, nil)
        case "ramp avg_pool2d overlapping": (Ramp(AvgPool2d(PoolSize(2, 3), stride: 1)), nil, nil)
        case "ramp avg_pool2d ceil": (Ramp(AvgPool2d(3, stride: 2, padding: 1, ceilMode: true)), nil, nil)
        case "ramp avg_pool2d ceil exclude":
            (Ramp(AvgPool2d(PoolSize(2, 3), stride: 2, padding: 1, ceilMode: true, countIncludePad: false)), nil, nil)
        case "ramp avg_pool2d divisor": (Ramp(AvgPool2d(2, stride: 1, divisorOverride: 3)), nil, nil)
        case "ramp avg_pool2d unbatched": (Ramp(AvgPool2d(3)), nil, nil)
        case "float64 ramp avg_pool2d": (Ramp(AvgPool2d(2, padding: 1)), nil, nil)
        default: fatalError("unknown case \(name)")
        }
    }
}

extension DefaultGeneratorSuite {
    /// Activations, dropout (same mask from the same seed) and losses against torch: reprs exactly, values and
    /// input gradients within 1e-5 relative, and the same number of random draws.
    @Suite struct FunctionalTests {
        @Test(arguments: FunctionalCase.all)
        func matchesTorch(_ testCase: FunctionalCase) {
            manualSeed(testCase.seed)
            let (module, classes, ignore) = testCase.makeModule()
            if testCase.tensorType != .float32 { module.to(testCase.tensorType) }
            if testCase.target_kind == "embedding" {
                #expect(module.description == testCase.repr)
                checkEmbedding(testCase, module as! Embedding)
                return
            }
            let x = (Tensor.randn(testCase.input_shape, dtype: testCase.tensorType) * 3).requiresGrad_()
            #expect(largestError(x, testCase.input) <= testCase.tolerance)
            let output: Tensor
            switch testCase.target_kind {
            case "float":
                output = (module as! Loss)(x, Tensor.rand(testCase.input_shape, dtype: testCase.tensorType))
            case "index":
                let shape = [testCase.input_shape[0]] + testCase.input_shape.dropFirst(2)
                let target = Tensor.randint(classes!, shape)
                if let ignore { target[0] = Tensor(Int64(ignore)) }
                #expect(target.toArray(of: Double.self) == testCase.target)
                output = (module as! Loss)(x, target)
            default:
                output = module(x)
            }
            #expect(output.shape == testCase.output_shape)
            #expect(module.description == testCase.repr)
            #expect(largestError(output, testCase.output) <= testCase.tolerance, "output")
            output.sum().backward()
            #expect(largestError(x.grad!, testCase.grad_input) <= testCase.tolerance, "grad")
            let gradients = module.namedParameters().filter { $0.parameter.grad != nil }
            #expect(gradients.count == testCase.param_grads.count)
            for (name, parameter) in gradients {
                #expect(largestError(parameter.grad!, testCase.param_grads[name] ?? []) <= testCase.tolerance,
                        "grad of \(name)")
            }
            #expect(Tensor.rand([2]).toArray(of: Double.self) == testCase.after, "a different number of draws")
        }

        /// The largest error of `tensor` against `expected`, relative to the largest expected magnitude (at least 1).
        func largestError(_ tensor: Tensor, _ expected: [Double]) -> Double {
            let values = tensor.toArray(of: Double.self)
            guard values.count == expected.count else { return .infinity }
            let scale = max(1, expected.map(abs).max() ?? 1)
            return (zip(values, expected).map { abs($0 - $1) }.max() ?? 0) / scale
        }

        /// An embedding case: the drawn table bit for bit, the looked-up rows, and the table's gradient (none
        /// for the padding row).
        func checkEmbedding(_ testCase: FunctionalCase, _ embedding: Embedding) {
            #expect(embedding.weight.toArray(of: Double.self) == testCase.target)
            let indices = Tensor(flat: testCase.input.map { Int64($0) }, shape: testCase.input_shape)
            let rows = embedding(indices)
            #expect(rows.shape == testCase.output_shape && rows.toArray(of: Double.self) == testCase.output)
            (rows * Tensor.randn(rows.shape)).sum().backward()
            #expect(largestError(embedding.weight.grad!, testCase.grad_input) <= 1e-5)
            #expect(Tensor.rand([2]).toArray(of: Double.self) == testCase.after, "a different number of draws")
        }
    }
}
