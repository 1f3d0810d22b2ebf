// Layer normalisation of contiguous rows (see include/synapse_normalization.h), compiled per instruction set as
// vector_math.c does. The moments are summed in 16 double lanes (then a fixed pairwise tree), so the result is the
// same on every path except where AVX2/AVX-512 fuse `d * d + acc` and the output's `· weight + bias`.
#include <math.h>

#include "synapse_normalization.h"
#include "synapse_vector_math.h"

#define LN_KERNEL(SUF, ATTR)                                                                                   \
    ATTR static void ln_row_##SUF(const float *x, float *y, size_t n, const float *w, const float *b,          \
                                  double eps, float *mean_out, float *rstd_out) {                              \
        double lanes[16] = {0};                                                                                \
        size_t i = 0;                                                                                          \
        for (; i + 16 <= n; i += 16)                                                                           \
            for (size_t l = 0; l < 16; l++) lanes[l] += (double)x[i + l];                                      \
        for (size_t half = 8; half > 0; half /= 2)                                                             \
            for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];                                     \
        double sum = lanes[0];                                                                                 \
        for (; i < n; i++) sum += (double)x[i];                                                                \
        double mean = sum / (double)n;                                                                         \
        for (size_t l = 0; l < 16; l++) lanes[l] = 0;                                                          \
        for (i = 0; i + 16 <= n; i += 16)                                                                      \
            for (size_t l = 0; l < 16; l++) {                                                                  \
                double d = (double)x[i + l] - mean;                                                            \
                lanes[l] += d * d;                                                                             \
            }                                                                                                  \
        for (size_t half = 8; half > 0; half /= 2)                                                             \
            for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];                                     \
        double squares = lanes[0];                                                                             \
        for (; i < n; i++) {                                                                                   \
            double d = (double)x[i] - mean;                                                                    \
            squares += d * d;                                                                                  \
        }                                                                                                      \
        double scale = 1.0 / sqrt(squares / (double)n + eps);                                                  \
        float shift = (float)mean, factor = (float)scale;                                                      \
        *mean_out = shift;                                                                                     \
        *rstd_out = factor;                                                                                    \
        if (w && b)                                                                                            \
            for (size_t j = 0; j < n; j++) y[j] = (x[j] - shift) * factor * w[j] + b[j];                       \
        else if (w)                                                                                            \
            for (size_t j = 0; j < n; j++) y[j] = (x[j] - shift) * factor * w[j];                              \
        else if (b)                                                                                            \
            for (size_t j = 0; j < n; j++) y[j] = (x[j] - shift) * factor + b[j];                              \
        else                                                                                                   \
            for (size_t j = 0; j < n; j++) y[j] = (x[j] - shift) * factor;                                     \
    }

LN_KERNEL(baseline, )

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
LN_KERNEL(avx2, __attribute__((target("avx2,fma"))))
LN_KERNEL(avx512, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))))
#define LN_HAS_DISPATCH 1
#endif

int synapse_layer_norm_rows_f32(const float *x, float *y, size_t width, size_t begin, size_t end,
                                const float *weight, const float *bias, double eps, float *mean, float *rstd,
                                int isa) {
    int available = synapse_vmath_isa();
    if (isa < 0) isa = available;
    if (isa > available) return -1;
    for (size_t row = begin; row < end; row++) {
        const float *xs = x + row * width;
        float *ys = y + row * width;
#ifdef LN_HAS_DISPATCH
        if (isa == SYNAPSE_VM_ISA_AVX512) {
            ln_row_avx512(xs, ys, width, weight, bias, eps, mean + row, rstd + row);
            continue;
        }
        if (isa == SYNAPSE_VM_ISA_AVX2) {
            ln_row_avx2(xs, ys, width, weight, bias, eps, mean + row, rstd + row);
            continue;
        }
#endif
        ln_row_baseline(xs, ys, width, weight, bias, eps, mean + row, rstd + row);
    }
    return 0;
}
