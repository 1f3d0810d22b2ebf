#ifndef SYNAPSE_THREAD_FLAGS_H
#define SYNAPSE_THREAD_FLAGS_H
#include <stdbool.h>

/// Whether autograd recording is off on the calling thread (`torch.is_grad_enabled()` negated). Every recorded
/// operation reads it, so it is a C thread-local read inline (a pthread key costs a library call per read).
extern _Thread_local bool synapse_grad_disabled;

static inline bool synapse_is_grad_disabled(void) { return synapse_grad_disabled; }
static inline void synapse_set_grad_disabled(bool disabled) { synapse_grad_disabled = disabled; }

/// Whether the calling thread is running a backward pass (to refuse a reentrant one with a clear message).
extern _Thread_local bool synapse_in_backward;

static inline bool synapse_is_in_backward(void) { return synapse_in_backward; }
static inline void synapse_set_in_backward(bool running) { synapse_in_backward = running; }

#endif
