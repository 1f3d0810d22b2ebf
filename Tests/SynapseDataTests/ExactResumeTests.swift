import Foundation
import Testing
import SynapseData
import SynapseOptim
import SynapseIO

/// Issue 20's proof of an exact resume: the digits MLP (with dropout, so the random stream matters) trained for 2
/// epochs without stopping, and the same run stopped after a batch in the middle of the second epoch, written to a
/// `.pt` checkpoint (`model`, `optimizer`, `epoch`, `rng_state`, `sampler`), read back into freshly built objects
/// and continued: the final weights are bit for bit the same, and within 1e-10 of torch's run of the same script
/// (`scripts/fixtures/training_resume.py`).
@Suite("Training resumes exactly")
struct ExactResumeTests {
    struct TorchRun: Decodable {
        let losses: [Double]
        let state: [String: [Double]]
    }

    let torchRun: TorchRun = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/training/resume.json")
        guard let data = try? Data(contentsOf: url), let run = try? JSONDecoder().decode(TorchRun.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python -P scripts/fixtures/training_resume.py")
        }
        return run
    }()

    /// A fresh model, optimiser and loader, built after `manualSeed(seed)`.
    func setUp(seed: Int) throws -> (Sequential<Module>, SGD, DataLoader<Digits, [Tensor]>) {
        manualSeed(seed)
        let net = Sequential(Flatten(), Linear(64, 32, dtype: .float64), ReLU(), Dropout(0.2),
                             Linear(32, 10, dtype: .float64))
        let optimizer = SGD(net.parameters(), lr: 0.05, momentum: 0.9)
        let loader = DataLoader(try Digits(split: .train), batchSize: 64, shuffle: true)
        return (net, optimizer, loader)
    }

    /// One optimisation step on a batch of raw digits; returns the loss.
    @discardableResult
    func step(_ net: Module, _ optimizer: SGD, _ batch: [Tensor]) -> Double {
        optimizer.zeroGrad()
        let loss = Functional.crossEntropy(net(batch[0].to(.float64) / 16), batch[1])
        loss.backward()
        optimizer.step()
        return loss.item()
    }

    @Test("Stopped mid-epoch, saved, loaded into new objects and continued: the uninterrupted run's weights, bit for bit")
    func stopSaveLoadContinue() throws {
        try Generator.withDefault(Generator()) {
            let (net, optimizer, loader) = try setUp(seed: 0)
            var losses: [Double] = []
            for _ in 0..<2 { for batch in loader { losses.append(step(net, optimizer, batch)) } }
            let uninterrupted = net.stateDict()

            // torch's run: the same losses and weights (float64), with torch's dropout masks and batch order.
            #expect(losses.count == torchRun.losses.count)
            for (ours, theirs) in zip(losses, torchRun.losses) { #expect(abs(ours - theirs) <= 1e-10) }
            for (key, tensor) in uninterrupted {
                let values = tensor.contiguous().toArray(of: Double.self)
                let expected = try #require(torchRun.state[key])
                #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-10 }, "\(key)")
            }

            // The interrupted run: epoch 0, then 7 batches of epoch 1, then a checkpoint on disk.
            let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("synapse-resume-\(UUID()).pt")
            defer { try? FileManager.default.removeItem(at: url) }
            try writeInterruptedRun(to: url)
            let resumedNet = try resume(from: url)
            for ((key, a), (_, b)) in zip(uninterrupted, resumedNet.stateDict()) {
                #expect(a.toArray(of: Double.self) == b.toArray(of: Double.self), "\(key) differs after the resume")
            }
        }
    }

    /// Epoch 0 and 7 batches of epoch 1, then a `.pt` checkpoint at `url`.
    func writeInterruptedRun(to url: URL) throws {
        let (net, optimizer, loader) = try setUp(seed: 0)
        for batch in loader { step(net, optimizer, batch) }
        let epoch = loader.makeIterator()
        for _ in 0..<7 { step(net, optimizer, try #require(epoch.next())) }
        try save(.dict(["model": .init(net.stateDict()), "optimizer": .init(optimizer.stateDict()),
                        "epoch": .int(1), "rng_state": .tensor(getRNGState()),
                        "sampler": epoch.state.checkpointValue]), to: url)
    }

    /// New objects built from another seed, the checkpoint at `url` loaded into them, and the epoch finished.
    func resume(from url: URL) throws -> Module {
        let (net, optimizer, loader) = try setUp(seed: 123)
        let checkpoint = try load(from: url)
        try net.loadStateDict(try #require(checkpoint["model"]).stateDict())
        try optimizer.loadStateDict(try #require(checkpoint["optimizer"]).optimizerStateDict())
        guard case .tensor(let rngState)? = checkpoint["rng_state"], case .int(let epochIndex)? = checkpoint["epoch"] else {
            Issue.record("the checkpoint lacks rng_state or epoch")
            return net
        }
        #expect(epochIndex == 1)
        let rest = loader.makeIterator(resumingFrom: try DataLoaderState(checkpointValue: try #require(checkpoint["sampler"])))
        try setRNGState(rngState)
        while let batch = rest.next() { step(net, optimizer, batch) }
        return net
    }

    static let childCheckpoint = ProcessInfo.processInfo.environment["SYNAPSE_RESUME_CHECKPOINT"]
    static let childOutput = ProcessInfo.processInfo.environment["SYNAPSE_RESUME_OUTPUT"]

    @Test("Resumed by a new process from the checkpoint file: the uninterrupted run's weights, bit for bit")
    func resumeInANewProcess() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("synapse-resume-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (checkpoint, output) = (directory.appendingPathComponent("run.pt"), directory.appendingPathComponent("resumed.pt"))
        let uninterrupted: StateDict = try Generator.withDefault(Generator()) {
            let (net, optimizer, loader) = try setUp(seed: 0)
            for _ in 0..<2 { for batch in loader { step(net, optimizer, batch) } }
            try writeInterruptedRun(to: checkpoint)
            return net.stateDict()
        }
        // This test binary again, running only the child half below: a process that knows nothing but the file.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["--testing-library", "swift-testing", "--filter", "continueACheckpointedRunAsAChildProcess"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            ["SYNAPSE_RESUME_CHECKPOINT": checkpoint.path, "SYNAPSE_RESUME_OUTPUT": output.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)
        let resumed = try load(from: output).stateDict()
        #expect(resumed.keys == uninterrupted.keys)
        for (key, a) in uninterrupted {
            let b = try #require(resumed[key])
            #expect(a.toArray(of: Double.self) == b.toArray(of: Double.self), "\(key) differs after the resume")
        }
    }

    /// The child half of ``resumeInANewProcess()``: runs only in the process that test starts.
    @Test(.enabled(if: ExactResumeTests.childCheckpoint != nil && ExactResumeTests.childOutput != nil))
    func continueACheckpointedRunAsAChildProcess() throws {
        let net = try resume(from: URL(fileURLWithPath: try #require(Self.childCheckpoint)))
        try net.save(to: URL(fileURLWithPath: try #require(Self.childOutput)))
    }
}
