import Testing
import SynapseNN
import SynapseTensor

/// Post-accumulate-grad hooks, the global registration hooks and the load post hooks against torch
/// (`scripts/fixtures/parameter_hooks.py`): which run, in which order, seeing what.
@Suite(.serialized) struct ParameterHookTests {
    struct Fixture: Decodable, Sendable {
        struct Accumulate: Decodable, Sendable {
            let state: [Entry]
            let x: [Float]
            let events: [Event]
        }
        /// `[name, values]`.
        struct Entry: Decodable, Sendable {
            let name: String
            let values: [Float]
            init(from decoder: Decoder) throws {
                var container = try decoder.unkeyedContainer()
                (name, values) = (try container.decode(String.self), try container.decode([Float].self))
            }
        }
        /// `[kind, name, gradient]`.
        struct Event: Decodable, Sendable, Equatable {
            let kind: String
            let name: String
            let grad: [Float]
            init(kind: String, name: String, grad: [Float]) { (self.kind, self.name, self.grad) = (kind, name, grad) }
            init(from decoder: Decoder) throws {
                var container = try decoder.unkeyedContainer()
                kind = try container.decode(String.self)
                name = try container.decode(String.self)
                grad = try container.decode([Float].self)
            }
        }
        struct InBackward: Decodable, Sendable {
            let parameters: [Entry]
            let grads_are_none: Bool
        }
        struct Registration: Decodable, Sendable {
            let calls: [[Value]]
            let keys: [String]
            let replaced: [String: Bool]
        }
        /// A string or a boolean of a recorded call.
        enum Value: Decodable, Sendable, Equatable {
            case text(String), flag(Bool)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let flag = try? container.decode(Bool.self) { self = .flag(flag) } else { self = .text(try container.decode(String.self)) }
            }
        }
        struct LoadPost: Decodable, Sendable {
            let events: [[LoadEventPart]]
            let error: String
            let result: [[String]]
        }
        /// A label or a key list of a load event.
        enum LoadEventPart: Decodable, Sendable, Equatable {
            case label(String), keys([String])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let keys = try? container.decode([String].self) { self = .keys(keys) } else { self = .label(try container.decode(String.self)) }
            }
        }

        let accumulate: Accumulate
        let in_backward: InBackward
        let errors: [String: String]
        let registration: Registration
        let load_post: LoadPost

        static let shared = FixtureFile.decode(Fixture.self, "modules/parameter_hooks.json", generator: "parameter_hooks.py")
    }

    /// torch's `Sequential(Linear(3, 4), Tanh(), Linear(4, 2))` with the fixture's values, and its input.
    static func net() throws -> (Sequential<Module>, Tensor) {
        let accumulate = Fixture.shared.accumulate
        let net = Sequential(Linear(3, 4, generator: Generator(seed: 0)), Tanh(), Linear(4, 2, generator: Generator(seed: 0)))
        let shapes = Dictionary(uniqueKeysWithValues: net.stateDict().map { ($0.key, $0.value.shape) })
        try net.loadStateDict(StateDict(accumulate.state.map { ($0.name, Tensor(flat: $0.values, shape: shapes[$0.name]!)) }))
        return (net, Tensor(flat: accumulate.x, shape: [5, 3]))
    }

    static func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 }
    }

    @Test func postAccumulateHooksRunAfterAccumulationInTorchsOrder() throws {
        let (net, x) = try Self.net()
        var events: [Fixture.Event] = []
        for (name, parameter) in net.namedParameters() {
            parameter.registerHook { gradient in
                events.append(.init(kind: "pre", name: name, grad: gradient.toArray(of: Float.self)))
                return nil
            }
            parameter.registerPostAccumulateGradHook { tensor in
                events.append(.init(kind: "post", name: name, grad: tensor.grad!.toArray(of: Float.self)))
            }
        }
        for _ in 0..<2 { net(x).pow(2).sum().backward() }
        let expected = Fixture.shared.accumulate.events
        #expect(events.map { "\($0.kind) \($0.name)" } == expected.map { "\($0.kind) \($0.name)" })
        #expect(zip(events, expected).allSatisfy { Self.close($0.grad, $1.grad) })
    }

    @Test func anOptimiserRunsInsideTheBackwardPass() throws {
        let (net, x) = try Self.net()
        for parameter in net.parameters() {
            parameter.registerPostAccumulateGradHook { p in
                noGrad { _ = p.add_(p.grad!, alpha: -0.1) }
                p.grad = nil
            }
        }
        net(x).pow(2).sum().backward()
        let expected = Fixture.shared.in_backward
        #expect(net.namedParameters().map(\.name) == expected.parameters.map(\.name))
        #expect(zip(net.parameters(), expected.parameters).allSatisfy { Self.close($0.toArray(of: Float.self), $1.values) })
        #expect(net.parameters().allSatisfy { $0.grad == nil } == expected.grads_are_none)
    }

    @Test func removedPostAccumulateHooksStopAndHooksDontKeepTheirTensor() {
        let w = Tensor([1.0, 2.0]).requiresGrad_()
        var calls = 0
        let handle = w.registerPostAccumulateGradHook { _ in calls += 1 }
        (w * 3).sum().backward()
        handle.remove()
        (w * 3).sum().backward()
        #expect(calls == 1 && w.grad!.toArray(of: Float.self) == [6, 6])

        weak var released: Tensor?
        do {
            let leaf = Tensor([1.0]).requiresGrad_()
            leaf.registerPostAccumulateGradHook { _ in }
            released = leaf
        }
        #expect(released == nil)
    }

    /// The standard error an exit test's child process wrote.
    static func standardError(of result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func postAccumulateHookMisuseStopsWithTorchsMessages() async {
        let errors = Fixture.shared.errors
        let noGrad = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.zeros([2]).registerPostAccumulateGradHook { _ in }
        }
        #expect(Self.standardError(of: noGrad).contains(errors["no_grad"]!))
        let nonLeaf = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            (Tensor.zeros([2]).requiresGrad_() * 2).registerPostAccumulateGradHook { _ in }
        }
        #expect(Self.standardError(of: nonLeaf).contains(errors["non_leaf"]!))
    }

    @Test func registrationHooksSeeAndReplaceWhatIsRegistered() throws {
        let expected = Fixture.shared.registration
        let root = Module(), holder = Module()
        let seq = Sequential<Module>()
        let ours = Set([root, holder, seq].map(ObjectIdentifier.init))
        let calls = Locked<[[Fixture.Value]]>([])
        let swaps = (parameter: Parameter(Tensor([7.0, 7.0])), buffer: Tensor([8.0, 8.0]), module: Identity())
        nonisolated(unsafe) let swapValues = swaps
        @Sendable func record(_ kind: String, _ module: Module, _ name: String, isNil: Bool) -> Bool {
            guard ours.contains(ObjectIdentifier(module)) else { return false }
            calls.withLock { $0.append([.text(kind), .text(module.typeName), .text(name), .flag(isNil)]) }
            return name.hasPrefix("swap")
        }
        let handles = [
            registerModuleParameterRegistrationHook { module, name, parameter in
                record("parameter", module, name, isNil: false) ? swapValues.parameter : nil
            },
            registerModuleBufferRegistrationHook { module, name, buffer in
                record("buffer", module, name, isNil: buffer == nil) ? swapValues.buffer : nil
            },
            registerModuleModuleRegistrationHook { module, name, child in
                record("module", module, name, isNil: child == nil) ? swapValues.module : nil
            },
        ]
        try root.registerParameter("p", Parameter(Tensor.zeros([2])))
        try root.registerParameter("swap", Parameter(Tensor.zeros([2])))
        try root.registerParameter("none", nil)
        try root.registerBuffer("none_b", nil)
        try root.registerBuffer("b", Tensor.zeros([2]))
        try root.registerBuffer("swap_b", Tensor.zeros([2]))
        try root.addModule("child", Linear(2, 2, generator: Generator(seed: 0)))
        try holder.addModule("swap", Linear(2, 2, generator: Generator(seed: 0)))
        seq.append(ReLU())
        seq.append(Tanh())
        for handle in handles { handle.remove() }
        try root.registerParameter("after_removal", Parameter(Tensor.zeros([1])))

        // torch builds its Sequential with ReLU given to the initialiser; both register the child "0".
        #expect(calls.withLock { $0 } == expected.calls)
        #expect(Array(root.stateDict().keys) == expected.keys)
        #expect((try root.getParameter("swap") === swaps.parameter) == expected.replaced["parameter"])
        #expect((try root.getBuffer("swap_b").equal(swaps.buffer)) == expected.replaced["buffer"])
        #expect((try holder.getSubmodule("swap") === swaps.module) == expected.replaced["module"])
    }

    @Test func loadPostHooksSeeTheKeysFoundSoFarInTorchsOrder() throws {
        let expected = Fixture.shared.load_post
        let model = Sequential<Module>(Linear(2, 2, generator: Generator(seed: 0)),
                                       Sequential<Module>(Linear(2, 2, generator: Generator(seed: 0)), BatchNorm1d(2)))
        var state = model.stateDict()
        state["1.1.num_batches_tracked"] = nil
        state["0.bias"] = nil
        state["extra"] = Tensor.zeros([1])
        state["1.bogus"] = Tensor.zeros([1])
        var events: [[Fixture.LoadEventPart]] = []
        func post(_ label: String, forgiving suffix: String? = nil) -> (Module, inout LoadResult) -> Void {
            { _, result in
                events.append([.label(label), .keys(result.missingKeys), .keys(result.unexpectedKeys)])
                if let suffix {
                    result.missingKeys.removeAll { $0.hasSuffix(suffix) }
                    result.unexpectedKeys.removeAll { $0.hasSuffix(suffix) }
                }
            }
        }
        model.registerLoadStateDictPostHook(post("root", forgiving: "extra"))
        model[0].registerLoadStateDictPostHook(post("0"))
        model[1].registerLoadStateDictPostHook(post("1", forgiving: "num_batches_tracked"))
        model[1][0].registerLoadStateDictPostHook(post("1.0"))
        model[1][1].registerLoadStateDictPostHook(post("1.1"))
        model[1][1].registerLoadStateDictPostHook(post("1.1 second"))
        do {
            try model.loadStateDict(state, strict: true)
            Issue.record("the strict load should fail")
        } catch {
            #expect(error.description == expected.error)
        }
        let result = try model.loadStateDict(state, strict: false)
        #expect(events == expected.events)
        #expect([result.missingKeys, result.unexpectedKeys] == expected.result)
    }
}
