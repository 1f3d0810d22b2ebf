import Testing
import CSynapseKernels
@testable import SynapseTensor

/// Whole-tensor bfloat16 sums read straight from the 16-bit values (`reduce_bf16.c`, `FloatReduction.sumBFloat16`)
/// against float64 sums of the same values, and bit for bit against the float32 kernels on the tensor's float32
/// copy (the same additions in the same order), at every instruction-set level this machine runs.
@Suite struct BFloat16SumTests {
    /// Lengths around the vector widths (16 and 64 lanes), the blocks of 1,024 and the segments of 65,536.
    static let lengths = [1, 15, 16, 17, 63, 64, 65, 255, 257, 1023, 1024, 1025, 65_535, 65_537, 200_003]

    @Test("Sums match float64 within float32 rounding and the float32 kernels bit for bit, at every level")
    func matchesFloat32Copy() throws {
        let generator = Generator(seed: 29)
        for length in Self.lengths {
            let x = (Tensor.randn([length], generator: generator) + 0.5).to(.bfloat16)
            let wide = x.to(.float32)
            let expected = wide.to(.float64).sum().item()
            let magnitudes = wide.to(.float64).abs().sum().item()
            let float32Sum = try #require(FloatReduction.reduce(wide, dims: nil, keepdim: false, .sum)).item()
            for level in VectorMath.supportedLevels {
                let total = FloatReduction.sumBFloat16(x, level: Int32(level))
                #expect(Swift.abs(total - expected) <= 4e-7 * magnitudes, "length \(length) level \(level)")
                #expect(Float(total) == Float(float32Sum), "length \(length) level \(level)")
            }
        }
    }

    @Test("sum() and mean() of a bfloat16 tensor round the float32 result once, as PyTorch")
    func publicAPI() {
        let x = Tensor.rand([70_007], generator: Generator(seed: 3)).to(.bfloat16)
        let wide = x.to(.float32)
        #expect(x.sum().dtype == .bfloat16)
        #expect(x.sum().equal(wide.sum().to(.bfloat16)))
        #expect(x.mean().equal(wide.mean().to(.bfloat16)))
        #expect(x.view(7, 10_001).sum(dims: nil, keepdim: true).shape == [1, 1])
    }

    @Test("A NaN anywhere makes the sum NaN; an infinity makes it infinite")
    func nanAndInfinity() {
        for level in VectorMath.supportedLevels {
            for length in [1, 17, 1025, 70_000] {
                for position in Set([0, length / 2, length - 1]) {
                    var values = (0..<length).map { Float($0 % 7) - 3 }
                    values[position] = .nan
                    #expect(FloatReduction.sumBFloat16(Tensor(flat: values, shape: [length]).to(.bfloat16),
                                                       level: Int32(level)).isNaN)
                    values[position] = .infinity
                    #expect(FloatReduction.sumBFloat16(Tensor(flat: values, shape: [length]).to(.bfloat16),
                                                       level: Int32(level)) == .infinity)
                }
            }
        }
    }

    @Test("One thread and two threads give the same bits")
    func threadCountIndependent() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let x = Tensor.randn([3_000_001], generator: Generator(seed: 13)).to(.bfloat16)
        expectSameResultsOnOneAndTwoThreads { [x.sum(), x.mean()] }
    }

    @Test("A level above what the machine runs is refused")
    func refusesUnsupported() {
        var value = 0.0
        let bits: [UInt16] = [0x3F80, 0x4000]  // 1 and 2
        #expect(synapse_sum_rows_bf16(bits, 2, 2, 0, 1, &value, 3) == -1)
        #expect(synapse_sum_rows_bf16(bits, 2, 2, 0, 1, &value, -1) == 0)
        #expect(value == 3)
    }
}
