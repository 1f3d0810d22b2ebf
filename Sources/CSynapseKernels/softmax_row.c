// The row softmax of attention, between its two products: lane-wise maxima and sums over 16-lane arrays (the
// compiler vectorises them without reassociating anything), the exponentials by the vector exp.
#include <math.h>
#include "synapse_gemm.h"
#include "synapse_normalization.h"
#include "synapse_vector_math.h"
#include "isa_dispatch.h"
#include "float_lanes.h"

#define SR_LANES 16

#define SR_KERNEL(SUF, ATTR)                                                                                   \
    /* The largest of n floats as `v > m ? v : m` in 32 lanes (one vmaxps per 16 floats), or NaN. A NaN is */  \
    /* dropped once a lane holds a number and kept when it starts a lane, so the result is NaN only */         \
    /* sometimes: the callers don't rely on it, e^(x - m) of the NaN makes the row's sum NaN. */               \
    ATTR static float sr_max_##SUF(const float *x, size_t n) {                                                 \
        float m = -INFINITY;                                                                                   \
        size_t i = 0;                                                                                          \
        if (n >= SR_LANES) {                                                                                   \
            float lanes[2 * SR_LANES];                                                                         \
            for (size_t l = 0; l < SR_LANES; l++) lanes[l] = lanes[l + SR_LANES] = x[l];                       \
            for (i = SR_LANES; i + 2 * SR_LANES <= n; i += 2 * SR_LANES)                                       \
                for (size_t l = 0; l < 2 * SR_LANES; l++) lanes[l] = x[i + l] > lanes[l] ? x[i + l] : lanes[l]; \
            for (size_t l = 0; l < SR_LANES; l++)                                                              \
                lanes[l] = lanes[l + SR_LANES] > lanes[l] ? lanes[l + SR_LANES] : lanes[l];                    \
            if (i + SR_LANES <= n) {                                                                           \
                for (size_t l = 0; l < SR_LANES; l++) lanes[l] = x[i + l] > lanes[l] ? x[i + l] : lanes[l];    \
                i += SR_LANES;                                                                                 \
            }                                                                                                  \
            for (size_t half = SR_LANES / 2; half > 0; half /= 2)                                              \
                for (size_t l = 0; l < half; l++) lanes[l] = lanes[l + half] > lanes[l] ? lanes[l + half] : lanes[l]; \
            m = lanes[0];                                                                                      \
        }                                                                                                      \
        for (; i < n; i++) m = x[i] > m ? x[i] : m;                                                            \
        return m;                                                                                              \
    }                                                                                                          \
    ATTR static void sr_shift_##SUF(float *x, size_t n, float m) {                                             \
        for (size_t i = 0; i < n; i++) x[i] -= m;                                                              \
    }                                                                                                          \
    ATTR static void sr_log_finish_##SUF(const float *x, float *y, size_t n, float m, float log_sum) {         \
        for (size_t i = 0; i < n; i++) y[i] = x[i] - m - log_sum;                                              \
    }                                                                                                          \
    ATTR static float sr_sum_##SUF(const float *x, size_t n) {                                                 \
        float s;                                                                                               \
        FL_SUM16(x, n, s);                                                                                     \
        return s;                                                                                              \
    }                                                                                                          \
    ATTR static void sr_scale_##SUF(float *x, size_t n, float factor) {                                        \
        for (size_t i = 0; i < n; i++) x[i] *= factor;                                                         \
    }                                                                                                          \
    /* Rows [begin, end) of width n: softmax or log-softmax (see synapse_softmax_rows_f32). */                 \
    ATTR static void sr_rows_##SUF(const float *x, float *y, size_t n, size_t begin, size_t end, int log) {    \
        for (size_t row = begin; row < end; row++) {                                                           \
            const float *in = x + row * n;                                                                     \
            float *out = y + row * n;                                                                          \
            float m = sr_max_##SUF(in, n);                                                                     \
            if (m != m || m == -INFINITY) {                                                                    \
                /* A NaN propagates; a row of -inf gives (-inf) - (-inf) = NaN everywhere. */                 \
                for (size_t i = 0; i < n; i++) out[i] = NAN;                                                   \
                continue;                                                                                      \
            }                                                                                                  \
            /* A NaN the maximum dropped makes the sum NaN, hence the whole row, as in PyTorch. */             \
            float sum = synapse_vexp_shift_sum_f32(in, out, n, m);                                             \
            if (log)                                                                                           \
                sr_log_finish_##SUF(in, out, n, m, logf(sum));                                                 \
            else                                                                                               \
                sr_scale_##SUF(out, n, 1.0f / sum);                                                            \
        }                                                                                                      \
    }

SYNAPSE_ISA_INSTANTIATE(SR_KERNEL)

void synapse_softmax_row_f32(float *row, size_t n) {
    if (n == 0) return;
    float m = SYNAPSE_ISA_PICK(sr_max)(row, n);
    int nan = m != m;
    if (m == -INFINITY)  // a fully masked row gives zeros, unless a NaN the maximum dropped is there
        for (size_t i = 0; i < n && !nan; i++) nan = row[i] != row[i];
    if (nan) {
        for (size_t i = 0; i < n; i++) row[i] = NAN;
        return;
    }
    if (m == -INFINITY) {
        for (size_t i = 0; i < n; i++) row[i] = 0;
        return;
    }
    SYNAPSE_ISA_PICK(sr_shift)(row, n, m);
    synapse_vexp_f32(row, row, n);
    float sum = SYNAPSE_ISA_PICK(sr_sum)(row, n);
    SYNAPSE_ISA_PICK(sr_scale)(row, n, 1.0f / sum);
}

int synapse_softmax_rows_f32(const float *x, float *y, size_t width, size_t begin, size_t end, int log, int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0) return -1;
    if (width > 0) SYNAPSE_ISA_PICK_LEVEL(sr_rows, isa)(x, y, width, begin, end, log);
    return 0;
}
