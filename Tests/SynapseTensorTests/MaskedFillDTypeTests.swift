import Testing
import SynapseTensor

/// `maskedFill` keeps the tensor's dtype, as `masked_fill` does (an integer tensor stays integer).
@Suite struct MaskedFillDTypeTests {
    @Test func integerTensorsStayInteger() {
        let labels = Tensor([3, -100, 2])
        let filled = labels.maskedFill(labels .== -100, 0)
        #expect(filled.dtype == .int64 && filled.toArray(of: Int64.self) == [3, 0, 2])
        let half = Tensor([1.5, 2.5]).to(.float16).maskedFill(Tensor([true, false]), 7)
        #expect(half.dtype == .float16 && half.toArray(of: Float.self) == [7, 2.5])
    }
}
