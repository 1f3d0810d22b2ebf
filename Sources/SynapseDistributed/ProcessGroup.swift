import Foundation
import SynapseTensor

/// The processes of one distributed run and the collectives between them (`torch.distributed`'s default group),
/// on MPI.
///
/// Start the processes with `mpirun` and initialize once per process:
///
/// ```swift
/// let group = try ProcessGroup.initialize(backend: .mpi)      // dist.init_process_group("mpi")
/// let t = Tensor([Float(group.rank)])
/// try group.allReduce(t, op: .sum)                           // dist.all_reduce(t)
/// ```
///
/// Every operation throws a ``DistributedError`` rather than aborting: MPI's error handler is set to
/// `MPI_ERRORS_RETURN`, and a wait longer than ``timeout`` (a dead or stuck peer) ends in
/// ``DistributedError/timeout(operation:seconds:rank:)``. Any thread may call the group; MPI calls are serialised
/// by a lock. All ranks must issue the same collectives in the same order, as with any MPI program.
public final class ProcessGroup: @unchecked Sendable {
    /// The communication library under a group.
    public enum Backend: String, Sendable {
        /// Open MPI, loaded at run time (`libmpi.so.40`).
        case mpi
    }

    /// The backend this group runs on.
    public let backend: Backend
    /// This process's index in the group, `0..<worldSize` (`dist.get_rank()`).
    public let rank: Int
    /// The number of processes in the group (`dist.get_world_size()`).
    public let worldSize: Int
    /// This process's index among the processes of its machine (torchrun's `LOCAL_RANK`; Open MPI's
    /// `OMPI_COMM_WORLD_LOCAL_RANK`), `0` when the launcher doesn't say.
    public let localRank: Int
    /// How long a wait on an operation may take before it throws ``DistributedError/timeout(operation:seconds:rank:)``.
    public let timeout: Duration

    let library: MPILibrary
    /// Serialises MPI calls (the group asks for `MPI_THREAD_SERIALIZED`).
    let lock = Locked(())
    private let finalized = Locked(false)

    private static let defaultGroup = Locked<ProcessGroup?>(nil)

    /// Whether an MPI library can be loaded on this machine (`dist.is_mpi_available()`).
    public static var isAvailable: Bool {
        if case .success = MPILibrary.shared { true } else { false }
    }

    /// The group ``initialize(backend:timeout:)`` made, or `nil` (`dist.is_initialized()`).
    public static var `default`: ProcessGroup? { defaultGroup.withLock { $0 } }

    private init(library: MPILibrary, timeout: Duration) throws(DistributedError) {
        self.library = library
        self.backend = .mpi
        self.timeout = timeout
        var size: Int32 = 0, rank: Int32 = 0
        try library.check(library.commSize(library.commWorld, &size), "MPI_Comm_size")
        try library.check(library.commRank(library.commWorld, &rank), "MPI_Comm_rank")
        self.rank = Int(rank)
        self.worldSize = Int(size)
        localRank = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_RANK"].flatMap { Int($0) } ?? 0
    }

    /// Joins the run `mpirun` started (`dist.init_process_group(backend="mpi")`): initializes MPI from the launcher's
    /// environment, sets its error handler to return errors, and makes the group ``default``. A second call returns
    /// the same group. Outside `mpirun` the process is a group of one.
    ///
    /// - Parameters:
    ///   - backend: the communication library (``Backend/mpi``, the only one).
    ///   - timeout: how long any wait may take before it throws (a dead peer shows up as this error).
    /// - Throws: ``DistributedError/libraryNotFound(tried:reason:)`` (with the `apt-get` line to run) when Open MPI
    ///   is not installed, ``DistributedError/mpi(function:code:message:)`` when MPI fails to start.
    @discardableResult
    public static func initialize(backend: Backend = .mpi, timeout: Duration = .seconds(60)) throws -> ProcessGroup {
        try initialize(library: MPILibrary.shared.get(), timeout: timeout)
    }

    /// ``initialize(backend:timeout:)`` with the library found among `libraryCandidates` (for tests).
    package static func initialize(libraryCandidates: [String], timeout: Duration = .seconds(60)) throws -> ProcessGroup {
        try initialize(library: MPILibrary.load(candidates: libraryCandidates), timeout: timeout)
    }

    private static func initialize(library: MPILibrary, timeout: Duration) throws -> ProcessGroup {
        try defaultGroup.withLock { (current: inout ProcessGroup?) throws(DistributedError) -> ProcessGroup in
            if let current { return current }
            var wasFinalized: Int32 = 0
            try library.check(library.finalized(&wasFinalized), "MPI_Finalized")
            guard wasFinalized == 0 else {
                throw .invalidArgument("a process group can't be initialized after destroy(): MPI was finalized, and "
                    + "MPI allows one run per process")
            }
            var alreadyInitialized: Int32 = 0
            try library.check(library.initialized(&alreadyInitialized), "MPI_Initialized")
            if alreadyInitialized == 0 {
                var provided: Int32 = 0
                try library.check(library.initThread(nil, nil, MPILibrary.threadSerialized, &provided), "MPI_Init_thread")
                guard provided >= MPILibrary.threadSerialized else {
                    throw .invalidArgument("MPI_Init_thread: expected thread level MPI_THREAD_SERIALIZED (2), "
                        + "the library provides \(provided)")
                }
            }
            try library.check(library.setErrhandler(library.commWorld, library.errorsReturn), "MPI_Comm_set_errhandler")
            let group = try ProcessGroup(library: library, timeout: timeout)
            current = group
            return group
        }
    }

    /// Leaves the run (`dist.destroy_process_group()`): finalizes MPI, after which no group can be made again in
    /// this process (an MPI rule). Every rank must call it; pending operations must have been waited for.
    public func destroy() throws {
        let alreadyFinalized = finalized.withLock { done in defer { done = true }; return done }
        guard !alreadyFinalized else { return }
        try lock.withLock { _ throws(DistributedError) in try library.check(library.finalize(), "MPI_Finalize") }
        ProcessGroup.defaultGroup.withLock { if $0 === self { $0 = nil } }
    }

    /// Ends every process of the run with `code` (`MPI_Abort`), for a rank that can't go on.
    public func abort(code: Int32 = 1) -> Never {
        _ = library.abort(library.commWorld, code)
        exit(code)
    }

    /// Throws unless `peer` is a rank of the group.
    func checkRank(_ peer: Int, _ role: String) throws(DistributedError) {
        guard (0..<worldSize).contains(peer) else {
            throw .invalidArgument("\(role) must be a rank in 0..<\(worldSize), found \(peer)")
        }
    }

    /// Starts an MPI operation: `call` receives the library and the request to fill in; the returned work completes
    /// it, keeping `keepAlive` (the buffers MPI reads and writes) alive until then, and runs `finish` once done.
    func launch(
        _ operation: String, keepAlive: [Tensor], finish: (() -> Void)? = nil,
        _ call: (MPILibrary, MPILibrary.Request) -> Int32
    ) throws(DistributedError) -> Work {
        guard !finalized.withLock({ $0 }) else { throw .notInitialized }
        let work = Work(group: self, operation: operation, keepAlive: keepAlive, finish: finish)
        try lock.withLock { _ throws(DistributedError) in try library.check(call(library, work.request), operation) }
        return work
    }
}
