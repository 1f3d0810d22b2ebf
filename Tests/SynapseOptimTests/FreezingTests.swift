import Foundation
import Testing
import SynapseOptim

/// Freezing a subtree with `requiresGrad_(false)` mid-training: SGD with momentum and weight decay leaves it
/// untouched (no gradient, no state) and picks it up again when unfrozen, as torch (`scripts/fixtures/freezing.py`).
@Suite struct FreezingTests {
    struct Fixture: Decodable, Sendable {
        struct Entry: Decodable, Sendable {
            let name: String
            let values: [Float]
            init(from decoder: Decoder) throws {
                var container = try decoder.unkeyedContainer()
                (name, values) = (try container.decode(String.self), try container.decode([Float].self))
            }
        }
        struct Step: Decodable, Sendable {
            let frozen: Bool
            let parameters: [Entry]
            let state_keys: [String]
        }
        let initial: [Entry]
        let x: [Float]
        let y: [Float]
        let steps: [Step]
    }

    @Test func aFrozenSubtreeIsSkippedAsTorchSkipsIt() throws {
        let fixture = OptimFixture.decode(Fixture.self, "freezing.json")
        let generator = Generator(seed: 0)
        let net = Sequential<Module>(Sequential<Module>(Linear(3, 4, generator: generator), ReLU()),
                                     Linear(4, 1, generator: generator))
        let shapes = Dictionary(uniqueKeysWithValues: net.stateDict().map { ($0.key, $0.value.shape) })
        try net.loadStateDict(StateDict(fixture.initial.map { ($0.name, Tensor(flat: $0.values, shape: shapes[$0.name]!)) }))
        let (x, y) = (Tensor(flat: fixture.x, shape: [8, 3]), Tensor(flat: fixture.y, shape: [8, 1]))
        let optimizer = SGD(net.parameters(), lr: 0.1, momentum: 0.9, weightDecay: 0.01)
        let names = Dictionary(uniqueKeysWithValues: net.namedParameters().map { (ObjectIdentifier($0.parameter), $0.name) })
        for step in fixture.steps {
            optimizer.zeroGrad()
            net[0].requiresGrad_(!step.frozen)
            Functional.mseLoss(net(x), y).backward()
            optimizer.step()
            for (parameter, expected) in zip(net.parameters(), step.parameters) {
                let values = parameter.toArray(of: Float.self)
                #expect(zip(values, expected.values).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(expected.name)")
            }
            #expect(Set(optimizer.state.keys.compactMap { names[$0] }) == Set(step.state_keys))
        }
    }
}
