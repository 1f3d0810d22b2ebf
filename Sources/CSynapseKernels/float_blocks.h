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

#define SYNAPSE_FLOAT_BLOCKS(SUF, ATTR)                                                                        \
    /* Sum of n floats: float lanes per block of FB_BLOCK, blocks in double. */                                \
    ATTR __attribute__((unused)) static double fb_sum_##SUF(const float *x, size_t n) {                        \
        double total = 0;                                                                                      \
        for (size_t start = 0; start < n; start += FB_BLOCK) {                                                 \
            size_t end = n - start < FB_BLOCK ? n : start + FB_BLOCK;                                          \
            double block;                                                                                      \
            FB_BLOCK_SUM(x, start, end, FB_IDENTITY, block);                                                   \
            total += block;                                                                                    \
        }                                                                                                      \
        return total;                                                                                          \
    }                                                                                                          \
    /* Sum of (x - mean)^2 over n floats, in the same blocks (`acc + d * d`, fused where FMA exists). */       \
    ATTR __attribute__((unused)) static double fb_m2_##SUF(const float *x, size_t n, float mean) {             \
        double total = 0;                                                                                      \
        for (size_t start = 0; start < n; start += FB_BLOCK) {                                                 \
            size_t end = n - start < FB_BLOCK ? n : start + FB_BLOCK;                                          \
            double block;                                                                                      \
            FB_BLOCK_SUM(x, start, end, FB_SQUARED_DEVIATION, block);                                          \
            total += block;                                                                                    \
        }                                                                                                      \
        return total;                                                                                          \
    }

/// `(v - mean)^2`, with `mean` the variable of fb_m2.
#define FB_SQUARED_DEVIATION(v) (((v) - mean) * ((v) - mean))

#endif
