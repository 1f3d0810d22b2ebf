/// What went wrong in a distributed operation: MPI missing or failing, a peer that didn't answer in time, or
/// arguments the ranks can't agree on.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// No MPI library could be opened; `tried` lists the names, `reason` what the loader said.
    case libraryNotFound(tried: [String], reason: String)
    /// The library opened but lacks a function or handle Synapse uses (not Open MPI, or too old).
    case missingSymbol(String, library: String)
    /// An operation ran before ``ProcessGroup/initialize(backend:timeout:)`` or after ``ProcessGroup/destroy()``.
    case notInitialized
    /// An MPI call returned an error code (MPI's error handler is set to return, not abort).
    case mpi(function: String, code: Int32, message: String)
    /// A collective or point-to-point operation didn't complete within the group's timeout: a peer died, hangs,
    /// or called a different operation.
    case timeout(operation: String, seconds: Double, rank: Int)
    /// Arguments that can't work (wrong count of tensors, mismatched shapes or dtypes, a rank out of range).
    case invalidArgument(String)

    /// The message, with what to do about it.
    public var description: String {
        switch self {
        case .libraryNotFound(let tried, let reason):
            "distributed training needs Open MPI, but no MPI library could be loaded (tried \(tried.joined(separator: ", "))"
                + (reason.isEmpty ? "" : ": \(reason)") + "); install it with `\(MPILibrary.installHint)`"
        case .missingSymbol(let symbol, let library):
            "\(library) has no symbol \(symbol): expected Open MPI 4 or newer (`\(MPILibrary.installHint)`)"
        case .notInitialized:
            "the process group is not initialized: call ProcessGroup.initialize(backend: .mpi) first"
        case .mpi(let function, let code, let message):
            "\(function) failed with MPI error \(code): \(message)"
        case .timeout(let operation, let seconds, let rank):
            "rank \(rank): \(operation) did not complete within \(seconds) s; a peer process may have died, hung, "
                + "or called a different collective"
        case .invalidArgument(let message):
            message
        }
    }
}
