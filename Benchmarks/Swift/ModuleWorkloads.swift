import Synapse

/// Module bookkeeping: the issue-4 target, `stateDict()` of a model of 9,000 small modules
/// (3,000 × [Linear(8, 8), ReLU, LayerNorm(8)], flat in one `Sequential`).
enum ModuleWorkloads {
    static var all: [Workload] {
        [
            Workload("state_dict_9000_modules", target: 0.1) {
                let model = wideModel()
                return { consume(model.stateDict()) }
            },
            Workload("named_parameters_9000_modules", target: nil) {
                let model = wideModel()
                return { consume(model.namedParameters()) }
            },
        ]
    }

    /// 3,000 repetitions of `Linear(8, 8), ReLU(), LayerNorm(8)` in one `Sequential` (same as `torch_bench.py`).
    static func wideModel() -> Sequential<Module> {
        let model = Sequential()
        for _ in 0..<3_000 {
            model.append(Linear(8, 8)).append(ReLU()).append(LayerNorm([8]))
        }
        return model
    }
}
