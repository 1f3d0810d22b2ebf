#ifndef SYNAPSE_BATCH_NORM_H
#define SYNAPSE_BATCH_NORM_H
/// The per-channel sums of training-mode batch normalisation. A channel of an `[N, C, *]` batch is `rows` (N) runs
/// of `length` contiguous elements, run `r` starting at `x + r·row_stride`. Each run is summed in 16 independent
/// lanes of the element type (vectorised, no reassociation left to the compiler), and the runs' sums are added in
/// double.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `*sum = Σ (x − shift)` and `*squares = Σ (x − shift)²` over one channel's runs; with `shift` near the mean
/// (any element of the channel), `squares/n − (sum/n)²` is the variance without catastrophic cancellation.
void synapse_bn_moments_f32(const float *x, size_t rows, size_t row_stride, size_t length, float shift,
                            double *sum, double *squares);
/// ``synapse_bn_moments_f32`` in double precision.
void synapse_bn_moments_f64(const double *x, size_t rows, size_t row_stride, size_t length, double shift,
                            double *sum, double *squares);

/// `*sum = Σ dy` and `*dot = Σ dy·(x − mean)` over one channel's runs of the output gradient `dy` and the input
/// `x` (same layout): the bias gradient and, divided by the standard deviation, the weight gradient.
void synapse_bn_gradient_sums_f32(const float *dy, const float *x, size_t rows, size_t row_stride, size_t length,
                                  float mean, double *sum, double *dot);
/// ``synapse_bn_gradient_sums_f32`` in double precision.
void synapse_bn_gradient_sums_f64(const double *dy, const double *x, size_t rows, size_t row_stride, size_t length,
                                  double mean, double *sum, double *dot);

/// `out[i] = x[i]·a + b` for `i` in `0..<n` (batch normalisation's forward over one run of a channel), each product
/// and sum rounded in the element type. `out` must not overlap `x`. With `stream` nonzero the output is written
/// with non-temporal stores (for outputs far larger than the caches). `isa` is a `SYNAPSE_VM_ISA_*` level or -1 for
/// the one in use; returns -1 (writing nothing) for a level this machine doesn't run, 0 otherwise.
int synapse_bn_affine_f32(const float *x, float *out, size_t n, float a, float b, int stream, int isa);
/// ``synapse_bn_affine_f32`` in double precision.
int synapse_bn_affine_f64(const double *x, double *out, size_t n, double a, double b, int stream, int isa);

/// `out[i] = (dy[i]·a + x[i]·b) + c` for `i` in `0..<n` (batch normalisation's input gradient over one run of a
/// channel), each operation rounded in the element type. `out` must not overlap `dy` or `x`; `stream`, `isa` and the
/// result as in ``synapse_bn_affine_f32``.
int synapse_bn_input_gradient_f32(const float *dy, const float *x, float *out, size_t n, float a, float b, float c,
                                  int stream, int isa);
/// ``synapse_bn_input_gradient_f32`` in double precision.
int synapse_bn_input_gradient_f64(const double *dy, const double *x, double *out, size_t n, double a, double b,
                                  double c, int stream, int isa);

#ifdef __cplusplus
}
#endif
#endif
