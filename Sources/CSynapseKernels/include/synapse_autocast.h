#ifndef SYNAPSE_AUTOCAST_H
#define SYNAPSE_AUTOCAST_H
#include <stdint.h>

/// The calling thread's autocast setting (`torch.autocast("cpu", dtype=…)`): 0 off, otherwise the low-precision
/// dtype's code as Synapse's `Autocast` numbers them. Every matrix product reads it, so it is a C thread-local
/// read inline, like the grad-mode flag.
extern _Thread_local int32_t synapse_autocast_code;

/// The calling thread's autocast code.
static inline int32_t synapse_get_autocast_code(void) { return synapse_autocast_code; }
/// Sets the calling thread's autocast code.
static inline void synapse_set_autocast_code(int32_t code) { synapse_autocast_code = code; }

#endif
