// Layer normalisation of contiguous rows (see include/synapse_normalization.h), compiled per instruction set as
// vector_math.c does. The moments are summed in float lanes per block of 1,024, blocks in double (float_blocks.h;
// PyTorch's RowwiseMoments accumulates in float too): double lanes cost 2.5 times the vector operations, and on
// two cores the kernel was throughput-bound. The result is the same on every path except where AVX2/AVX-512 fuse
// `d * d + acc` and the output's `· weight + bias`.
#include <math.h>
#include <stdlib.h>

#include "synapse_normalization.h"
#include "synapse_half.h"
#include "float_blocks.h"
#include "isa_dispatch.h"

#define LN_KERNEL(SUF, ATTR)                                                                                   \
    SYNAPSE_FLOAT_BLOCKS(SUF, ATTR)                                                                            \
    ATTR static void ln_row_##SUF(const float *x, float *y, size_t n, const float *w, const float *b,          \
                                  double eps, float *mean_out, float *rstd_out) {                              \
        double mean = fb_sum_##SUF(x, n, 0) / (double)n;                                                          \
        double squares = fb_m2_##SUF(x, n, (float)mean);                                                       \
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
    }                                                                                                          \
    /* The residual sum of one row, `y = x + r`, before it is normalised in place. */                          \
    ATTR static void ln_add_row_##SUF(const float *x, const float *r, float *y, size_t n) {                    \
        for (size_t j = 0; j < n; j++) y[j] = x[j] + r[j];                                                     \
    }

SYNAPSE_ISA_INSTANTIATE(LN_KERNEL)

int synapse_layer_norm_rows_f32(const float *x, float *y, size_t width, size_t begin, size_t end,
                                const float *weight, const float *bias, double eps, float *mean, float *rstd,
                                int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0) return -1;
    for (size_t row = begin; row < end; row++)
        SYNAPSE_ISA_PICK_LEVEL(ln_row, isa)(x + row * width, y + row * width, width, weight, bias, eps, mean + row,
                                            rstd + row);
    return 0;
}

int synapse_add_layer_norm_rows_f32(const float *x, const float *residual, float *y, size_t width, size_t begin,
                                    size_t end, const float *weight, const float *bias, double eps, int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0) return -1;
    for (size_t row = begin; row < end; row++) {
        float *out = y + row * width, mean, rstd;
        // The sum is written, then normalised while it is still in L1: the same bits as an add, then a layer norm.
        SYNAPSE_ISA_PICK_LEVEL(ln_add_row, isa)(x + row * width, residual + row * width, out, width);
        SYNAPSE_ISA_PICK_LEVEL(ln_row, isa)(out, out, width, weight, bias, eps, &mean, &rstd);
    }
    return 0;
}

int synapse_add_layer_norm_rows_bf16(const uint16_t *x, const uint16_t *residual, uint16_t *y, size_t width,
                                     size_t begin, size_t end, const float *weight, const float *bias, double eps,
                                     int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0) return -1;
    if (width == 0 || end <= begin) return 0;
    float *sum = malloc(2 * width * sizeof(float)), *other = sum + width;
    if (!sum) abort();
    for (size_t row = begin; row < end; row++) {
        uint16_t *out = y + row * width;
        float mean, rstd;
        // Widened, added and rounded to bfloat16 in `out` (the add's bits), widened again and normalised while
        // the row is in L1, rounded once more into `out`.
        synapse_f32_from_bf16(x + row * width, sum, width);
        synapse_f32_from_bf16(residual + row * width, other, width);
        SYNAPSE_ISA_PICK_LEVEL(ln_add_row, isa)(sum, other, sum, width);
        synapse_bf16_from_f32(sum, out, width);
        synapse_f32_from_bf16(out, sum, width);
        SYNAPSE_ISA_PICK_LEVEL(ln_row, isa)(sum, sum, width, weight, bias, eps, &mean, &rstd);
        synapse_bf16_from_f32(sum, out, width);
    }
    free(sum);
    return 0;
}
