#include "synapse_autocast.h"

_Thread_local int32_t synapse_autocast_code = 0;
