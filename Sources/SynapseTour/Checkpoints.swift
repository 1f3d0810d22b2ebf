import Foundation
import Synapse

extension Tour {
    /// Seed 003 §5.5 in both formats: a tensor, a list, a dict and a model's parameters saved with `torch.save`'s
    /// format (and safetensors), loaded back, and loaded into a clone.
    static let checkpointSteps: [TourStep] = [
        TourStep("005_save_and_load") { seed, print in
            // snippet: 005_save_and_load
            manualSeed(seed)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-tour-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
            let x = Tensor.arange(4)
            try save(x, to: file("x-file"))
            print(try load(from: file("x-file")))
            let y = Tensor.zeros([4])
            try save([x, y], to: file("x-files"))
            let loaded = try load(from: file("x-files")).tensors()
            print("(\(loaded[0]), \(loaded[1]))")
            let mydict = ["x": x, "y": y]
            try save(mydict, to: file("mydict"))
            print(try load(from: file("mydict")))
            try save(mydict, to: file("mydict.safetensors"))
            print(try load(from: file("mydict.safetensors")))
            let net = MLP()
            let X = Tensor.randn([2, 20])
            let Y = net(X)
            try net.save(to: file("mlp.params"))
            let clone = MLP()
            print(try clone.load(from: file("mlp.params")))
            print(clone(X) .== Y)
            try net.save(to: file("mlp.safetensors"))
            let other = MLP()
            print(try other.load(from: file("mlp.safetensors")))
            print(other(X) .== Y)
            // end snippet
        },
    ]
}
