#ifndef CSYNAPSE_KERNELS_H
#define CSYNAPSE_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/// Version marker so the target is never empty; kernels are declared in their own headers below.
int csynapse_kernels_version(void);

#include "synapse_random.h"
#include "synapse_vector_math.h"
#include "synapse_streaming.h"
#include "synapse_checksum.h"
#include "synapse_optimizer.h"
#include "synapse_thread_flags.h"
#include "synapse_gemm.h"
#include "synapse_atomics.h"
#include "synapse_guarded_read.h"
#include "synapse_file_lease.h"
#include "synapse_half.h"
#include "synapse_bf16_gemm.h"
#include "synapse_bf16_attention.h"
#include "synapse_autocast.h"
#include "synapse_reduce.h"
#include "synapse_normalization.h"
#include "synapse_cpu_count.h"
#include "synapse_conv.h"
#include "synapse_batch_norm.h"
#include "synapse_relu.h"
#include "synapse_thread_pool.h"

#endif
