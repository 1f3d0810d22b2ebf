// Direct 2-D convolution loops (stride 1) over flat padded planes; see synapse_conv.h. Blocks of CV_ROWS output
// planes × SYNAPSE_CONV_BLOCK positions stay in registers while every (input plane, tap) pair streams through:
// one load of the input run and CV_ROWS broadcast weights feed CV_ROWS multiply-adds, so the loops are bound by
// arithmetic, not by reloading the output as an im2col product with a few rows is. Fixed-size inner loops let
// the compiler vectorise them for each instruction set below without reassociating anything.
#include "synapse_conv.h"
#include "isa_dispatch.h"

#define CV_LANES SYNAPSE_CONV_BLOCK
#define CV_ROWS 4
#define CV_WIDE (2 * CV_LANES)

#define CV_KERNELS(T, TS, SUF, ATTR)                                                                            \
    /* CV_ROWS output planes p0..p0+3, positions j..j+16·VECTORS-1: CV_ROWS·VECTORS independent accumulators, */ \
    /* enough to keep both multiply-add pipes busy. */                                                          \
    ATTR static inline __attribute__((always_inline)) void cv_correlate_block_##TS##_##SUF(size_t outputs, size_t p0, size_t inputs, size_t taps, \
                                                            const T *weights, const ptrdiff_t *shifts, const T *in, \
                                                            size_t in_stride, T *out, size_t out_stride, size_t j,  \
                                                            const size_t vectors) {                                \
        T acc[CV_ROWS][CV_WIDE];                                                                                \
        const size_t width = vectors * CV_LANES;                                                                \
        for (size_t r = 0; r < CV_ROWS; r++)                                                                    \
            for (size_t l = 0; l < width; l++) acc[r][l] = out[(p0 + r) * out_stride + j + l];                 \
        for (size_t q = 0; q < inputs; q++) {                                                                   \
            const T *plane = in + q * in_stride + j;                                                            \
            const T *w = weights + q * taps * outputs + p0;                                                     \
            for (size_t t = 0; t < taps; t++, w += outputs) {                                                   \
                const T *x = plane + shifts[t];                                                                 \
                for (size_t r = 0; r < CV_ROWS; r++)                                                            \
                    for (size_t l = 0; l < width; l++) acc[r][l] += w[r] * x[l];                                \
            }                                                                                                   \
        }                                                                                                       \
        for (size_t r = 0; r < CV_ROWS; r++)                                                                    \
            for (size_t l = 0; l < width; l++) out[(p0 + r) * out_stride + j + l] = acc[r][l];                 \
    }                                                                                                           \
    /* One output plane p, positions j..j+15 (the planes left over after the blocks). */                        \
    ATTR static void cv_correlate_row_##TS##_##SUF(size_t outputs, size_t p, size_t inputs, size_t taps,         \
                                                   const T *weights, const ptrdiff_t *shifts, const T *in,        \
                                                   size_t in_stride, T *out, size_t out_stride, size_t j) {       \
        T acc[CV_LANES];                                                                                        \
        for (size_t l = 0; l < CV_LANES; l++) acc[l] = out[p * out_stride + j + l];                             \
        for (size_t q = 0; q < inputs; q++) {                                                                   \
            const T *plane = in + q * in_stride + j;                                                            \
            const T *w = weights + q * taps * outputs + p;                                                      \
            for (size_t t = 0; t < taps; t++, w += outputs) {                                                   \
                const T *x = plane + shifts[t];                                                                 \
                for (size_t l = 0; l < CV_LANES; l++) acc[l] += *w * x[l];                                      \
            }                                                                                                   \
        }                                                                                                       \
        for (size_t l = 0; l < CV_LANES; l++) out[p * out_stride + j + l] = acc[l];                             \
    }                                                                                                           \
    ATTR static void cv_correlate_##TS##_##SUF(size_t outputs, size_t inputs, size_t taps, const T *weights,     \
                                               const ptrdiff_t *shifts, const T *in, size_t in_stride, T *out,    \
                                               size_t out_stride, size_t length) {                                \
        for (size_t j = 0; j < length; ) {                                                                      \
            /* Two vectors of positions at a time while they last (the constant lets the loops unroll). */     \
            const size_t vectors = j + CV_WIDE <= length ? 2 : 1;                                               \
            size_t p = 0;                                                                                       \
            for (; p + CV_ROWS <= outputs; p += CV_ROWS) {                                                      \
                if (vectors == 2)                                                                               \
                    cv_correlate_block_##TS##_##SUF(outputs, p, inputs, taps, weights, shifts, in, in_stride,   \
                                                    out, out_stride, j, 2);                                     \
                else                                                                                            \
                    cv_correlate_block_##TS##_##SUF(outputs, p, inputs, taps, weights, shifts, in, in_stride,   \
                                                    out, out_stride, j, 1);                                     \
            }                                                                                                   \
            for (size_t row = p; row < outputs; row++)                                                          \
                for (size_t v = 0; v < vectors; v++)                                                            \
                    cv_correlate_row_##TS##_##SUF(outputs, row, inputs, taps, weights, shifts, in, in_stride,   \
                                                  out, out_stride, j + v * CV_LANES);                           \
            j += vectors * CV_LANES;                                                                            \
        }                                                                                                       \
    }                                                                                                           \
    /* Dot products of CV_ROWS gradient planes (or fewer: rows) with TAPS shifted input runs (TAPS·rows */       \
    /* independent accumulators), lanes kept apart until the end and folded in halves. */                      \
    ATTR static inline __attribute__((always_inline)) void cv_weight_grad_block_##TS##_##SUF(size_t rows, size_t inputs, size_t taps, size_t p0, \
                                                              size_t q, size_t t, const size_t tap_count,        \
                                                              const T *g, size_t g_stride,                        \
                                                              const ptrdiff_t *shifts, const T *in,                \
                                                              size_t in_stride, T *grad, size_t length) {          \
        T acc[CV_ROWS][2][CV_LANES] = {{{0}}};                                                                  \
        const T *x0 = in + q * in_stride + shifts[t];                                                           \
        const T *x1 = tap_count == 2 ? in + q * in_stride + shifts[t + 1] : x0;                                 \
        if (rows == CV_ROWS) {                                                                                  \
            for (size_t j = 0; j < length; j += CV_LANES)                                                       \
                for (size_t r = 0; r < CV_ROWS; r++)                                                            \
                    for (size_t l = 0; l < CV_LANES; l++) {                                                     \
                        T gv = g[(p0 + r) * g_stride + j + l];                                                  \
                        acc[r][0][l] += gv * x0[j + l];                                                         \
                        if (tap_count == 2) acc[r][1][l] += gv * x1[j + l];                                     \
                    }                                                                                           \
        } else {                                                                                                \
            for (size_t r = 0; r < rows; r++)                                                                   \
                for (size_t j = 0; j < length; j += CV_LANES)                                                   \
                    for (size_t l = 0; l < CV_LANES; l++) {                                                     \
                        T gv = g[(p0 + r) * g_stride + j + l];                                                  \
                        acc[r][0][l] += gv * x0[j + l];                                                         \
                        if (tap_count == 2) acc[r][1][l] += gv * x1[j + l];                                     \
                    }                                                                                           \
        }                                                                                                       \
        for (size_t r = 0; r < rows; r++)                                                                       \
            for (size_t k = 0; k < tap_count; k++) {                                                            \
                for (size_t half = CV_LANES / 2; half > 0; half /= 2)                                           \
                    for (size_t l = 0; l < half; l++) acc[r][k][l] += acc[r][k][l + half];                      \
                grad[((p0 + r) * inputs + q) * taps + t + k] += acc[r][k][0];                                   \
            }                                                                                                   \
    }                                                                                                           \
    ATTR static void cv_weight_grad_##TS##_##SUF(size_t outputs, size_t inputs, size_t taps, const T *g,         \
                                                 size_t g_stride, const ptrdiff_t *shifts, const T *in,           \
                                                 size_t in_stride, T *grad, size_t length) {                      \
        for (size_t p0 = 0; p0 < outputs; p0 += CV_ROWS) {                                                      \
            size_t rows = outputs - p0 < CV_ROWS ? outputs - p0 : CV_ROWS;                                      \
            for (size_t q = 0; q < inputs; q++) {                                                               \
                size_t t = 0;                                                                                   \
                for (; t + 2 <= taps; t += 2)                                                                   \
                    cv_weight_grad_block_##TS##_##SUF(rows, inputs, taps, p0, q, t, 2, g, g_stride, shifts, in, \
                                                      in_stride, grad, length);                                 \
                if (t < taps)                                                                                   \
                    cv_weight_grad_block_##TS##_##SUF(rows, inputs, taps, p0, q, t, 1, g, g_stride, shifts, in, \
                                                      in_stride, grad, length);                                 \
            }                                                                                                   \
        }                                                                                                       \
    }                                                                                                           \
    /* grad[p] += Σ_j g[p·g_stride + j]: the bias gradient. */                                                  \
    ATTR static void cv_bias_grad_##TS##_##SUF(size_t outputs, const T *g, size_t g_stride, T *grad,             \
                                               size_t length) {                                                   \
        for (size_t p = 0; p < outputs; p++) {                                                                  \
            T acc[CV_LANES] = {0};                                                                              \
            for (size_t j = 0; j < length; j += CV_LANES)                                                       \
                for (size_t l = 0; l < CV_LANES; l++) acc[l] += g[p * g_stride + j + l];                        \
            for (size_t half = CV_LANES / 2; half > 0; half /= 2)                                               \
                for (size_t l = 0; l < half; l++) acc[l] += acc[l + half];                                      \
            grad[p] += acc[0];                                                                                  \
        }                                                                                                       \
    }

#define CV_ALL(SUF, ATTR) CV_KERNELS(float, f32, SUF, ATTR) CV_KERNELS(double, f64, SUF, ATTR)

SYNAPSE_ISA_INSTANTIATE(CV_ALL)

// The level to run: the one asked for, but never above the one in use (what the machine supports, or what
// SYNAPSE_VMATH_ISA lowered it to).
static int cv_level(int isa) {
    int level = synapse_vmath_isa();
    return isa < level ? isa : level;
}

#define CV_DISPATCH(NAME, TS, ...) SYNAPSE_ISA_PICK_LEVEL(NAME##_##TS, cv_level(isa))(__VA_ARGS__);

void synapse_conv_correlate_f32(int isa, size_t outputs, size_t inputs, size_t taps, const float *weights,
                                const ptrdiff_t *shifts, const float *in, size_t in_stride, float *out,
                                size_t out_stride, size_t length) {
    CV_DISPATCH(cv_correlate, f32, outputs, inputs, taps, weights, shifts, in, in_stride, out, out_stride, length)
}

void synapse_conv_correlate_f64(int isa, size_t outputs, size_t inputs, size_t taps, const double *weights,
                                const ptrdiff_t *shifts, const double *in, size_t in_stride, double *out,
                                size_t out_stride, size_t length) {
    CV_DISPATCH(cv_correlate, f64, outputs, inputs, taps, weights, shifts, in, in_stride, out, out_stride, length)
}

void synapse_conv_weight_grad_f32(int isa, size_t outputs, size_t inputs, size_t taps, const float *g,
                                  size_t g_stride, const ptrdiff_t *shifts, const float *in, size_t in_stride,
                                  float *grad, size_t length) {
    CV_DISPATCH(cv_weight_grad, f32, outputs, inputs, taps, g, g_stride, shifts, in, in_stride, grad, length)
}

void synapse_conv_weight_grad_f64(int isa, size_t outputs, size_t inputs, size_t taps, const double *g,
                                  size_t g_stride, const ptrdiff_t *shifts, const double *in, size_t in_stride,
                                  double *grad, size_t length) {
    CV_DISPATCH(cv_weight_grad, f64, outputs, inputs, taps, g, g_stride, shifts, in, in_stride, grad, length)
}

void synapse_conv_bias_grad_f32(int isa, size_t outputs, const float *g, size_t g_stride, float *grad,
                                size_t length) {
    CV_DISPATCH(cv_bias_grad, f32, outputs, g, g_stride, grad, length)
}

void synapse_conv_bias_grad_f64(int isa, size_t outputs, const double *g, size_t g_stride, double *grad,
                                size_t length) {
    CV_DISPATCH(cv_bias_grad, f64, outputs, g, g_stride, grad, length)
}
