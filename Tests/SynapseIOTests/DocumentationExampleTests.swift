import Foundation
import Testing
import SynapseIO

/// The code of the DocC article "Saving and loading" runs as written (in a scratch folder).
@Suite struct DocumentationExampleTests {
    @Test func savingAndLoadingArticle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String) -> URL { URL(filePath: folder.appendingPathComponent(name).path) }
        let x = Tensor.arange(4), y = Tensor.zeros([4])
        let net = Sequential(Linear(3, 2, generator: Generator(seed: 1)))
        let clone = Sequential(Linear(3, 2, generator: Generator(seed: 2)))

        try save(x, to: file("x-file"))
        let x2 = try load(from: file("x-file")).tensor()
        try save([x, y], to: file("x-files"))
        try save(["x": x, "y": y], to: file("mydict"))
        try net.save(to: file("mlp.params"))
        try clone.load(from: file("mlp.params"))
        #expect(x2.equal(x) && clone[0].weight.equal(net[0].weight))

        let optimizer = Adam(net.parameters(), lr: 0.01)
        let schedule = StepLR(optimizer, stepSize: 2)
        try save(["model": .init(net.stateDict()), "optimizer": .init(optimizer.stateDict()),
                  "scheduler": .init(schedule.stateDict()), "epoch": 3], to: file("ckpt.pt"))
        let checkpoint = try load(from: file("ckpt.pt"))
        try net.loadStateDict(checkpoint["model"]!.stateDict())
        try optimizer.loadStateDict(checkpoint["optimizer"]!.optimizerStateDict())
        try schedule.loadStateDict(checkpoint["scheduler"]!.lrSchedulerStateDict())
        #expect(schedule.stateDict() == (try checkpoint["scheduler"]!.lrSchedulerStateDict()))
    }
}
