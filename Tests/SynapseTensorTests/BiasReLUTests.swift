import Testing
@testable import SynapseTensor

/// `Tensor.addBiasReLU_`: `relu(x + bias)` in one pass, against the two operations, with NaN and signed zeros,
/// on one and two threads.
@Suite struct BiasReLUTests {
    @Test("Bias and ReLU in one pass equal the add and the ReLU apart", arguments: [1, 7, 33, 1536])
    func matchesAddThenReLU(width: Int) {
        let generator = Generator(seed: UInt64(300 + width))
        let x = Tensor.randn([11, width], generator: generator), bias = Tensor.randn([width], generator: generator)
        x[0, 0] = Tensor(Float.nan)
        let expected = (x + bias).relu()
        let fused = x.clone()
        let versionBefore = fused.storage.version
        #expect(fused.addBiasReLU_(bias))
        #expect(fused.storage.version > versionBefore)
        let (a, e) = (fused.toArray(of: Float.self), expected.toArray(of: Float.self))
        #expect(a[0].isNaN && e[0].isNaN)
        #expect(Array(a.dropFirst()) == Array(e.dropFirst()))
    }

    @Test("Other operands are refused and left alone")
    func refusesOtherOperands() {
        let x = Tensor.randn([4, 6], generator: Generator(seed: 1))
        let copy = x.clone()
        #expect(!x.t().addBiasReLU_(Tensor.zeros([4])))
        #expect(!x.addBiasReLU_(Tensor.zeros([5])))
        #expect(!x.to(.float64).addBiasReLU_(Tensor.zeros([6], dtype: .float64)))
        #expect(!x.addBiasReLU_(Tensor.zeros([6]).requiresGrad_(true)))
        #expect(x.equal(copy))
    }

    @Test("One thread and two threads give the same bits")
    func threadCountIndependent() {
        let generator = Generator(seed: 2)
        let x = Tensor.randn([1024, 1536], generator: generator), bias = Tensor.randn([1536], generator: generator)
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        expectSameResultsOnOneAndTwoThreads {
            let y = x.clone()
            _ = y.addBiasReLU_(bias)
            return [y]
        }
    }
}
