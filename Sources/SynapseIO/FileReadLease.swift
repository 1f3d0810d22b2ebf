import CSynapseKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read lease on an open file (Linux's `fcntl(F_SETLEASE, F_RDLCK)`), held until this value goes away: while it
/// lives, another process that opens the file for writing or truncates it waits (at most
/// `/proc/sys/fs/lease-break-time` seconds, 45 by default), so bytes read through a mapping of the file can't change
/// or vanish underneath. No signal reaches this process when a writer waits (`synapse_take_read_lease`).
final class FileReadLease {
    /// A duplicate of the leased descriptor: the lease belongs to the open file, which lives as long as one of its
    /// descriptors does, so the caller may close its own.
    private let descriptor: Int32

    /// A lease on the file open (read-only) at `file`, or nil where the system refuses one: the file is open for
    /// writing somewhere, the caller neither owns it nor may lease any, the file system or the system has no leases.
    init?(on file: Int32) {
        let duplicate = fcntl(file, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { return nil }
        guard synapse_take_read_lease(duplicate) == 0 else {
            close(duplicate)
            return nil
        }
        descriptor = duplicate
    }

    deinit {
        synapse_release_lease(descriptor)
        close(descriptor)
    }
}
