/// Command-line options of `synapse-bench`.
struct BenchmarkOptions {
    /// Run only workloads whose name contains one of these (all when empty).
    var filters: [String] = []
    /// Shorter warm-up and fewer samples.
    var quick = false
    /// Print the workload names and targets instead of running them.
    var list = false
    /// Run each selected body exactly this many times, untimed, and print nothing else: a fixed amount of work for
    /// a profiler (`valgrind --tool=callgrind`, `perf record`).
    var repetitions: Int?
    /// Load the 1 GB checkpoint once in the way called this (``LoadMemory``) and print its time and memory.
    var loadMemory: String?
    /// Run ``ElementwiseProbe`` (one thread against two, every element-wise operation) instead of workloads.
    var probeElementwise = false

    static let usage = """
        usage: synapse-bench [--filter NAME[,NAME…]]… [--quick] [--list] [--repeat N] [--load-memory WAY]
               [--probe-elementwise]
        Prints one JSON line per workload: {"name", "median_ns", "iterations", …}.
        --repeat N runs each selected workload N times without timing it (for profilers).
        --load-memory WAY loads the 1 GB checkpoint once that way (safetensors_copy, pt_assign_mmap, …) and prints
        its time and resident memory (Benchmarks/load_memory.sh).
        --probe-elementwise times every element-wise operation on one and two threads (filters: labels, dtypes).
        """

    /// Parses `arguments` (without the program name); `nil` when they are invalid or ask for help.
    static func parse(_ arguments: [String]) -> BenchmarkOptions? {
        var options = BenchmarkOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--list": options.list = true
            case "--probe-elementwise": options.probeElementwise = true
            case "--repeat":
                guard let value = remaining.popFirst(), let count = Int(value), count >= 0 else { return nil }
                options.repetitions = count
            case "--load-memory":
                guard let value = remaining.popFirst() else { return nil }
                options.loadMemory = value
            case "--filter":
                guard let value = remaining.popFirst() else { return nil }
                options.filters += value.split(separator: ",").map(String.init)
            default:
                if argument.hasPrefix("--filter=") {
                    options.filters += argument.dropFirst("--filter=".count).split(separator: ",").map(String.init)
                } else {
                    return nil
                }
            }
        }
        return options
    }

    /// Whether `workload` is selected by the filters.
    func selects(_ workload: Workload) -> Bool {
        filters.isEmpty || filters.contains { workload.name.contains($0) }
    }
}
