import Testing
import SynapseTensor

@Suite("setNumThreads")
struct ThreadCountTests {
    @Test("One thread or several: the same values from element-wise work, a reduction, softmax and a product")
    func sameResults() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let generator = Generator(seed: 7)
        let x = Tensor.rand([1 << 20], generator: generator)
        let y = Tensor.rand([1 << 20], generator: generator)
        let a = Tensor.rand([300, 200], generator: generator), b = Tensor.rand([200, 250], generator: generator)
        func work() -> [Tensor] { [x * y + x, (x * y).sum(), x.view(1024, 1024).softmax(dim: -1), a.matmul(b)] }
        setNumThreads(1)
        #expect(getNumThreads() == 1)
        if let blas = GEMM.blasThreadCount { #expect(blas == 1) }
        let single = work()
        setNumThreads(2)
        #expect(getNumThreads() == 2)
        let several = work()
        for (s, m) in zip(single, several) { #expect(s.equal(m)) }
    }
}
