import Testing
import SynapseData

extension DefaultGeneratorSuite {
    /// PyTorch's 5056-byte RNG state both ways.
    @Suite("RNG state in PyTorch's layout")
    struct RNGStateTests {
        @Test("torch's saved state restores here and continues torch's stream, the cached normal included")
        func torchStateRestores() throws {
            try Generator.withDefault(Generator()) {
                try setRNGState(Tensor(LoadingFixture.rngState, dtype: .uint8))
                #expect(Tensor.rand([6], dtype: .float64).toArray(of: Double.self) == LoadingFixture.rngContinuation.next_rand)
                #expect(Tensor.randn([3], dtype: .float64).toArray(of: Double.self) == LoadingFixture.rngContinuation.next_randn)
            }
        }

        @Test("Synapse's state after the same seed and draws is torch's bytes")
        func synapseStateIsTorchs() {
            Generator.withDefault(Generator()) {
                manualSeed(7)
                _ = Tensor.rand([10])
                for _ in 0..<3 { _ = Tensor.randn([1], dtype: .float64) }
                #expect(getRNGState().toArray(of: UInt8.self) == LoadingFixture.rngState)
                #expect(getRNGState().shape == [5056] && getRNGState().dtype == .uint8)
            }
        }

        @Test("A generator's state round-trips through the bytes; wrong sizes and impossible engines are refused")
        func roundTripAndErrors() throws {
            try Generator.withDefault(Generator()) {
                let generator = Generator(seed: 11)
                _ = Tensor.randn([5], dtype: .float64, generator: generator)
                let saved = generator.getState()
                let expected = Tensor.rand([4], generator: generator)
                try generator.setState(saved)
                #expect(Tensor.rand([4], generator: generator).equal(expected))
                #expect(throws: RNGStateError.self) { try generator.setState(Tensor.zeros([10], dtype: .uint8)) }
                #expect(throws: RNGStateError.self) { try generator.setState(Tensor.zeros([5056], dtype: .uint8)) }
                #expect(throws: RNGStateError.self) { try generator.setState(Tensor.zeros([5056])) }
                var bytes = saved.toArray(of: UInt8.self)
                bytes[8] = 0xFF; bytes[9] = 0xFF                     // left = 65535 > 624
                do {
                    try generator.setState(Tensor(bytes, dtype: .uint8))
                    Issue.record("accepted left > 624")
                } catch {
                    #expect("\(error)".contains("Invalid mt19937 state"))
                }
            }
        }
    }
}
