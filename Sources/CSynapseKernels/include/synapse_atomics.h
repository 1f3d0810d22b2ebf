#ifndef SYNAPSE_ATOMICS_H
#define SYNAPSE_ATOMICS_H
#include <stdint.h>

/// A storage's version counter read and bumped atomically (PyTorch's `VariableVersion` holds a `std::atomic`):
/// threads may write in place to tensors sharing a storage while autograd checks the counter. Relaxed order, as
/// PyTorch's: the counter orders nothing else. On x86-64 a relaxed load is a plain load.
static inline intptr_t synapse_atomic_load_relaxed(const intptr_t *value) {
    return __atomic_load_n(value, __ATOMIC_RELAXED);
}

static inline void synapse_atomic_increment_relaxed(intptr_t *value) {
    __atomic_fetch_add(value, 1, __ATOMIC_RELAXED);
}

/// A setting read on hot paths and changed rarely (the number of worker threads): relaxed, as it orders nothing.
static inline void synapse_atomic_store_relaxed(intptr_t *value, intptr_t newValue) {
    __atomic_store_n(value, newValue, __ATOMIC_RELAXED);
}

#endif
