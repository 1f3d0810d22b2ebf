// Sums of bfloat16 rows straight from the 16-bit values (see include/synapse_reduce.h): each element is widened
// in a register (its bits shifted into the top of a float, exact) and added in the float lanes of
// float_blocks.h, the blocks in double. The order of the additions is fb_sum's, so a bfloat16 tensor sums to
// exactly what its float32 copy sums to (PyTorch accumulates reduced floating types in float32 too), without
// writing that copy: half the memory traffic of the float32 sum, a third of widening into a buffer first.
#include "synapse_reduce.h"

#include <stdint.h>

#include "float_blocks.h"
#include "isa_dispatch.h"

// The float whose top 16 bits are `v` (a bfloat16 is a float32 with the low mantissa bits dropped).
static inline __attribute__((always_inline)) float rb_widen(uint16_t v) {
    uint32_t bits = (uint32_t)v << 16;
    float value;
    __builtin_memcpy(&value, &bits, sizeof value);
    return value;
}

#define RB_KERNELS(SUF, ATTR) FB_FUNCTION_OF(SUF, ATTR, rb_sum, uint16_t, rb_widen)

SYNAPSE_ISA_INSTANTIATE(RB_KERNELS)

int synapse_sum_rows_bf16(const uint16_t *x, size_t n, size_t length, size_t begin, size_t end, double *values,
                          int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0) return -1;
    for (size_t i = begin; i < end; i++) {
        size_t start = i * length, count = n - start < length ? n - start : length;
        values[i] = SYNAPSE_ISA_PICK_LEVEL(rb_sum, isa)(x + start, count, 0);
    }
    return 0;
}
