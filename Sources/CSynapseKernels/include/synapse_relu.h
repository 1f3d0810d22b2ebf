#ifndef SYNAPSE_RELU_H
#define SYNAPSE_RELU_H
/// ReLU and its backward (PyTorch's `threshold_backward`) over contiguous runs, vectorised with the instruction set
/// chosen at run time. Each element is computed alone, so the results do not depend on the level or on how a
/// caller splits the run.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `out[i] = x[i] < 0 ? 0 : x[i]` for `i` in `0..<n`: NaN and -0.0 are kept, as by PyTorch's `max(x, 0)`. `out`
/// may be `x`; otherwise the two must not overlap. `isa` is a `SYNAPSE_VM_ISA_*` level or -1 for the one in use;
/// returns -1 (writing nothing) for a level this machine doesn't run, 0 otherwise.
int synapse_relu_f32(const float *x, float *out, size_t n, int isa);
/// ``synapse_relu_f32`` in double precision.
int synapse_relu_f64(const double *x, double *out, size_t n, int isa);

/// `out[i] = y[i] <= 0 ? 0 : g[i · g_stride]` for `i` in `0..<n` (ReLU's input gradient from its output `y` and
/// output gradient `g`; a NaN in `y` passes the gradient through). `g_stride` is 1, or 0 for one value expanded
/// over the run (the gradient of `sum()`). `out` may be `g` (with `g_stride` 1) or `y`. `isa` and the result as in
/// ``synapse_relu_f32``.
int synapse_relu_backward_f32(const float *g, size_t g_stride, const float *y, float *out, size_t n, int isa);
/// ``synapse_relu_backward_f32`` in double precision.
int synapse_relu_backward_f64(const double *g, size_t g_stride, const double *y, double *out, size_t n, int isa);

#ifdef __cplusplus
}
#endif
#endif
