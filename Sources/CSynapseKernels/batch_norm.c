// Per-channel sums of batch normalisation (see synapse_batch_norm.h), one pass over the channel's runs each.
#include "synapse_batch_norm.h"
#include "isa_dispatch.h"

#define BN_LANES 16

#define BN_KERNELS(T, TS, SUF, ATTR)                                                                            \
    ATTR static void bn_moments_##TS##_##SUF(const T *x, size_t rows, size_t row_stride, size_t length, T shift, \
                                             double *sum, double *squares) {                                     \
        double total = 0, total_squares = 0;                                                                    \
        for (size_t r = 0; r < rows; r++) {                                                                     \
            const T *row = x + r * row_stride;                                                                  \
            T s[BN_LANES] = {0}, q[BN_LANES] = {0};                                                             \
            size_t i = 0;                                                                                       \
            for (; i + BN_LANES <= length; i += BN_LANES)                                                       \
                for (size_t l = 0; l < BN_LANES; l++) {                                                         \
                    T d = row[i + l] - shift;                                                                   \
                    s[l] += d;                                                                                  \
                    q[l] += d * d;                                                                              \
                }                                                                                               \
            for (size_t half = BN_LANES / 2; half > 0; half /= 2)                                               \
                for (size_t l = 0; l < half; l++) { s[l] += s[l + half]; q[l] += q[l + half]; }                 \
            double rs = s[0], rq = q[0];                                                                        \
            for (; i < length; i++) {                                                                           \
                double d = (double)row[i] - (double)shift;                                                      \
                rs += d;                                                                                        \
                rq += d * d;                                                                                    \
            }                                                                                                   \
            total += rs;                                                                                        \
            total_squares += rq;                                                                                \
        }                                                                                                       \
        *sum = total;                                                                                           \
        *squares = total_squares;                                                                               \
    }                                                                                                           \
    ATTR static void bn_gradient_sums_##TS##_##SUF(const T *dy, const T *x, size_t rows, size_t row_stride,      \
                                                   size_t length, T mean, double *sum, double *dot) {             \
        double total = 0, total_dot = 0;                                                                        \
        for (size_t r = 0; r < rows; r++) {                                                                     \
            const T *g = dy + r * row_stride, *row = x + r * row_stride;                                        \
            T s[BN_LANES] = {0}, p[BN_LANES] = {0};                                                             \
            size_t i = 0;                                                                                       \
            for (; i + BN_LANES <= length; i += BN_LANES)                                                       \
                for (size_t l = 0; l < BN_LANES; l++) {                                                         \
                    s[l] += g[i + l];                                                                           \
                    p[l] += g[i + l] * (row[i + l] - mean);                                                     \
                }                                                                                               \
            for (size_t half = BN_LANES / 2; half > 0; half /= 2)                                               \
                for (size_t l = 0; l < half; l++) { s[l] += s[l + half]; p[l] += p[l + half]; }                 \
            double rs = s[0], rp = p[0];                                                                        \
            for (; i < length; i++) {                                                                           \
                rs += g[i];                                                                                     \
                rp += (double)g[i] * ((double)row[i] - (double)mean);                                           \
            }                                                                                                   \
            total += rs;                                                                                        \
            total_dot += rp;                                                                                    \
        }                                                                                                       \
        *sum = total;                                                                                           \
        *dot = total_dot;                                                                                       \
    }

#define BN_ALL(SUF, ATTR) BN_KERNELS(float, f32, SUF, ATTR) BN_KERNELS(double, f64, SUF, ATTR)

SYNAPSE_ISA_INSTANTIATE(BN_ALL)

#define BN_DISPATCH(NAME, TS, ...) SYNAPSE_ISA_PICK(NAME##_##TS)(__VA_ARGS__);

void synapse_bn_moments_f32(const float *x, size_t rows, size_t row_stride, size_t length, float shift,
                            double *sum, double *squares) {
    BN_DISPATCH(bn_moments, f32, x, rows, row_stride, length, shift, sum, squares)
}

void synapse_bn_moments_f64(const double *x, size_t rows, size_t row_stride, size_t length, double shift,
                            double *sum, double *squares) {
    BN_DISPATCH(bn_moments, f64, x, rows, row_stride, length, shift, sum, squares)
}

void synapse_bn_gradient_sums_f32(const float *dy, const float *x, size_t rows, size_t row_stride, size_t length,
                                  float mean, double *sum, double *dot) {
    BN_DISPATCH(bn_gradient_sums, f32, dy, x, rows, row_stride, length, mean, sum, dot)
}

void synapse_bn_gradient_sums_f64(const double *dy, const double *x, size_t rows, size_t row_stride, size_t length,
                                  double mean, double *sum, double *dot) {
    BN_DISPATCH(bn_gradient_sums, f64, dy, x, rows, row_stride, length, mean, sum, dot)
}
