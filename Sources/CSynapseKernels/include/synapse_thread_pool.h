#ifndef SYNAPSE_THREAD_POOL_H
#define SYNAPSE_THREAD_POOL_H
#include <stddef.h>

/// One chunk of a parallel loop: `body(context, chunk)` for `chunk` in `0..<chunks`.
typedef void (*synapse_pool_body)(void *context, size_t chunk);

/// Runs `body(context, c)` for every `c` in `0..<chunks` on the calling thread and up to `threads - 1` of the
/// pool's worker threads, and returns when all chunks are done (0). The workers wait for the next loop spinning
/// for a short while (about 100 µs, as OpenMP's threads do) before they sleep, so a loop that follows another
/// one starts on warm threads instead of paying a thread wake-up (tens of µs) each time.
///
/// Returns -1 without running anything when the pool is busy (a loop started by another thread, or a loop nested
/// in one of the pool's chunks): the caller then runs the loop another way. Chunks are taken in any order by any
/// participating thread; they must be independent.
int synapse_pool_run(size_t chunks, size_t threads, synapse_pool_body body, void *context);

#endif
