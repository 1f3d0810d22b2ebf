#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps an OpenBLAS older than the CPU from falling back to its slowest kernels.
///
/// OpenBLAS picks its kernels from the CPU model when the library loads; a release that does not know the model
/// (OpenBLAS 0.3.21, Debian 12's, on a 5th-generation Xeon) falls back to SSE3 "Prescott" kernels and runs
/// `sgemm` at a fifth of the speed. Before opening the library, Synapse therefore names the kernel family the
/// CPU's features support in `OPENBLAS_CORETYPE` — `SkylakeX` with AVX-512, `Haswell` with AVX2 and FMA — and
/// removes the variable again once the library is loaded. A value the user set is never overridden.
enum OpenBLASCoreHint {
    /// The OpenBLAS core type for this CPU's features, or `nil` when there is nothing to add (or no
    /// `/proc/cpuinfo` to read).
    static func suggestedCoreType() -> String? {
        #if os(Linux) && arch(x86_64)
        guard let flags = cpuFlags() else { return nil }
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        #endif
        return nil
    }

    /// Runs `body` (which opens the library) with the hint in the environment, unless the user already set
    /// `OPENBLAS_CORETYPE` or there is no hint.
    static func withHint<R>(_ body: () -> R) -> R {
        guard getenv("OPENBLAS_CORETYPE") == nil, let core = suggestedCoreType() else { return body() }
        setenv("OPENBLAS_CORETYPE", core, 0)
        defer { unsetenv("OPENBLAS_CORETYPE") }
        return body()
    }

    /// The feature flags of the first processor in `/proc/cpuinfo` (the kernel lists only features the OS
    /// supports, so AVX-512 appears only when its registers are saved on context switches).
    private static func cpuFlags() -> Set<Substring>? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
            return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" }))
        }
        return nil
    }
}
