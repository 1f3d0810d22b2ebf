import Testing
import SynapseNN

/// Initialisers used on tensors they can't fill stop with PyTorch's messages (each in a child process).
@Suite struct InitMisuseTests {
    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func fanNeedsTwoDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.xavierUniform_(Tensor.empty([5]))
        }
        #expect(Self.message(result).contains(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"))
    }

    @Test func eyeNeedsTwoDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.eye_(Tensor.empty([2, 2, 2]))
        }
        #expect(Self.message(result).contains("Only tensors with 2 dimensions are supported"))
    }

    @Test func diracNeedsThreeToFiveDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.dirac_(Tensor.empty([3, 3]))
        }
        #expect(Self.message(result).contains("Only tensors with 3, 4, or 5 dimensions are supported"))
    }

    @Test func diracGroupsMustDivideTheOutputs() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.dirac_(Tensor.empty([4, 2, 3]), groups: 3)
        }
        #expect(Self.message(result).contains("dim 0 must be divisible by groups"))
    }
}

/// Reading an uninitialised parameter's values stops with a clear message (in a child process).
@Suite struct UninitializedParameterTests {
    @Test func readingValuesIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LazyLinear(4).weight.toArray(of: Float.self)
        }
        let message = InitMisuseTests.message(result)
        #expect(message.contains("Can't access the values of an uninitialized parameter"))
        #expect(LazyLinear(4).weight.description == "<UninitializedParameter>")
    }
}
