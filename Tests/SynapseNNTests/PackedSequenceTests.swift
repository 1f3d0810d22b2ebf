import Testing
import SynapseNN
import SynapseTensor

/// `pad_sequence`, `pack_padded_sequence` and `pad_packed_sequence` against torch 2.15
/// (`scripts/fixtures/recurrent.py`, `packing.json`): layouts, permutations, padding and the gradients that flow
/// back through packing and padding.
@Suite struct PackedSequenceTests {
    struct PadCase: Decodable, Sendable {
        let batch_first: Bool
        let padding_value: Double
        let padding_side: String
        let output: RecurrentFixture.Values
        let grad_output: [Double]
        let grads: [[Double]]
    }

    struct PackCase: Decodable, Sendable {
        let lengths: [Int]
        let batch_first, enforce_sorted: Bool
        let total_length: Int?
        let padding_value: Double
        let input, data, padded: RecurrentFixture.Values
        let batch_sizes, out_lengths: [Int64]
        let sorted_indices, unsorted_indices: [Int64]?
        let grad_padded, grad_input: [Double]
    }

    struct File: Decodable, Sendable {
        let sequences: [RecurrentFixture.Values]
        let pad_sequence: [PadCase]
        let pack: [PackCase]
        let misuse: [String: String]
    }

    static let file = FixtureFile.decode(File.self, "recurrent/packing.json", generator: "recurrent.py")

    @Test(arguments: file.pad_sequence.indices)
    func padSequenceMatchesTorch(_ index: Int) {
        let fixture = Self.file.pad_sequence[index]
        let sequences = Self.file.sequences.map { $0.tensor(.float32, requiresGrad: true) }
        let output = RNNUtilities.padSequence(sequences, batchFirst: fixture.batch_first,
                                              paddingValue: fixture.padding_value,
                                              paddingSide: RNNUtilities.PaddingSide(rawValue: fixture.padding_side)!)
        #expect(output.shape == fixture.output.shape)
        #expect(RecurrentFixture.exact(output, fixture.output.values))
        (output * Tensor(flat: fixture.grad_output, shape: output.shape)).sum().backward()
        for (sequence, expected) in zip(sequences, fixture.grads) {
            #expect(RecurrentFixture.exact(sequence.grad, expected))
        }
    }

    @Test(arguments: file.pack.indices)
    func packAndPadMatchTorch(_ index: Int) {
        let fixture = Self.file.pack[index]
        let x = fixture.input.tensor(.float32, requiresGrad: true)
        let packed = RNNUtilities.packPaddedSequence(x, lengths: fixture.lengths, batchFirst: fixture.batch_first,
                                                     enforceSorted: fixture.enforce_sorted)
        #expect(packed.data.shape == fixture.data.shape)
        #expect(RecurrentFixture.exact(packed.data, fixture.data.values))
        #expect(packed.batchSizes.toArray(of: Int64.self) == fixture.batch_sizes)
        #expect(packed.sortedIndices?.toArray(of: Int64.self) == fixture.sorted_indices)
        #expect(packed.unsortedIndices?.toArray(of: Int64.self) == fixture.unsorted_indices)
        let (padded, lengths) = RNNUtilities.padPackedSequence(
            packed, batchFirst: fixture.batch_first, paddingValue: fixture.padding_value,
            totalLength: fixture.total_length)
        #expect(padded.shape == fixture.padded.shape)
        #expect(RecurrentFixture.exact(padded, fixture.padded.values))
        #expect(lengths.toArray(of: Int64.self) == fixture.out_lengths)
        (padded * Tensor(flat: fixture.grad_padded, shape: padded.shape)).sum().backward()
        #expect(RecurrentFixture.exact(x.grad, fixture.grad_input))
    }

    @Test func packSequenceAndUnpackSequenceRoundTrip() {
        let sequences = [Tensor([[1.0, 2], [3, 4]]), Tensor([[5.0, 6], [7, 8], [9, 10]]), Tensor([[11.0, 12]])]
        let packed = RNNUtilities.packSequence(sequences, enforceSorted: false)
        #expect(packed.batchSizes.toArray(of: Int64.self) == [3, 2, 1])
        #expect(packed.data.toArray(of: Double.self) == [5, 6, 1, 2, 11, 12, 7, 8, 3, 4, 9, 10])
        let unpacked = RNNUtilities.unpackSequence(packed)
        #expect(unpacked.map(\.shape) == sequences.map(\.shape))
        #expect(zip(unpacked, sequences).allSatisfy { $0.toArray(of: Double.self) == $1.toArray(of: Double.self) })
    }

    @Test func aPackedSequenceKeepsItsPermutationInverse() {
        let packed = PackedSequence(data: Tensor.zeros([6, 2]), batchSizes: Tensor([Int64(3), 2, 1]),
                                    sortedIndices: Tensor([Int64(2), 0, 1]))
        #expect(packed.unsortedIndices?.toArray(of: Int64.self) == [1, 2, 0])
    }

    // MARK: Misuse (each in a child process; the expected texts are torch's, from the fixture)

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    static func torch(_ key: String) -> String { file.misuse[key]! }

    @Test func zeroLength() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.packPaddedSequence(Tensor.zeros([5, 4, 2]), lengths: [5, 3, 3, 0])
        }
        #expect(Self.message(result).contains(Self.torch("zero length")))
    }

    @Test func unsortedLengthsWhenEnforced() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.packPaddedSequence(Tensor.zeros([5, 4, 2]), lengths: [3, 5, 1, 1])
        }
        #expect(Self.message(result).contains(Self.torch("unsorted")))
    }

    @Test func oneLengthPerSequence() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.packPaddedSequence(Tensor.zeros([5, 4, 2]), lengths: [5, 3])
        }
        #expect(Self.message(result).contains(Self.torch("lengths count")))
    }

    @Test func emptyInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.packPaddedSequence(Tensor.zeros([0, 2, 3]), lengths: [1, 1])
        }
        #expect(Self.message(result).contains(Self.torch("empty")))
    }

    @Test func totalLengthShorterThanTheLongest() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let packed = RNNUtilities.packPaddedSequence(Tensor.zeros([5, 4, 2]), lengths: [5, 3, 2, 2])
            _ = RNNUtilities.padPackedSequence(packed, totalLength: 3)
        }
        #expect(Self.message(result).contains(Self.torch("total_length")))
    }

    @Test func noSequences() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.padSequence([])
        }
        #expect(Self.message(result).contains(Self.torch("no sequences")))
    }

    /// Beyond torch, which reads past the input here: a length longer than the padded input is refused.
    @Test func lengthLongerThanThePaddedInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.packPaddedSequence(Tensor.zeros([5, 4, 2]), lengths: [6, 3, 2, 1])
        }
        #expect(Self.message(result).contains("a length of 6 is longer than the padded input's 5 time steps"))
    }

    @Test func lyingBatchSizes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PackedSequence(data: Tensor.zeros([5, 2]), batchSizes: Tensor([Int64(3), 1]))
        }
        #expect(Self.message(result).contains("batch_sizes add up to 4 rows, but data has shape [5, 2]"))
    }

    @Test func increasingBatchSizes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PackedSequence(data: Tensor.zeros([5, 2]), batchSizes: Tensor([Int64(2), 3]))
        }
        #expect(Self.message(result).contains("batch_sizes must be positive and non-increasing, got [2, 3]"))
    }

    @Test func sortedIndicesNotAPermutation() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PackedSequence(data: Tensor.zeros([4, 2]), batchSizes: Tensor([Int64(2), 2]),
                               sortedIndices: Tensor([Int64(1), 1]))
        }
        #expect(Self.message(result).contains("sorted_indices must be a permutation of 0..<2, found [1, 1]"))
    }

    @Test func sequencesOfDifferentFeatures() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNUtilities.padSequence([Tensor.zeros([3, 2]), Tensor.zeros([2, 3])])
        }
        #expect(Self.message(result).contains("pad_sequence expects sequences of shape [L, 2], found [2, 3]"))
    }
}
