import Testing
import SynapseNN

/// Pooling layers given inputs or settings PyTorch refuses stop with PyTorch's messages (each in a child process;
/// the expected texts are torch 2.15's).
@Suite struct PoolingMisuseTests {
    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func averagePaddingAtMostHalfTheKernel() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AvgPool2d(2, padding: 2)(Tensor.zeros([1, 1, 4, 4]))
        }
        #expect(Self.message(result).contains(
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"))
    }

    @Test func averageDivisorNotZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AvgPool2d(2, divisorOverride: 0)(Tensor.zeros([1, 1, 4, 4]))
        }
        #expect(Self.message(result).contains("divisor must be not zero"))
    }

    @Test func averageNeedsThreeOrFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AvgPool2d(2)(Tensor.zeros([1, 4, 4, 4, 4]))
        }
        #expect(Self.message(result).contains(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 4, 4, 4, 4]"))
    }

    @Test func maxNeedsThreeOrFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool2d(2)(Tensor.zeros([1, 4, 4, 4, 4]))
        }
        #expect(Self.message(result).contains("non-empty 3D or 4D (batch mode) tensor expected for input"))
    }

    @Test func maxPaddingAtMostHalfTheDilatedKernel() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool2d(2, padding: 2, dilation: 2)(Tensor.zeros([1, 1, 8, 8]))
        }
        #expect(Self.message(result).contains(
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=2"))
    }

    @Test func maxPaddingAtMostHalfTheKernel() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool2d(3, padding: 2, dilation: 2)(Tensor.zeros([1, 1, 8, 8]))
        }
        #expect(Self.message(result).contains(
            "pad should be smaller than or equal to half of kernel size, but got padW = 2, padH = 2, kW = 3, kH = 3"))
    }
}
