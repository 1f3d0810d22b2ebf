#include "synapse_thread_flags.h"

_Thread_local bool synapse_grad_disabled = false;
_Thread_local bool synapse_in_backward = false;
_Thread_local int64_t synapse_sequence_number = 0;
_Thread_local const void *synapse_current_worker = 0;
