#ifndef SYNAPSE_OPTIMIZER_H
#define SYNAPSE_OPTIMIZER_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The float32 constants of one Adam step, each already rounded from PyTorch's double the way PyTorch's kernels
/// round a Python scalar (to the tensor's dtype).
typedef struct synapse_adam_coefficients {
    /// `1 - beta1`, the weight of `exp_avg.lerp_(grad, 1 - beta1)`.
    float lerp_weight;
    /// `beta2`, as in `exp_avg_sq.mul_(beta2)`.
    float beta2;
    /// `1 - beta2`, the value of `exp_avg_sq.addcmul_(grad, grad, value=1 - beta2)`.
    float one_minus_beta2;
    /// `sqrt(1 - beta2^step)`, the divisor of `exp_avg_sq.sqrt()`.
    float bias_correction2_sqrt;
    /// `eps`, added to the denominator.
    float eps;
    /// `-lr / (1 - beta1^step)`, the value of `param.addcdiv_(exp_avg, denom, value=-step_size)`.
    float negative_step_size;
} synapse_adam_coefficients;

/// One step of PyTorch's single-tensor Adam without AMSGrad, from the gradient after its maximize/weight-decay
/// adjustments, over `n` contiguous float32 elements in one pass, in PyTorch's operation order and rounding:
///
///     exp_avg     = fma(w, g - exp_avg, exp_avg)        (lerp_ with w < 0.5; fma(w - 1, g - exp_avg, g) otherwise)
///     exp_avg_sq  = fma((1 - beta2) * g, g, exp_avg_sq * beta2)          (mul_, then addcmul_)
///     param       = param + (-step_size * exp_avg) / (sqrt(exp_avg_sq) / bias_correction2_sqrt + eps)   (addcdiv_)
///
/// The fused multiply-adds are the ones PyTorch's vectorised CPU kernels perform; every other operation is rounded
/// on its own. Results are identical on every instruction-set path (without hardware FMA, libm's `fmaf` is used).
/// `param`, `exp_avg` and `exp_avg_sq` are updated in place; the four arrays must not overlap.
void synapse_adam_f32(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, size_t n,
                      const synapse_adam_coefficients *coefficients);

#ifdef __cplusplus
}
#endif
#endif
