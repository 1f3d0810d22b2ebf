import CSynapseKernels
import Testing
@testable import SynapseTensor

/// Batch normalisation's element-wise C passes (`synapse_bn_affine_*`, `synapse_bn_input_gradient_*`) against their
/// scalar definitions bit for bit (every level, streaming stores on and off, misaligned starts, lengths around the
/// vector widths), and the operation at every level against the level in use: odd shapes (one channel, a batch of
/// one, 1×1 maps, a non-contiguous input), a tensor large enough to stream, float32 and float64, one and two threads.
@Suite struct BatchNormPassTests {
    static let lengths = [0, 1, 7, 15, 16, 17, 31, 33, 100, 3141]

    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var values = TestValues(seed: seed)
        return (0..<count).map { _ in values.next(in: -3...3) }
    }

    /// Runs `pass(dy, x, out, count, stream, level)` (one of the two passes) over every length, misalignment, level
    /// and streaming choice and expects the bits of `expected(dy[i], x[i])`.
    static func expectDefinition<T: BinaryFloatingPoint>(
        _: T.Type, _ name: String, bits: (T) -> UInt64, expected: (T, T) -> T,
        _ pass: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int, Int32, Int32) -> Int32
    ) {
        for count in lengths {
            for shift in 0..<4 {
                let x = values(count + shift, seed: UInt64(count)).map { T($0) }
                let dy = values(count + shift, seed: UInt64(count) + 9).map { T($0) }
                let definition = (shift..<count + shift).map { bits(expected(dy[$0], x[$0])) }
                for level in -1...synapse_vmath_isa() {
                    for stream: Int32 in [0, 1] {
                        var out = [T](repeating: .nan, count: count + shift)
                        let status = dy.withUnsafeBufferPointer { dy in
                            x.withUnsafeBufferPointer { x in
                                out.withUnsafeMutableBufferPointer { out in
                                    pass(dy.baseAddress! + shift, x.baseAddress! + shift, out.baseAddress! + shift,
                                         count, stream, level)
                                }
                            }
                        }
                        #expect(status == 0)
                        #expect(out[shift...].map(bits) == definition,
                                "\(name) \(T.self) \(count) +\(shift) level \(level) stream \(stream)")
                    }
                }
            }
        }
    }

    @Test func floatPassesMatchTheDefinitions() {
        let (a, b, c): (Float, Float, Float) = (0.7310586, -1.2345679, 0.0312)
        let bits = { (value: Float) in UInt64(value.bitPattern) }
        Self.expectDefinition(Float.self, "affine", bits: bits, expected: { _, x in x * a + b }) {
            synapse_bn_affine_f32($1, $2, $3, a, b, $4, $5)
        }
        Self.expectDefinition(Float.self, "input gradient", bits: bits, expected: { dy, x in dy * a + x * b + c }) {
            synapse_bn_input_gradient_f32($0, $1, $2, $3, a, b, c, $4, $5)
        }
    }

    @Test func doublePassesMatchTheDefinitions() {
        let (a, b, c) = (0.7310585786300049, -1.2345678901234567, 0.03125000001)
        let bits = { (value: Double) in value.bitPattern }
        Self.expectDefinition(Double.self, "affine", bits: bits, expected: { _, x in x * a + b }) {
            synapse_bn_affine_f64($1, $2, $3, a, b, $4, $5)
        }
        Self.expectDefinition(Double.self, "input gradient", bits: bits, expected: { dy, x in dy * a + x * b + c }) {
            synapse_bn_input_gradient_f64($0, $1, $2, $3, a, b, c, $4, $5)
        }
    }

    /// Output and input, weight and bias gradients at `level`.
    static func run(_ x: Tensor, _ w: Tensor?, _ b: Tensor?, upstream: Tensor, level: Int32) -> [Tensor] {
        let y = Tensor.batchNormTraining(x, weight: w, bias: b, eps: 1e-5, level: level).output
        return valueAndGradients(y, upstream: upstream, inputs: [x] + (w.map { [$0, b!] } ?? []))
    }

    static let shapes: [[Int]] = [[3, 1, 5, 7], [1, 4, 9, 9], [6, 5, 1, 1], [5, 3], [2, 8, 260, 260]]

    @Test(arguments: shapes, [DType.float32, .float64])
    func everyLevelGivesTheSameBits(shape: [Int], dtype: DType) {
        var values = TestValues(seed: 23)
        for affine in [true, false] {
            let x = values.leaf(shape, in: 1...4).detach().to(dtype).requiresGrad_()
            let w = affine ? values.leaf([shape[1]]).detach().to(dtype).requiresGrad_() : nil
            let b = affine ? values.leaf([shape[1]]).detach().to(dtype).requiresGrad_() : nil
            let upstream = values.leaf(shape).detach().to(dtype)
            let best = Self.run(x, w, b, upstream: upstream, level: -1)
            for level in 0..<synapse_vmath_isa() {
                let lower = Self.run(x, w, b, upstream: upstream, level: level)
                for (index, (l, r)) in zip(lower, best).enumerated() {
                    #expect(l.equal(r), "shape \(shape) affine \(affine) level \(level) result \(index)")
                }
            }
        }
    }

    /// In float64 the returned statistics are the kernel's own, so the output must be `x·a + b` exactly with
    /// `a = weight / sqrt(variance + eps)` and `b = bias − mean·a` (a transposed, non-contiguous input included).
    @Test func float64OutputIsTheAffineMapOfItsStatistics() {
        var values = TestValues(seed: 29)
        let x = values.leaf([4, 6, 11, 3]).detach().transpose(1, 2)      // [4, 11, 6, 3]
        let w = values.leaf([11]).detach(), b = values.leaf([11]).detach()
        let eps = 1e-5
        let fused = Tensor.batchNormTraining(x, weight: w, bias: b, eps: eps)
        let (mean, variance) = (fused.mean.toArray(of: Double.self), fused.variance.toArray(of: Double.self))
        let (weights, biases) = (w.toArray(of: Double.self), b.toArray(of: Double.self))
        let input = x.contiguous().toArray(of: Double.self), output = fused.output.toArray(of: Double.self)
        var mismatches = 0
        for (index, value) in input.enumerated() {
            let channel = (index / 18) % 11
            let scale = weights[channel] * (1 / (variance[channel] + eps).squareRoot())
            let shift = biases[channel] - mean[channel] * scale
            if output[index].bitPattern != (value * scale + shift).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// A channels-last input (NHWC memory seen as NCHW) gives the bits of its contiguous copy, values and gradients.
    @Test(arguments: [DType.float32, .float64])
    func channelsLastInput(dtype: DType) {
        var values = TestValues(seed: 37)
        let x = values.leaf([3, 5, 7, 6]).detach().to(dtype).permute(0, 3, 1, 2).requiresGrad_()   // [3, 6, 5, 7]
        #expect(!x.isContiguous)
        let copy = x.detach().contiguous().requiresGrad_()
        let w = values.leaf([6]).detach().to(dtype).requiresGrad_()
        let b = values.leaf([6]).detach().to(dtype).requiresGrad_()
        let upstream = values.leaf([3, 6, 5, 7]).detach().to(dtype)
        let strided = Self.run(x, w, b, upstream: upstream, level: -1)
        let contiguous = Self.run(copy, w, b, upstream: upstream, level: -1)
        for (index, (s, c)) in zip(strided, contiguous).enumerated() { #expect(s.equal(c), "result \(index)") }
    }

    @Test func streamedShapeOnOneAndTwoThreads() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        var values = TestValues(seed: 31)
        let shape = [4, 8, 182, 182]
        #expect(shape.reduce(1, *) >= BinaryKernels.streamingThreshold)
        let x = values.leaf(shape).detach().to(.float32).requiresGrad_()
        let w = values.leaf([8]).detach().to(.float32).requiresGrad_()
        let b = values.leaf([8]).detach().to(.float32).requiresGrad_()
        let upstream = values.leaf(shape).detach().to(.float32)
        expectSameResultsOnOneAndTwoThreads { Self.run(x, w, b, upstream: upstream, level: -1) }
    }
}
