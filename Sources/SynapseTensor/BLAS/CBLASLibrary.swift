#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CBLAS implementation (OpenBLAS) opened at run time with `dlopen`, so Synapse builds and runs without it and
/// uses it when the machine has it. The library is looked for once, on first use, thread-safely, with
/// ``OpenBLASCoreHint`` in effect.
struct CBLASLibrary: @unchecked Sendable {
    /// `cblas_sgemm`'s C signature (LP64 OpenBLAS: 32-bit `blasint`, enums as `int`).
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    /// `cblas_dgemm`'s C signature.
    typealias DGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    /// CBLAS enum values.
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    /// The name the library was opened by.
    let name: String
    /// `cblas_sgemm`.
    let sgemm: SGEMM
    /// `cblas_dgemm`.
    let dgemm: DGEMM
    /// `openblas_set_num_threads`, when the library is OpenBLAS.
    let setThreadCount: (@convention(c) (Int32) -> Void)?
    /// `openblas_get_num_threads`, when the library is OpenBLAS.
    let threadCount: (@convention(c) () -> Int32)?
    /// `openblas_get_config()`: version, build options and the kernel family in use, when the library is OpenBLAS.
    let configuration: String?

    /// The library, or `nil` when none of the candidates loads. Resolved once (a Swift global is initialised
    /// under `swift_once`, so concurrent first uses are safe).
    static let shared: CBLASLibrary? = load()

    /// Library names tried in order. A generic `libblas` is only accepted when it is OpenBLAS under another name:
    /// the netlib reference BLAS also exports `cblas_sgemm` but is several times slower than the native kernel.
    static let candidates: [(name: String, mustBeOpenBLAS: Bool)] = {
        #if canImport(Darwin)
        return [("libopenblas.0.dylib", false), ("libopenblas.dylib", false),
                ("/opt/homebrew/opt/openblas/lib/libopenblas.dylib", false),
                ("/usr/local/opt/openblas/lib/libopenblas.dylib", false)]
        #else
        return [("libopenblas.so.0", false), ("libopenblas.so", false), ("libblas.so.3", true)]
        #endif
    }()

    private static func load() -> CBLASLibrary? {
        OpenBLASCoreHint.withHint(openFirstCandidate)
    }

    private static func openFirstCandidate() -> CBLASLibrary? {
        for candidate in candidates {
            guard let handle = dlopen(candidate.name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let library = bind(handle, name: candidate.name, mustBeOpenBLAS: candidate.mustBeOpenBLAS) {
                return library  // the handle stays open for the life of the process
            }
            dlclose(handle)
        }
        return nil
    }

    private static func bind(_ handle: UnsafeMutableRawPointer, name: String, mustBeOpenBLAS: Bool) -> CBLASLibrary? {
        guard let sgemm = dlsym(handle, "cblas_sgemm"), let dgemm = dlsym(handle, "cblas_dgemm") else { return nil }
        let setThreads = dlsym(handle, "openblas_set_num_threads")
        let getThreads = dlsym(handle, "openblas_get_num_threads")
        if mustBeOpenBLAS && setThreads == nil { return nil }
        typealias GetConfig = @convention(c) () -> UnsafePointer<CChar>?
        let configuration = dlsym(handle, "openblas_get_config")
            .flatMap { unsafeBitCast($0, to: GetConfig.self)() }
            .map { String(cString: $0) }
        return CBLASLibrary(
            name: name,
            sgemm: unsafeBitCast(sgemm, to: SGEMM.self),
            dgemm: unsafeBitCast(dgemm, to: DGEMM.self),
            setThreadCount: setThreads.map { unsafeBitCast($0, to: (@convention(c) (Int32) -> Void).self) },
            threadCount: getThreads.map { unsafeBitCast($0, to: (@convention(c) () -> Int32).self) },
            configuration: configuration)
    }
}
