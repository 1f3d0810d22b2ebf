#ifndef SYNAPSE_FILE_LEASE_H
#define SYNAPSE_FILE_LEASE_H

/// Takes a read lease (`fcntl(F_SETLEASE, F_RDLCK)`) on `descriptor`, a file opened read-only: until the lease is
/// released (or the descriptor closed), another process that opens the file for writing or truncates it waits
/// (for at most `/proc/sys/fs/lease-break-time` seconds, 45 by default). Returns 0, or the `errno` that says why
/// not: `EAGAIN` when the file is open for writing somewhere, `EACCES` when the caller neither owns the file nor has
/// `CAP_LEASE`, `EINVAL`/`ENOLCK` where the file system has no leases, `ENOTSUP` off Linux.
///
/// No signal reaches the process when a writer breaks the lease: the notification's signal is set to `SIGURG`
/// (ignored unless handled) before the lease is taken, and the descriptor's owner is cleared right after, so that
/// the default action of `SIGIO`, which would end the process, never happens.
int synapse_take_read_lease(int descriptor);

/// Releases the lease `synapse_take_read_lease` took on `descriptor`; returns 0 or the `errno`.
int synapse_release_lease(int descriptor);

#endif
