import Foundation
import SynapseNN
import SynapseOptim
import SynapseTensor
import Testing

/// `GradScaler` against torch.amp.GradScaler (`scripts/fixtures/grad_scaler.py`): the same float32 Linear trained
/// with SGD through the scaler, with the loss blown up to overflow on some steps; the scale before and after each
/// step, the growth tracker, which steps were skipped and the final state dict match exactly; the parameters to
/// float32 rounding.
@Suite struct GradScalerTests {
    struct Step: Decodable {
        let loss_factor: Double, unscale_first: Bool
        let scale_before: Double, scale_after: Double, growth_tracker: Int, skipped: Bool
        let weight: [Float], bias: [Float]
    }

    struct Fixture: Decodable {
        let weight: [Float], bias: [Float], x: [Float], target: [Float]
        let lr: Double, init_scale: Double, growth_interval: Int
        let steps: [Step]
        let state_dict: [String: Double]
    }

    @Test func scaleTrajectoryAndSkippedStepsMatchTorch() throws {
        let f = OptimFixture.decode(Fixture.self, "grad_scaler.json")
        let model = Linear(3, 2)
        noGrad {
            _ = model.weight.copy_(Tensor(flat: f.weight, shape: [2, 3]))
            _ = model.bias!.copy_(Tensor(flat: f.bias, shape: [2]))
        }
        let x = Tensor(flat: f.x, shape: [4, 3]), target = Tensor(flat: f.target, shape: [4, 2])
        let optimizer = SGD(model.parameters(), lr: f.lr)
        let scaler = GradScaler(initScale: f.init_scale, growthInterval: f.growth_interval)
        for (index, expected) in f.steps.enumerated() {
            optimizer.zeroGrad()
            let loss = Functional.mseLoss(model(x), target) * expected.loss_factor
            #expect(scaler.scale == expected.scale_before, "step \(index)")
            scaler.scale(loss).backward()
            if expected.unscale_first { scaler.unscale_(optimizer) }
            let stepped = scaler.step(optimizer)
            scaler.update()
            #expect(stepped == !expected.skipped, "step \(index)")
            #expect(scaler.scale == expected.scale_after, "step \(index)")
            #expect(scaler.growthTracker == expected.growth_tracker, "step \(index)")
            // The parameters follow torch's to float32 rounding (the Linear's backward sums in another order).
            let parameters = model.weight.toArray(of: Float.self) + model.bias!.toArray(of: Float.self)
            for (value, reference) in zip(parameters, expected.weight + expected.bias) {
                #expect(Swift.abs(value - reference) <= 1e-6 * Swift.max(1, Swift.abs(reference)), "step \(index)")
            }
        }
        #expect(scaler.stateDict() == f.state_dict)
    }

    @Test func stateDictRoundTripAndErrors() throws {
        let scaler = GradScaler(initScale: 1024, growthInterval: 7)
        let restored = GradScaler()
        try restored.loadStateDict(scaler.stateDict())
        #expect(restored.scale == 1024 && restored.growthInterval == 7)
        #expect(throws: GradScalerLoadError.empty) { try restored.loadStateDict([:]) }
        #expect(throws: GradScalerLoadError.missingKey("scale")) { try restored.loadStateDict(["growth_factor": 2]) }
        let disabled = GradScaler(enabled: false)
        #expect(disabled.stateDict().isEmpty)
        let loss = Tensor(flat: [Float(3)], shape: [])
        #expect(disabled.scale(loss) === loss)
    }
}
