import Testing
@testable import SynapseTensor

/// Misuse of the random operations stops the process with PyTorch's wording (each case runs in a child process).
@Suite struct RandomMisuseTests {
    @Test func randintNeedsHighAboveLow() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.randint(5, 5, [3], generator: Generator())
        }
        #expect(standardError(of: result).contains("random_ expects 'from' to be less than 'to', but got from=5 >= to=5"))
    }

    @Test func randomBoundsMustFitTheDtype() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3], dtype: .uint8).random_(0, 300, generator: Generator())
        }
        #expect(standardError(of: result).contains("to - 1 is out of bounds for unsigned char"))
        let half = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3], dtype: .float16).random_(0, 100_000, generator: Generator())
        }
        #expect(standardError(of: half).contains("to - 1 is out of bounds for c10::Half"))
    }

    @Test func normalNeedsNonNegativeStd() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3]).normal_(mean: 0, std: -1, generator: Generator())
        }
        #expect(standardError(of: result).contains("normal expects std >= 0.0, but found std -1"))
    }

    @Test func uniformNeedsAFloatingTensorAndOrderedBounds() async {
        let integer = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3], dtype: .int64).uniform_(generator: Generator())
        }
        #expect(standardError(of: integer).contains("\"check_uniform_bounds\" not implemented for 'Long'"))
        let reversed = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3]).uniform_(1, 0, generator: Generator())
        }
        #expect(standardError(of: reversed).contains(
            "uniform_ expects to return a [from, to) range, but found from=1 > to=0"))
        let tooWide = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3], dtype: .float16).uniform_(0, 1e6, generator: Generator())
        }
        #expect(standardError(of: tooWide).contains("to is out of bounds for c10::Half"))
    }

    @Test func bernoulliNeedsAProbability() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.empty([3]).bernoulli_(1.5, generator: Generator())
        }
        #expect(standardError(of: result).contains("bernoulli_ expects p to be in [0, 1], but got p=1.5"))
    }

    @Test func randpermChecksItsSizeAndDtype() async {
        let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.randperm(-1, generator: Generator())
        }
        #expect(standardError(of: negative).contains("Trying to create tensor with negative dimension -1: [-1]"))
        let half = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.randperm(2050, dtype: .float16, generator: Generator())
        }
        #expect(standardError(of: half).contains("n cannot be greater than 2049 for Half type."))
    }

    @Test func overlappingOutputIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let base = Tensor.empty([4])
            Tensor(storage: base.storage, shape: [2, 4], strides: [0, 1], dtype: .float32).uniform_(generator: Generator())
        }
        #expect(standardError(of: result).contains("more than one element of the written-to tensor refers to a single memory location"))
    }
}
