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

#ifdef __cplusplus
}
#endif
#endif
