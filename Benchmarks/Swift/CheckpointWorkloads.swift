import Foundation
import Synapse

/// Checkpoint loading, the issue-7 target: a 1 GB file (16 × Linear(4096, 4096), float32) loaded into a matching
/// model, from safetensors and from PyTorch's zip; each side writes its own file once, untimed.
enum CheckpointWorkloads {
    static var all: [Workload] {
        [
            Workload("load_safetensors_1g_into_model", target: 1.0) { loadingBody(extension: "safetensors") },
            Workload("load_pt_1g_into_model", target: 1.0) { loadingBody(extension: "pt") },
            // Issue 23: the zero-copy load against PyTorch's copying one.
            Workload("load_safetensors_1g_assign_mmap", target: 0.1, reference: "load_safetensors_1g_into_model",
                     timing: { assigningBody(extension: "safetensors") }),
            Workload("load_pt_1g_assign_mmap", target: 0.1, reference: "load_pt_1g_into_model",
                     timing: { assigningBody(extension: "pt") }),
        ]
    }

    /// 16 × Linear(4096, 4096): 268.5 M parameters, 1.07 GB in float32 (same as `torch_bench.py`).
    static func bigModel() -> Sequential<Module> {
        let model = Sequential()
        for _ in 0..<16 { model.append(Linear(4096, 4096)) }
        return model
    }

    static func loadingBody(extension pathExtension: String) -> () -> Void {
        let model = bigModel()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bench-1g.\(pathExtension)")
        try! model.save(to: url)
        // Mapped, as the PyTorch side reads (`torch.load(mmap=True)`, `safetensors.torch.load_file`); the default
        // reads the file into memory first.
        return { try! model.load(from: url, mmap: true) }
    }

    /// A model built without drawing its weights (`skipInit`, untimed) takes views of the mapped file in their
    /// place (`assign: true, mmap: true`): only the load is timed.
    static func assigningBody(extension pathExtension: String) -> TimedBody {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bench-1g-assign.\(pathExtension)")
        try! bigModel().save(to: url)
        return .part(setup: {
            let model = skipInit { bigModel() }
            return { try! model.load(from: url, assign: true, mmap: true) }
        })
    }
}
