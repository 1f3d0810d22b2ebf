// synapse-bench: times Synapse workloads and prints one JSON line per workload, for Benchmarks/run.sh.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSynapseKernels
import Synapse

guard let options = BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
    let usage = BenchmarkOptions.usage + "\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
let selected = Workloads.all.filter(options.selects)

if options.probeElementwise {
    ElementwiseProbe.run(filter: options.filters)
    exit(0)
}

if options.list {
    for workload in selected {
        print(JSONLine.object([
            ("name", .string(workload.name)),
            ("target_ratio", workload.targetRatio.map(JSONLine.Value.number) ?? .null),
        ]))
    }
    exit(0)
}

if let way = options.loadMemory {
    guard let line = LoadMemory.run(way) else {
        let message = "synapse-bench: unknown load way \(way); expected one of \(LoadMemory.ways.map(\.name))\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    print(line)
    exit(0)
}

if let repetitions = options.repetitions {
    for workload in selected {
        let body = workload.prepare()
        for _ in 0..<repetitions { body.runOnce() }
    }
    exit(0)
}

print(JSONLine.object([
    ("meta", .string("synapse")),
    ("gemm_backend", .string(GEMM.backend.rawValue)),
    // Only when in use: asking names loads OpenBLAS, whose threads would then spin beside the built-in kernel's.
    ("blas", GEMM.backend == .openBLAS ? GEMM.blasLibrary.map(JSONLine.Value.string) ?? .null : .null),
    ("blas_threads", GEMM.backend == .openBLAS ? GEMM.blasThreadCount.map(JSONLine.Value.integer) ?? .null : .null),
    ("cores", .integer(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))),
    // The kernels' instruction set: the CPU's best, or lower under SYNAPSE_VMATH_ISA (`run.sh --isa`).
    ("isa", .string(String(cString: synapse_vmath_isa_name(synapse_vmath_isa())))),
]))
fflush(nil)

for workload in selected {
    let body = workload.prepare()
    let result = Measurement.measure(body, plan: options.quick ? .quick : .full)
    print(JSONLine.object([
        ("name", .string(workload.name)),
        ("median_ns", .number(result.medianNanoseconds)),
        ("iterations", .integer(result.iterations)),
        ("samples", .integer(result.samples)),
        ("target_ratio", workload.targetRatio.map(JSONLine.Value.number) ?? .null),
        ("flops", workload.flops.map(JSONLine.Value.number) ?? .null),
        ("reference", .string(workload.reference ?? workload.name)),
    ]))
    fflush(nil)
}
