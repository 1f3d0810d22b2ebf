// The row softmax of attention, between its two products: lane-wise maxima and sums over 16-lane arrays (the
// compiler vectorises them without reassociating anything), the exponentials by the vector exp.
#include <math.h>
#include "synapse_gemm.h"
#include "synapse_normalization.h"
#include "synapse_vector_math.h"

#define SR_LANES 16

#define SR_KERNEL(SUF, ATTR)                                                                                   \
    /* The maximum with NaN kept lane by lane (a NaN lane never compares greater, so it stays NaN): testing for */ \
    /* NaN into one scalar flag made the compiler fold 16 comparisons into it on every iteration. */           \
    ATTR static float sr_max_##SUF(const float *x, size_t n, int *nan) {                                       \
        float lanes[SR_LANES];                                                                                 \
        for (size_t l = 0; l < SR_LANES; l++) lanes[l] = -INFINITY;                                            \
        size_t i = 0;                                                                                          \
        for (; i + SR_LANES <= n; i += SR_LANES)                                                               \
            for (size_t l = 0; l < SR_LANES; l++) {                                                            \
                float v = x[i + l];                                                                            \
                lanes[l] = (v > lanes[l] || v != v) ? v : lanes[l];                                            \
            }                                                                                                  \
        float m = -INFINITY;                                                                                   \
        for (size_t l = 0; l < SR_LANES; l++) m = (lanes[l] > m || lanes[l] != lanes[l]) ? lanes[l] : m;       \
        for (; i < n; i++) m = (x[i] > m || x[i] != x[i]) ? x[i] : m;                                          \
        *nan = m != m;                                                                                         \
        return m;                                                                                              \
    }                                                                                                          \
    ATTR static float sr_shift_##SUF(float *x, size_t n, float m) {                                           \
        for (size_t i = 0; i < n; i++) x[i] -= m;                                                              \
        return 0;                                                                                              \
    }                                                                                                          \
    ATTR static float sr_log_finish_##SUF(const float *x, float *y, size_t n, float m, float log_sum) {       \
        for (size_t i = 0; i < n; i++) y[i] = x[i] - m - log_sum;                                              \
        return 0;                                                                                              \
    }                                                                                                          \
    ATTR static float sr_sum_##SUF(const float *x, size_t n) {                                                \
        float lanes[SR_LANES] = {0};                                                                           \
        size_t i = 0;                                                                                          \
        for (; i + SR_LANES <= n; i += SR_LANES)                                                               \
            for (size_t l = 0; l < SR_LANES; l++) lanes[l] += x[i + l];                                        \
        for (size_t half = SR_LANES / 2; half > 0; half /= 2)                                                  \
            for (size_t l = 0; l < half; l++) lanes[l] += lanes[l + half];                                     \
        float s = lanes[0];                                                                                    \
        for (; i < n; i++) s += x[i];                                                                          \
        return s;                                                                                              \
    }                                                                                                          \
    ATTR static void sr_scale_##SUF(float *x, size_t n, float factor) {                                       \
        for (size_t i = 0; i < n; i++) x[i] *= factor;                                                         \
    }

SR_KERNEL(baseline, )

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
SR_KERNEL(avx2, __attribute__((target("avx2,fma"))))
SR_KERNEL(avx512, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))))
#define SR_CALL(name, ...)                                                                                     \
    (isa == SYNAPSE_VM_ISA_AVX512 ? name##_avx512(__VA_ARGS__)                                                 \
     : isa == SYNAPSE_VM_ISA_AVX2 ? name##_avx2(__VA_ARGS__) : name##_baseline(__VA_ARGS__))
#else
#define SR_CALL(name, ...) name##_baseline(__VA_ARGS__)
#endif

void synapse_softmax_row_f32(float *row, size_t n) {
    if (n == 0) return;
    int isa = synapse_vmath_isa();
    (void)isa;
    int nan = 0;
    float m = SR_CALL(sr_max, row, n, &nan);
    if (nan) {
        for (size_t i = 0; i < n; i++) row[i] = NAN;
        return;
    }
    if (m == -INFINITY) {
        for (size_t i = 0; i < n; i++) row[i] = 0;
        return;
    }
    (void)SR_CALL(sr_shift, row, n, m);
    synapse_vexp_f32(row, row, n);
    float sum = SR_CALL(sr_sum, row, n);
    SR_CALL(sr_scale, row, n, 1.0f / sum);
}

void synapse_softmax_lastdim_f32(const float *x, float *y, size_t n, int log) {
    if (n == 0) return;
    int isa = synapse_vmath_isa();
    (void)isa;
    int nan = 0;
    float m = SR_CALL(sr_max, x, n, &nan);
    if (nan || m == -INFINITY) {
        // A NaN propagates through the maximum; a line of -inf gives (-inf) - (-inf) = NaN everywhere.
        for (size_t i = 0; i < n; i++) y[i] = NAN;
        return;
    }
    float sum = synapse_vexp_shift_sum_f32(x, y, n, m);
    if (log) {
        (void)SR_CALL(sr_log_finish, x, y, n, m, logf(sum));
    } else {
        SR_CALL(sr_scale, y, n, 1.0f / sum);
    }
}
