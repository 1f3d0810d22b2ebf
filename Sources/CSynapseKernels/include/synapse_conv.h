#ifndef SYNAPSE_CONV_H
#define SYNAPSE_CONV_H
/// The inner loops of a direct 2-D convolution (stride 1) over "flat padded" planes: an input plane padded to
/// `Hp × Wp` and stored row after row, so that the window tap `(ky, kx)` of every output position `j = y·Wp + x`
/// reads element `j + ky·dilationY·Wp + kx·dilationX` — one contiguous, vectorisable run per tap. Positions whose
/// `x` falls outside the output row are computed too and dropped by the caller.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Number of positions the convolution kernels process at once: `length` must be a multiple of it, and the
/// planes they read must extend that far (zeros past the data).
#define SYNAPSE_CONV_BLOCK 16

/// `out[p·out_stride + j] += Σ_q Σ_t weights[(q·taps + t)·outputs + p] · in[q·in_stride + shifts[t] + j]` for
/// `p < outputs` and `j < length` (a multiple of ``SYNAPSE_CONV_BLOCK``): a convolution's forward pass (`p` output
/// channels, `q` input channels) or, with the taps reversed, its input gradient (`p` input channels, `q` output
/// channels). `isa` is a `synapse_vmath_isa()` level (lowered to what the machine supports).
void synapse_conv_correlate_f32(int isa, size_t outputs, size_t inputs, size_t taps, const float *weights,
                                const ptrdiff_t *shifts, const float *in, size_t in_stride, float *out,
                                size_t out_stride, size_t length);
/// ``synapse_conv_correlate_f32`` in double precision.
void synapse_conv_correlate_f64(int isa, size_t outputs, size_t inputs, size_t taps, const double *weights,
                                const ptrdiff_t *shifts, const double *in, size_t in_stride, double *out,
                                size_t out_stride, size_t length);

/// `grad[(p·inputs + q)·taps + t] += Σ_j g[p·g_stride + j] · in[q·in_stride + shifts[t] + j]` over `j < length`
/// (a multiple of ``SYNAPSE_CONV_BLOCK``): a convolution's weight gradient from one sample's output gradient `g`
/// (zero at the dropped positions) and padded input.
void synapse_conv_weight_grad_f32(int isa, size_t outputs, size_t inputs, size_t taps, const float *g,
                                  size_t g_stride, const ptrdiff_t *shifts, const float *in, size_t in_stride,
                                  float *grad, size_t length);
/// ``synapse_conv_weight_grad_f32`` in double precision.
void synapse_conv_weight_grad_f64(int isa, size_t outputs, size_t inputs, size_t taps, const double *g,
                                  size_t g_stride, const ptrdiff_t *shifts, const double *in, size_t in_stride,
                                  double *grad, size_t length);

/// `grad[p] += Σ_j g[p·g_stride + j]` over `j < length` (a multiple of ``SYNAPSE_CONV_BLOCK``): a convolution's
/// bias gradient from one sample's output gradient (zero at the dropped positions).
void synapse_conv_bias_grad_f32(int isa, size_t outputs, const float *g, size_t g_stride, float *grad,
                                size_t length);
/// ``synapse_conv_bias_grad_f32`` in double precision.
void synapse_conv_bias_grad_f64(int isa, size_t outputs, const double *g, size_t g_stride, double *grad,
                                size_t length);

#ifdef __cplusplus
}
#endif
#endif
