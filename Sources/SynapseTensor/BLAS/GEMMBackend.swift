#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GEMM {
    /// An implementation of `GEMM.multiply`.
    public enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
        /// OpenBLAS's `cblas_sgemm` / `cblas_dgemm`, opened at run time (`libopenblas.so.0`).
        case openBLAS
        /// Synapse's own kernel: packed and cache-blocked, with AVX-512, AVX2 or portable register-tiled
        /// micro-kernels chosen at run time, split across cores (`gemm_packed.c`).
        case native

        /// `"openBLAS"` or `"native"`.
        public var description: String { rawValue }
    }

    /// The backend products use unless a call asks for one: ``Backend/native``, unless the environment variable
    /// `SYNAPSE_BLAS` is `openblas` and OpenBLAS could be loaded.
    ///
    /// The built-in kernel is level with OpenBLAS on large products here (Zen 5: 1024³ at 205 GFLOP/s on 2 cores
    /// against OpenBLAS's 206) and faster on whole transformers, because OpenBLAS's idle threads keep spinning
    /// between products and take the cores the element-wise work between them needs (a 6-layer encoder on 8 × 128
    /// tokens: 150 ms against 180); OpenBLAS stays ~8 % ahead on small training steps (D2L's MLP). Decided once, on
    /// first use; OpenBLAS is loaded only when something asks for it (`SYNAPSE_BLAS=openblas`, a call with
    /// `backend: .openBLAS`, ``isAvailable(_:)``, ``blasLibrary``).
    ///
    /// ```swift
    /// print(GEMM.backend)   // "native"; "openBLAS" under SYNAPSE_BLAS=openblas with libopenblas0 installed
    /// ```
    public static var backend: Backend { defaultBackend }

    /// Whether `backend` can run on this machine: ``Backend/native`` always; ``Backend/openBLAS`` when a
    /// library exporting `cblas_sgemm` and `cblas_dgemm` could be opened (this loads it on first call).
    public static func isAvailable(_ backend: Backend) -> Bool {
        switch backend {
        case .native: true
        case .openBLAS: CBLASLibrary.shared != nil
        }
    }

    /// The BLAS library (loaded by this call if it was not yet), or `nil` when none could be loaded: its name
    /// and, for OpenBLAS, its build configuration, which names the kernel family in use — for example
    /// `"libopenblas.so.0 (OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64)"`.
    ///
    /// An OpenBLAS release older than the CPU would pick its slowest (SSE3) kernels; Synapse suggests the
    /// family the CPU supports through `OPENBLAS_CORETYPE` while loading it, unless that variable is already set.
    public static var blasLibrary: String? {
        guard let library = CBLASLibrary.shared else { return nil }
        return library.configuration.map { "\(library.name) (\($0))" } ?? library.name
    }

    /// The number of threads OpenBLAS runs a product on (`openblas_get_num_threads`), or `nil` when OpenBLAS
    /// is not available. OpenBLAS starts one per core, or `OPENBLAS_NUM_THREADS` if set.
    public static var blasThreadCount: Int? {
        guard let get = CBLASLibrary.shared?.threadCount else { return nil }
        return Int(get())
    }

    /// Sets the number of threads OpenBLAS runs a product on (`openblas_set_num_threads`); does nothing when
    /// OpenBLAS is not available.
    ///
    /// The default (one per core) is usually right. OpenBLAS's workers spin for a while after each product, so
    /// the next one starts at once (on 2 cores, 256³ runs at about 230 GFLOP/s on two OpenBLAS threads and 150 on
    /// one); concurrent calls from several threads share its pool without oversubscribing the cores (two
    /// concurrent 512³ products take as long as two in a row). Lower it to leave cores to other work, or when
    /// spinning workers slow down parallel element-wise code that runs between products.
    public static func setBLASThreadCount(_ count: Int) {
        check(count >= 1, "GEMM.setBLASThreadCount: expected at least 1 thread, got \(count)")
        CBLASLibrary.shared?.setThreadCount?(Int32(clamping: count))
    }

    /// The environment's choice: `SYNAPSE_BLAS=openblas` asks for OpenBLAS (when it can be loaded); any other
    /// value (or none, or the former `native`) means the built-in kernel.
    private static let defaultBackend: Backend = {
        guard let value = getenv("SYNAPSE_BLAS"), String(cString: value).lowercased() == "openblas" else { return .native }
        return CBLASLibrary.shared != nil ? .openBLAS : .native
    }()
}
