#ifndef SYNAPSE_NORMALIZATION_H
#define SYNAPSE_NORMALIZATION_H
/// Normalisations along a contiguous last dimension: softmax, log-softmax and layer normalisation of one row at a
/// time, vectorised with the instruction set chosen at run time (`synapse_vmath_isa`).
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `torch.softmax` (`log == 0`) or `torch.log_softmax` (`log != 0`) of rows `begin..<end` of `width` floats from
/// `x` into `y` (`y` must not overlap `x`), one row after the other, as PyTorch's `_vec_softmax_lastdim` /
/// `_vec_log_softmax_lastdim`: the maximum `m`, `s = Σ exp(x - m)`, then `exp(x - m) · (1 / s)` or
/// `(x - m) - log(s)`. A NaN anywhere, or a row of -inf, makes the row NaN. `isa` is the level of the maxima
/// and the final pass (`SYNAPSE_VM_ISA_*`, -1 for the one in use; the exponentials use the one in use); returns
/// -1 for a level the machine doesn't run, 0 otherwise.
int synapse_softmax_rows_f32(const float *x, float *y, size_t width, size_t begin, size_t end, int log, int isa);

/// `y[i] = exp(x[i] - shift)` for `i` in `0..<n`, returning `Σ y[i]` (16 lanes, then a pairwise tree). `y` may be `x`. Defined in vector_math.c, beside the vector `exp` it inlines.
float synapse_vexp_shift_sum_f32(const float *x, float *y, size_t n, float shift);

/// Layer normalisation of rows `begin..<end` of `x` (rows of `width` floats) into `y`: per row the mean and the
/// biased variance (both accumulated in double, two passes over the row), `mean[i]` and
/// `rstd[i] = 1 / sqrt(var + eps)` stored, then `y = (x - mean) · rstd · weight + bias` (`weight` and `bias` may
/// be NULL). `isa` is a `SYNAPSE_VM_ISA_*` level or -1 for the best one; returns -1 (writing nothing) when the
/// level is not available here, 0 otherwise.
int synapse_layer_norm_rows_f32(const float *x, float *y, size_t width, size_t begin, size_t end,
                                const float *weight, const float *bias, double eps, float *mean, float *rstd,
                                int isa);

/// Layer normalisation of the residual sums `x + residual` of rows `begin..<end` (rows of `width` floats) into `y`:
/// each row's sum is written to `y`, then normalised there as `synapse_layer_norm_rows_f32` does (same bits as the
/// two steps apart; the statistics are not kept). `y` may be `x` or `residual`. Returns -1 (writing nothing) when
/// `isa` is not available here, 0 otherwise.
int synapse_add_layer_norm_rows_f32(const float *x, const float *residual, float *y, size_t width, size_t begin,
                                    size_t end, const float *weight, const float *bias, double eps, int isa);

/// `synapse_add_layer_norm_rows_f32` for bfloat16 rows (`x`, `residual`, `y`: rows of `width` bfloat16 values) with
/// float32 `weight` and `bias` (may be NULL): each row's sum rounded to bfloat16 (as the bfloat16 add stores it),
/// widened, normalised in float32 as `synapse_layer_norm_rows_f32` does and rounded once: the bits of a bfloat16
/// add, then a bfloat16 layer norm computed in float32. `y` may be `x` or `residual`. Returns -1 (writing nothing)
/// when `isa` is not available here, 0 otherwise.
int synapse_add_layer_norm_rows_bf16(const uint16_t *x, const uint16_t *residual, uint16_t *y, size_t width,
                                     size_t begin, size_t end, const float *weight, const float *bias, double eps,
                                     int isa);

#ifdef __cplusplus
}
#endif
#endif
