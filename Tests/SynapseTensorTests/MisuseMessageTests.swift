import Testing
@testable import SynapseTensor

/// Misuse stops the process with PyTorch's wording, in every build configuration. Each case runs in a child
/// process (a Swift Testing exit test) whose standard error is checked for the message.
@Suite struct MisuseMessageTests {
    @Test func broadcastingMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([2, 4])
        }
        #expect(standardError(of: result).contains(
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    }

    @Test func outOfRangeIndex() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3])[2]
        }
        #expect(standardError(of: result).contains("index 2 is out of bounds for dimension 0 with size 2"))
    }

    @Test func wrongElementCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).view(4, 2)
        }
        #expect(standardError(of: result).contains("shape '[4, 2]' is invalid for input of size 6"))
    }

    @Test func viewOfNonContiguous() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).t().view(6)
        }
        #expect(standardError(of: result).contains("view size is not compatible with input tensor's size and stride"))
    }

    @Test func floatResultIntoIntegerTensor() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.zeros([2], dtype: .int64).add_(0.5)
        }
        #expect(standardError(of: result).contains("result type Float can't be cast to the desired output type Long"))
    }

    @Test func inPlaceOutputShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.zeros([3]).add_(Tensor.zeros([2, 3]))
        }
        #expect(standardError(of: result).contains("output with shape [3] doesn't match the broadcast shape [2, 3]"))
    }

    @Test func expandOfNonSingleton() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).expand(2, 4)
        }
        #expect(standardError(of: result).contains("The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1"))
    }

    @Test func maskShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3])[Tensor([true, false, true])]
        }
        #expect(standardError(of: result).contains("The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2] at index 0"))
    }

    @Test func assignmentShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor.zeros([2, 3])
            x[0] = Tensor([1.0, 2.0])
        }
        #expect(standardError(of: result).contains("shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [3]"))
    }

    @Test func raggedLiteral() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1.0, 2.0], [3.0]])
        }
        #expect(standardError(of: result).contains("expected sequence of length 2 at dim 1 (got 1)"))
    }
}
