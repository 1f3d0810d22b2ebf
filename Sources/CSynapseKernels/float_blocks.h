// Sums of a float row in 64 float lanes per block of 1,024 elements, the blocks added in double: the row sums of
// reduce.c and the moments of layer_norm.c (private to CSynapseKernels). A float lane adds 16 values per block,
// so the error stays near float rounding whatever the row's length, at a quarter of the work of double lanes
// (no conversions, 16 floats per AVX-512 operation). Instantiate with the kernel file's suffix and target
// attribute: `SYNAPSE_FLOAT_BLOCKS(avx2, SYNAPSE_TARGET_AVX2)` defines `fb_sum_avx2` and `fb_m2_avx2`.
#ifndef SYNAPSE_FLOAT_BLOCKS_H
#define SYNAPSE_FLOAT_BLOCKS_H
#include <stddef.h>

#define FB_BLOCK 1024  // floats per float32 partial sum (then added in double)
#define FB_LANES 64    // four accumulators of 16 floats: enough independent adds to hide their latency

/// One pass of `FB_LANES` lanes over a block: `lanes[l] += TERM(x[i + l])`, the tree, the tail; `block` is the
/// block's sum.
#define FB_BLOCK_SUM(x, start, end, TERM, block)                                                               \
    do {                                                                                                       \
        float fb_lanes_[FB_LANES] = {0};                                                                       \
        size_t fb_i_ = (start);                                                                                \
        for (; fb_i_ + FB_LANES <= (end); fb_i_ += FB_LANES)                                                   \
            for (size_t l = 0; l < FB_LANES; l++) fb_lanes_[l] += TERM((x)[fb_i_ + l]);                        \
        for (size_t half = FB_LANES / 2; half > 0; half /= 2)                                                  \
            for (size_t l = 0; l < half; l++) fb_lanes_[l] += fb_lanes_[l + half];                             \
        (block) = fb_lanes_[0];                                                                                \
        for (; fb_i_ < (end); fb_i_++) (block) += TERM((x)[fb_i_]);                                            \
    } while (0)

#define FB_IDENTITY(v) (v)

/// Defines `NAME_SUF(x, n, mean)`: the sum of `TERM(x[i])` over n floats (`TERM` may use `mean`), float lanes per
/// block of FB_BLOCK, blocks in double.
#define FB_FUNCTION(SUF, ATTR, NAME, TERM) FB_FUNCTION_OF(SUF, ATTR, NAME, float, TERM)

/// FB_FUNCTION over n elements of `TYPE` (`TERM` turns one into a float: bfloat16 sums widen each element).
#define FB_FUNCTION_OF(SUF, ATTR, NAME, TYPE, TERM)                                                            \
    ATTR __attribute__((unused)) static double NAME##_##SUF(const TYPE *x, size_t n, float mean) {             \
        (void)mean;                                                                                            \
        double total = 0;                                                                                      \
        for (size_t start = 0; start < n; start += FB_BLOCK) {                                                 \
            size_t end = n - start < FB_BLOCK ? n : start + FB_BLOCK;                                          \
            double block;                                                                                      \
            FB_BLOCK_SUM(x, start, end, TERM, block);                                                          \
            total += block;                                                                                    \
        }                                                                                                      \
        return total;                                                                                          \
    }

/// `fb_sum_SUF(x, n, 0)`: the sum of n floats; `fb_m2_SUF(x, n, mean)`: the sum of their squared deviations from
/// `mean` (`acc + d * d`, fused where FMA exists).
#define SYNAPSE_FLOAT_BLOCKS(SUF, ATTR)                                                                        \
    FB_FUNCTION(SUF, ATTR, fb_sum, FB_IDENTITY)                                                                \
    FB_FUNCTION(SUF, ATTR, fb_m2, FB_SQUARED_DEVIATION)

/// `(v - mean)^2`, with `mean` the parameter of the function FB_FUNCTION defines.
#define FB_SQUARED_DEVIATION(v) (((v) - mean) * ((v) - mean))

#endif
