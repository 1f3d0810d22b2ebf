// Sums of a float row in 16 double lanes folded by a fixed pairwise tree, shared by the kernels whose moments must
// not depend on the instruction set (private to CSynapseKernels). Instantiate with the kernel file's suffix and
// target attribute: `SYNAPSE_DOUBLE_LANES(avx2, SYNAPSE_TARGET_AVX2)` defines `dl_sum_avx2` and `dl_m2_avx2`.
#ifndef SYNAPSE_DOUBLE_LANES_H
/// Eight doubles, and the eight floats they are converted from (GCC/clang vector extensions: one zmm register
/// with AVX-512, two ymm with AVX2, four xmm on the baseline). Written as plain `double lanes[16]` loops, clang's
/// SLP vectoriser turned each pass into 8 two-double xmm operations per 16 floats.
typedef double dl_double8 __attribute__((vector_size(64)));
typedef float dl_float8 __attribute__((vector_size(32)));

/// `lanes[0]` after the fixed pairwise tree `lanes[l] += lanes[l + half]` for half = 8, 4, 2, 1.
static inline __attribute__((always_inline)) double dl_fold16(double *lanes) {
    for (size_t half = 8; half > 0; half /= 2)
        for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];
    return lanes[0];
}

/// Eight floats from `x`, widened to double (a macro, not a function: a vector argument or result would depend on
/// the caller's target attributes).
#define DL_LOAD(x) __extension__({                                                                             \
    dl_float8 dl_f_;                                                                                           \
    __builtin_memcpy(&dl_f_, (x), sizeof dl_f_);                                                               \
    __builtin_convertvector(dl_f_, dl_double8);                                                                \
})

#define SYNAPSE_DOUBLE_LANES(SUF, ATTR)                                                                        \
    /* Sum of n floats: lane l of 16 adds x[l], x[l + 16], …; then the tree. */                                \
    ATTR __attribute__((unused)) static double dl_sum_##SUF(const float *x, size_t n) {                        \
        dl_double8 low = {0}, high = {0};                                                                      \
        size_t i = 0;                                                                                          \
        for (; i + 16 <= n; i += 16) {                                                                         \
            low += DL_LOAD(x + i);                                                                       \
            high += DL_LOAD(x + i + 8);                                                                  \
        }                                                                                                      \
        double lanes[16];                                                                                      \
        __builtin_memcpy(lanes, &low, sizeof low);                                                             \
        __builtin_memcpy(lanes + 8, &high, sizeof high);                                                       \
        double total = dl_fold16(lanes);                                                                       \
        for (; i < n; i++) total += (double)x[i];                                                              \
        return total;                                                                                          \
    }                                                                                                          \
    /* Sum of (x - mean)^2 over n floats, in the same lanes (`acc + d * d`, fused where FMA exists). */        \
    ATTR __attribute__((unused)) static double dl_m2_##SUF(const float *x, size_t n, double mean) {            \
        dl_double8 low = {0}, high = {0};                                                                      \
        size_t i = 0;                                                                                          \
        for (; i + 16 <= n; i += 16) {                                                                         \
            dl_double8 a = DL_LOAD(x + i) - mean, b = DL_LOAD(x + i + 8) - mean;                   \
            low = low + a * a;                                                                                 \
            high = high + b * b;                                                                               \
        }                                                                                                      \
        double lanes[16];                                                                                      \
        __builtin_memcpy(lanes, &low, sizeof low);                                                             \
        __builtin_memcpy(lanes + 8, &high, sizeof high);                                                       \
        double total = dl_fold16(lanes);                                                                       \
        for (; i < n; i++) {                                                                                   \
            double d = (double)x[i] - mean;                                                                    \
            total += d * d;                                                                                    \
        }                                                                                                      \
        return total;                                                                                          \
    }

#endif
