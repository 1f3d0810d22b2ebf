#ifndef SYNAPSE_THREAD_FLAGS_H
#define SYNAPSE_THREAD_FLAGS_H
#include <stdbool.h>
#include <stdint.h>

/// Whether autograd recording is off on the calling thread (`torch.is_grad_enabled()` negated). Every recorded
/// operation reads it, so it is a C thread-local read inline (a pthread key costs a library call per read).
extern _Thread_local bool synapse_grad_disabled;

static inline bool synapse_is_grad_disabled(void) { return synapse_grad_disabled; }
static inline void synapse_set_grad_disabled(bool disabled) { synapse_grad_disabled = disabled; }

/// Whether the calling thread is running a backward pass (to refuse a reentrant one with a clear message).
extern _Thread_local bool synapse_in_backward;

static inline bool synapse_is_in_backward(void) { return synapse_in_backward; }
static inline void synapse_set_in_backward(bool running) { synapse_in_backward = running; }

/// The calling thread's count of backward nodes created, which numbers them (PyTorch's thread-local
/// `sequence_nr`): the engine runs later nodes first. Thread-local, so numbering a node is not an atomic operation.
extern _Thread_local int64_t synapse_sequence_number;

static inline int64_t synapse_next_sequence_number(void) { return synapse_sequence_number++; }

/// The data-loader worker (an unretained `WorkerInfo`) the calling thread reads batches for, or NULL. Set around
/// every batch a loader reads, so it is a C thread-local rather than a pthread key (a library call each way).
extern _Thread_local const void *synapse_current_worker;

static inline const void *synapse_get_current_worker(void) { return synapse_current_worker; }
static inline void synapse_set_current_worker(const void *worker) { synapse_current_worker = worker; }

#endif
