import Foundation
import Testing
import SynapseIO

/// Optimiser state dicts inside `.pt` checkpoints: torch's Adam state read into a Synapse Adam, and Synapse's
/// written in torch's layout.
@Suite struct OptimizerCheckpointTests {
    @Test func torchAdamStateLoadsIntoSynapseAdam() throws {
        let checkpoint = try load(from: TorchFixtures.directory.appendingPathComponent("nested.pt"))
        let model = Sequential(Linear(3, 2, generator: Generator(seed: 1)), BatchNorm1d(2))
        try model.loadStateDict(checkpoint["model"]!.stateDict())
        let stored = try checkpoint["optimizer"]!.optimizerStateDict()
        let optimizer = Adam(model.parameters(), lr: 0.5)
        try optimizer.loadStateDict(stored)
        let state = optimizer.stateDict()
        #expect(state.paramGroups[0].first { $0.key == "lr" }?.value == .number(0.01))
        #expect(state.paramGroups[0].first { $0.key == "params" }?.value == .indices([0, 1, 2, 3]))
        for (index, entries) in stored.state {
            for (name, tensor) in entries {
                #expect(state.state[index]?[name]?.toArray(of: Float.self) == tensor.toArray(of: Float.self), "\(index).\(name)")
            }
        }
    }

    @Test func synapseStateRoundTripsThroughAFile() throws {
        let model = Linear(3, 2, generator: Generator(seed: 9))
        let optimizer = Adam(model.parameters(), lr: 0.01)
        for _ in 0..<2 {
            optimizer.zeroGrad()
            model(Tensor.ones([4, 3])).pow(2).sum().backward()
            optimizer.step()
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-opt-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try save(["model": .init(model.stateDict()), "optimizer": .init(optimizer.stateDict()), "epoch": 3], to: url)
        let restored = try load(from: url)
        #expect(restored["epoch"].map { if case .int(3) = $0 { true } else { false } } == true)
        let state = try restored["optimizer"]!.optimizerStateDict()
        let original = optimizer.stateDict()
        #expect(state.paramGroups.map { $0.map(\.key) } == original.paramGroups.map { $0.map(\.key) })
        #expect(state.paramGroups.map { $0.map(\.value) } == original.paramGroups.map { $0.map(\.value) })
        for (index, entries) in original.state {
            for (name, tensor) in entries {
                #expect(state.state[index]?[name]?.toArray(of: Float.self) == tensor.toArray(of: Float.self), "\(index).\(name)")
            }
        }
    }
}

/// Scheduler state dicts written by `torch.save(scheduler.state_dict())` resume Synapse's schedulers, and
/// Synapse's are written in the same layout.
@Suite struct SchedulerCheckpointTests {
    @Test func torchSchedulerStatesResumeSynapseSchedulers() throws {
        let checkpoint = try load(from: TorchFixtures.directory.appendingPathComponent("schedulers.pt"))

        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        optimizer.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: SGD.Options(lr: 0.01)))
        let multistep = MultiStepLR(optimizer, milestones: [2, 5, 5], gamma: 0.3)
        try optimizer.loadStateDict(checkpoint["multistep_optimizer"]!.optimizerStateDict())
        let stored = try checkpoint["multistep"]!.lrSchedulerStateDict()
        try multistep.loadStateDict(stored)
        #expect(multistep.stateDict() == stored)
        #expect(multistep.lastEpoch == 7 && optimizer.initialLearningRates == [0.1, 0.01])

        let single = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let sequential = SequentialLR(single, schedulers: [LinearLR(single, startFactor: 0.1, totalIters: 5),
                                                           CosineAnnealingLR(single, tMax: 10, etaMin: 0.001)], milestones: [5])
        try single.loadStateDict(checkpoint["sequential_optimizer"]!.optimizerStateDict())
        let storedSequential = try checkpoint["sequential"]!.lrSchedulerStateDict()
        try sequential.loadStateDict(storedSequential)
        #expect(sequential.stateDict() == storedSequential)
    }

    @Test func synapseSchedulerStatesRoundTripThroughAFile() throws {
        let optimizer = SGD([Parameter(Tensor.zeros([1]))], lr: 0.1)
        let schedule = SequentialLR(optimizer, schedulers: [ConstantLR(optimizer, factor: 0.5, totalIters: 2),
                                                            MultiStepLR(optimizer, milestones: [1, 3, 3])], milestones: [2])
        for _ in 0..<4 { schedule.step() }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-sched-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try save(["scheduler": .init(schedule.stateDict())], to: url)
        #expect(try load(from: url)["scheduler"]!.lrSchedulerStateDict() == schedule.stateDict())
    }
}
