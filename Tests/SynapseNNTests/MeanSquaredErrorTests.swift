import Testing
import SynapseNN

/// `mse_loss` is one operation in PyTorch, with its own backward node; the expected values were printed by torch 2.15:
/// `x = [[1, 2], [3, 5]]`, `t = [0.5, 1]` (broadcast over the rows), `F.mse_loss(x, t)` = 5.875.
@Suite struct MeanSquaredErrorTests {
    @Test func isOneNodeWithPyTorchsGradients() {
        let x = Tensor([[1.0, 2.0], [3.0, 5.0]]).requiresGrad_()
        let t = Tensor([0.5, 1.0]).requiresGrad_()
        let loss = Functional.mseLoss(x, t)
        #expect(loss.gradFn?.name == "MseLossBackward0")
        #expect(loss.item(as: Double.self) == 5.875)
        loss.backward()
        #expect(x.grad?.toArray(of: Double.self) == [0.25, 0.5, 1.25, 2.0])
        #expect(t.grad?.toArray(of: Double.self) == [-1.5, -2.5])
    }

    @Test func secondDerivativesGoThroughTheComposedFormula() {
        let x = Tensor([[1.0, 2.0], [3.0, 5.0]]).requiresGrad_()
        let t = Tensor([0.5, 1.0]).requiresGrad_()
        let gradient = Tensor.grad(outputs: [Functional.mseLoss(x, t)], inputs: [x], createGraph: true)[0]!
        #expect(gradient.toArray(of: Double.self) == [0.25, 0.5, 1.25, 2.0])
        gradient.sum().backward()
        #expect(x.grad?.toArray(of: Double.self) == [0.5, 0.5, 0.5, 0.5])
        #expect(t.grad?.toArray(of: Double.self) == [-1, -1])
    }

    @Test func sumAndNoReduction() {
        let x = Tensor([1.0, -2.0, 4.0]).requiresGrad_()
        let t = Tensor([0.0, 0.0, 1.0])
        let summed = Functional.mseLoss(x, t, reduction: .sum)
        #expect(summed.item(as: Double.self) == 14)
        summed.backward()
        #expect(x.grad?.toArray(of: Double.self) == [2, -4, 6])
        let unreduced = Functional.mseLoss(x, t, reduction: .none)
        #expect(unreduced.toArray(of: Double.self) == [1, 4, 9])
        #expect(unreduced.gradFn?.name == "MseLossBackward0")
    }
}
