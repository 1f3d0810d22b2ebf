import Foundation
import SynapseData
import SynapseTensor
import Testing

/// Generator states in PyTorch's 5,056-byte layout, both ways, against states torch wrote.
@Suite struct TorchRNGStateTests {
    struct Fixture: Decodable {
        struct After: Decodable {
            let rand: [Double]
            let randperm: [Int]
            let randn: [Double]
            let randint: [Int]
        }
        let torchState: String
        let after: After
        let seed7State: String
        let seed123State: String
        let seed1After1000State: String
    }

    static let fixture = DataFixtures.decode(Fixture.self, "rng_state.json")

    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test func aStateTorchSavedContinuesTorchsStream() throws {
        let g = Generator(seed: 999)
        try g.setState(Tensor(flat: Self.bytes(Self.fixture.torchState), shape: [5056]))
        let after = Self.fixture.after
        #expect(Tensor.rand([4], generator: g).toArray(of: Float.self) == after.rand.map { Float($0) })
        #expect(Tensor.randperm(10, generator: g).toArray(of: Int64.self) == after.randperm.map { Int64($0) })
        // The first normal comes from the cached sample torch saved in the state.
        #expect(Tensor.randn([3], generator: g).toArray(of: Float.self) == after.randn.map { Float($0) })
        #expect(Tensor.randint(0, 1000, [5], generator: g).toArray(of: Int64.self) == after.randint.map { Int64($0) })
    }

    @Test func synapseWritesTorchsBytesForTheSameDraws() {
        let g = Generator(seed: 7)
        _ = Tensor.randint(0, 100, [50], generator: g)
        _ = Tensor.randn([1], dtype: .float64, generator: g)
        #expect(g.getState().toArray(of: UInt8.self) == Self.bytes(Self.fixture.seed7State))
        #expect(Generator(seed: 123).state.torchBytes == Self.bytes(Self.fixture.seed123State))
        let long = Generator(seed: 1)
        _ = Tensor.rand([1000], generator: long)
        #expect(long.state.torchBytes == Self.bytes(Self.fixture.seed1After1000State))
    }

    @Test func bytesRoundTripThroughTheState() throws {
        let original = Self.bytes(Self.fixture.torchState)
        let state = try Generator.State(torchBytes: original)
        #expect(state.torchBytes == original)
        let g = Generator()
        g.setState(state)
        #expect(g.state == state)
    }

    @Test func malformedStatesAreRefused() {
        var bytes = Self.bytes(Self.fixture.seed123State)
        let short = #expect(throws: GeneratorStateError.self) { try Generator.State(torchBytes: bytes.dropLast()) }
        #expect(short?.description == "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 5055")
        bytes[8] = 0   // left = 0
        #expect(throws: GeneratorStateError.self) { try Generator.State(torchBytes: bytes) }
        bytes[8] = 1
        bytes[12] = 0  // seeded = 0
        #expect(throws: GeneratorStateError.self) { try Generator.State(torchBytes: bytes) }
        bytes[12] = 1
        bytes[16] = 0xFF; bytes[17] = 0x02  // next = 767
        #expect(throws: GeneratorStateError.self) { try Generator.State(torchBytes: bytes) }
        let g = Generator(seed: 3)
        #expect(throws: GeneratorStateError.self) { try g.setState(Tensor.zeros([5056])) }
        #expect(g.state == Generator(seed: 3).state)
    }

    @Test func theDefaultGeneratorSavesAndRestoresInTorchsLayout() async {
        await #expect(processExitsWith: .success) {
            manualSeed(42)
            _ = Tensor.randn([3])
            let saved = getRNGState()
            let expected = Tensor.rand([6]).toArray(of: Float.self)
            _ = Tensor.randn([100])
            try! setRNGState(saved)
            precondition(Tensor.rand([6]).toArray(of: Float.self) == expected)
            precondition(saved.shape == [5056] && saved.dtype == .uint8)
        }
    }
}
