#ifndef SYNAPSE_GUARDED_READ_H
#define SYNAPSE_GUARDED_READ_H
#include <stddef.h>

/// Reads one byte of every `page`-byte step of `[base, base + count)` (and its last byte) with SIGBUS caught on
/// this thread: returns 0 when every read succeeded, -1 when one faulted (a memory-mapped file truncated under
/// its mapping). The first call installs a SIGBUS handler that only acts while a read here is in progress on the
/// faulting thread and otherwise hands the signal to the handler that was installed before it.
int synapse_probe_readable(const void *base, size_t count, size_t page);

#endif
