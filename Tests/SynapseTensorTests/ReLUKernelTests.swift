import CSynapseKernels
import Testing
@testable import SynapseTensor

/// ReLU's forward and backward C kernels (`ReLUKernels`) against the element-wise definitions, bit for bit: NaN,
/// ±0, ±inf and subnormals included, lengths around the vector widths and a length split across threads, every
/// instruction-set level, float32 and float64, a contiguous and an expanded output gradient; and the operations that
/// use them (`relu()`, `ReluBackward0`) against the generic strided loops of a non-contiguous copy.
@Suite struct ReLUKernelTests {
    static let lengths = [0, 1, 7, 15, 16, 17, 63, 65, 1000, 2 * Parallel.grainSize + 37]

    /// `count` values with every special case in the first hundred.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        let specials: [Double] = [.nan, -.nan, 0, -0.0, .infinity, -.infinity, 1e-40, -1e-40, 1e-310, -1e-310, 1, -1]
        var values = TestValues(seed: seed)
        return (0..<count).map { index in
            index < 100 && index % 7 == 3 ? specials[(index / 7) % specials.count] : values.next(in: -2...2)
        }
    }

    static func bits(_ tensor: Tensor) -> [UInt64] {
        tensor.dtype == .float32 ? tensor.toArray(of: Float.self).map { UInt64($0.bitPattern) }
            : tensor.toArray(of: Double.self).map(\.bitPattern)
    }

    /// The definitions, elementwise in the tensor's dtype: `x < 0 ? 0 : x` and `y <= 0 ? 0 : g`.
    static func expectedForward(_ x: Tensor) -> [UInt64] {
        x.dtype == .float32 ? x.toArray(of: Float.self).map { UInt64(($0 < 0 ? 0 : $0).bitPattern) }
            : x.toArray(of: Double.self).map { ($0 < 0 ? 0 : $0).bitPattern }
    }

    static func expectedBackward(_ g: Tensor, _ y: Tensor) -> [UInt64] {
        if y.dtype == .float32 {
            return zip(g.toArray(of: Float.self), y.toArray(of: Float.self)).map { UInt64(($1 <= 0 ? 0 : $0).bitPattern) }
        }
        return zip(g.toArray(of: Double.self), y.toArray(of: Double.self)).map { ($1 <= 0 ? 0 : $0).bitPattern }
    }

    @Test(arguments: [DType.float32, .float64])
    func everyLevelMatchesTheDefinition(dtype: DType) {
        for count in Self.lengths {
            let x = Tensor(flat: Self.values(count, seed: UInt64(count)), shape: [count]).to(dtype)
            let g = Tensor(flat: Self.values(count, seed: UInt64(count) + 1), shape: [count]).to(dtype)
            let scalar = Tensor(flat: [-1.5], shape: [1]).to(dtype).expand([count])
            for level in -1...Int(synapse_vmath_isa()) {
                let out = Tensor.empty([count], dtype: dtype)
                #expect(ReLUKernels.forward(x, into: out, count: count, level: Int32(level)))
                #expect(Self.bits(out) == Self.expectedForward(x), "relu, \(count) elements, level \(level)")
                for gradient in [g, scalar] {
                    let dx = noGrad { ReLUKernels.backward(gradient, result: x, level: Int32(level)) }
                    #expect(dx.map(Self.bits) == Self.expectedBackward(gradient, x),
                            "relu backward, \(count) elements, level \(level), g strides \(gradient.strides)")
                }
            }
        }
    }

    @Test func inPlaceForwardAndOtherDTypes() {
        let count = 1001
        let x = Tensor(flat: Self.values(count, seed: 5), shape: [count]).to(.float32)
        let expected = Self.expectedForward(x)
        #expect(ReLUKernels.forward(x, into: x, count: count))
        #expect(Self.bits(x) == expected)
        #expect(!ReLUKernels.forward(x.to(.int32), into: Tensor.empty([count], dtype: .int32), count: count))
        noGrad {
            #expect(ReLUKernels.backward(x.to(.float64), result: x) == nil)
            #expect(ReLUKernels.backward(x, result: x.to(.int64)) == nil)
            #expect(ReLUKernels.backward(x, result: x) != nil)
        }
        // A backward that builds a graph takes the recorded operations.
        #expect(ReLUKernels.backward(x, result: x) == nil)
    }

    /// `relu()` forward and backward on contiguous tensors (the kernels) against a transposed copy (the generic
    /// strided loops), with an upstream gradient and with `sum()`'s expanded one, on one and two threads.
    @Test(arguments: [DType.float32, .float64])
    func operationsMatchTheStridedLoops(dtype: DType) {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let shape = [4, 8, 96, 96]
        let flat = Self.values(shape.reduce(1, *), seed: 11)
        let x = Tensor(flat: flat, shape: shape).to(dtype).requiresGrad_()
        let strided = Tensor(flat: flat, shape: shape).to(dtype).transpose(2, 3).contiguous().transpose(2, 3)
            .detach().requiresGrad_()
        #expect(!strided.isContiguous)
        let upstream = Tensor(flat: Self.values(shape.reduce(1, *), seed: 12), shape: shape).to(dtype)
        let fast = valueAndGradients(x.relu(), upstream: upstream, inputs: [x])
        let slow = valueAndGradients(strided.relu(), upstream: upstream, inputs: [strided])
        #expect(fast.count == slow.count)
        for (a, b) in zip(fast, slow) { #expect(Self.bits(a) == Self.bits(b.contiguous())) }
        let summed = Tensor.grad(outputs: [x.relu().sum()], inputs: [x])[0]!
        let summedStrided = Tensor.grad(outputs: [strided.relu().sum()], inputs: [strided])[0]!
        #expect(Self.bits(summed) == Self.bits(summedStrided.contiguous()))
        // Without NaN, which `equal` never finds equal.
        let finite = Tensor(flat: flat.map { $0.isNaN ? 0.5 : $0 }, shape: shape).to(dtype).requiresGrad_()
        let finiteUpstream = Tensor(flat: Self.values(flat.count, seed: 12).map { $0.isNaN ? 0.25 : $0 }, shape: shape)
            .to(dtype)
        expectSameResultsOnOneAndTwoThreads {
            valueAndGradients(finite.relu(), upstream: finiteUpstream, inputs: [finite])
                + Tensor.grad(outputs: [finite.relu().sum()], inputs: [finite]).map { $0! }
        }
    }
}
