import Testing
@testable import SynapseTensor

/// Large contiguous float32 `+ - * /` go through the streaming-store C kernel; it must agree bit for bit with the
/// element-wise definition, whatever the alignment of the inputs and the length's remainder.
@Suite struct StreamingKernelTests {
    @Test(arguments: [0, 1, 3])
    func largeArithmeticMatchesTheDefinition(_ misalignment: Int) {
        let count = BinaryKernels.streamingThreshold + 37
        let generator = Generator(seed: 7)
        let a = Tensor.randn([count + misalignment], generator: generator)[misalignment...]
        let b = (Tensor.rand([count + misalignment], generator: generator) + 0.5)[misalignment...]
        #expect(a.isContiguous && a.numel == count)
        let x = a.toArray(of: Float.self), y = b.toArray(of: Float.self)
        func firstMismatch(_ result: Tensor, _ op: (Float, Float) -> Float) -> Int? {
            let values = result.toArray(of: Float.self)
            return values.indices.first { values[$0].bitPattern != op(x[$0], y[$0]).bitPattern }
        }
        #expect(firstMismatch(a + b, +) == nil)
        #expect(firstMismatch(a - b, -) == nil)
        #expect(firstMismatch(a * b, *) == nil)
        #expect(firstMismatch(a / b, /) == nil)
    }
}
