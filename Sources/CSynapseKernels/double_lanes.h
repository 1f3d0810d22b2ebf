// Sums of a float row in 16 double lanes folded by a fixed pairwise tree, shared by the kernels whose moments must
// not depend on the instruction set (private to CSynapseKernels). Instantiate with the kernel file's suffix and
// target attribute: `SYNAPSE_DOUBLE_LANES(avx2, SYNAPSE_TARGET_AVX2)` defines `dl_sum_avx2` and `dl_m2_avx2`.
#ifndef SYNAPSE_DOUBLE_LANES_H
#define SYNAPSE_DOUBLE_LANES_H
#include <stddef.h>

#define SYNAPSE_DOUBLE_LANES(SUF, ATTR)                                                                        \
    /* Sum of n floats. */                                                                                     \
    ATTR __attribute__((unused)) static double dl_sum_##SUF(const float *x, size_t n) {                                                \
        double lanes[16] = {0};                                                                                \
        size_t i = 0;                                                                                          \
        for (; i + 16 <= n; i += 16)                                                                           \
            for (size_t l = 0; l < 16; l++) lanes[l] += (double)x[i + l];                                      \
        for (size_t half = 8; half > 0; half /= 2)                                                             \
            for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];                                     \
        double total = lanes[0];                                                                               \
        for (; i < n; i++) total += (double)x[i];                                                              \
        return total;                                                                                          \
    }                                                                                                          \
    /* Sum of (x - mean)^2 over n floats. */                                                                   \
    ATTR __attribute__((unused)) static double dl_m2_##SUF(const float *x, size_t n, double mean) {                                    \
        double lanes[16] = {0};                                                                                \
        size_t i = 0;                                                                                          \
        for (; i + 16 <= n; i += 16)                                                                           \
            for (size_t l = 0; l < 16; l++) {                                                                  \
                double d = (double)x[i + l] - mean;                                                            \
                lanes[l] += d * d;                                                                             \
            }                                                                                                  \
        for (size_t half = 8; half > 0; half /= 2)                                                             \
            for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];                                     \
        double total = lanes[0];                                                                               \
        for (; i < n; i++) {                                                                                   \
            double d = (double)x[i] - mean;                                                                    \
            total += d * d;                                                                                    \
        }                                                                                                      \
        return total;                                                                                          \
    }

#endif
