import Testing
import SynapseNN

extension DefaultGeneratorSuite {
    /// State-dict and load hooks, as PyTorch runs them: pre hooks see the prefix, post hooks may edit the state
    /// dict being built, load pre hooks may rename old keys, load post hooks may forgive missing keys.
    @Suite struct StateDictHookTests {
        @Test func stateDictHooksSeePrefixesAndMayEditTheResult() {
            let net = Sequential(Linear(2, 2), ReLU())
            var prefixes: [String] = []
            net[0].registerStateDictPreHook { _, prefix, _ in prefixes.append(prefix) }
            let handle = net.registerStateDictPostHook { _, state, prefix in
                state[prefix + "version"] = Tensor(Int64(2))
            }
            let state = net.stateDict(prefix: "model.")
            #expect(prefixes == ["model.0."])
            #expect(Array(state.keys) == ["model.0.weight", "model.0.bias", "model.version"])
            handle.remove()
            #expect(!net.stateDict().contains("version"))
        }

        @Test func loadPreHookRenamesOldKeys() throws {
            let layer = Linear(3, 1)
            layer.registerLoadStateDictPreHook { _, state, prefix in
                if let old = state[prefix + "w"] {
                    state[prefix + "weight"] = old
                    state[prefix + "w"] = nil
                }
            }
            let old: StateDict = ["w": Tensor([[1.0, 2.0, 3.0]]), "bias": Tensor([4.0])]
            try layer.loadStateDict(old)
            #expect(layer.weight.toArray(of: Float.self) == [1, 2, 3] && layer.bias!.item() == 4)
        }

        @Test func loadPostHookMayForgiveMissingKeys() throws {
            let net = Sequential(Linear(2, 2), BatchNorm1d(2))
            var state = Sequential(Linear(2, 2), BatchNorm1d(2)).stateDict()
            state["1.num_batches_tracked"] = nil
            #expect(throws: StateDictLoadError.self) { try net.loadStateDict(state) }
            net[1].registerLoadStateDictPostHook { _, result in
                result.missingKeys.removeAll { $0.hasSuffix("num_batches_tracked") }
            }
            let result = try net.loadStateDict(state)
            #expect(result.allKeysMatched && net[0].weight.equal(state["0.weight"]!))
        }

        @Test func movingToTheCPUIsAllowedAndOtherDevicesAreAClearError() throws {
            let net = Sequential(Linear(2, 2))
            #expect(try net.to(device: .cpu) === net)
            #expect(net.parameters().allSatisfy { $0.device == .cpu })
            #expect(throws: DeviceError.self) { try net.to(device: .cuda(0)) }
            do {
                try net.to(device: .mps)
            } catch {
                #expect(error.description.contains("mps"))
            }
        }

        /// Arrays and dictionaries of members in stored properties get index and key segments, as a ModuleList or
        /// ModuleDict would in PyTorch; an absent optional is skipped.
        final class Collections: Module {
            let layers = [Linear(2, 2), Linear(2, 1)]
            var heads: [String: Linear] = ["b": Linear(1, 1, bias: false), "a": Linear(1, 1, bias: false)]
            let missing: Linear? = nil
            var present: Linear? = Linear(1, 1)
            let scales = [Parameter(Tensor.ones([1]))]
        }

        @Test func arraysAndDictionariesOfMembersAreNamedBySegment() {
            let model = Collections()
            #expect(Array(model.stateDict().keys) == [
                "scales.0", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                "heads.a.weight", "heads.b.weight", "present.weight", "present.bias",
            ])
            #expect(model.namedChildren().map(\.name) == ["layers.0", "layers.1", "heads.a", "heads.b", "present"])
        }
    }
}
