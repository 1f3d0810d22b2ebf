// Fused optimiser steps (see include/synapse_optimizer.h).
//
// Contraction is off: PyTorch rounds every operation of the Adam step on its own except the multiply-adds its
// vectorised kernels fuse (lerp's and addcmul's), which are written as explicit fmaf calls, so the compiler can't
// fuse others on the FMA paths or split these on the baseline path.
#include "synapse_optimizer.h"
#include "synapse_vector_math.h"

#include <math.h>

#pragma clang fp contract(off)

#if defined(__clang__) && __has_builtin(__builtin_elementwise_sqrt)
#define SO_SQRT(x) __builtin_elementwise_sqrt(x)   // no errno, so the loop vectorises
#else
#define SO_SQRT(x) sqrtf(x)
#endif

#if defined(__clang__)
#define SO_VECTORIZE _Pragma("clang loop vectorize(assume_safety)")
#else
#define SO_VECTORIZE
#endif

#define SO_ADAM_KERNEL(SUF, ATTR)                                                                      \
    ATTR static void so_adam_f32_##SUF(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, \
                                       size_t n, synapse_adam_coefficients c) {                        \
        /* lerp: small weights interpolate from exp_avg, large ones from the gradient (PyTorch's lerp_vec). */ \
        int small = fabsf(c.lerp_weight) < 0.5f;                                                       \
        float coefficient = small ? c.lerp_weight : c.lerp_weight - 1.0f;                              \
        SO_VECTORIZE                                                                                   \
        for (size_t i = 0; i < n; i++) {                                                               \
            float g = grad[i];                                                                         \
            float m = exp_avg[i];                                                                      \
            m = fmaf(coefficient, g - m, small ? m : g);                                               \
            float v = exp_avg_sq[i] * c.beta2;                                                         \
            v = fmaf(c.one_minus_beta2 * g, g, v);                                                     \
            float denominator = SO_SQRT(v) / c.bias_correction2_sqrt + c.eps;                          \
            param[i] = param[i] + (c.negative_step_size * m) / denominator;                            \
            exp_avg[i] = m;                                                                            \
            exp_avg_sq[i] = v;                                                                         \
        }                                                                                              \
    }

SO_ADAM_KERNEL(baseline, )

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
SO_ADAM_KERNEL(avx2, __attribute__((target("avx2,fma"))))
SO_ADAM_KERNEL(avx512, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))))
#endif

void synapse_adam_f32(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, size_t n,
                      const synapse_adam_coefficients *coefficients) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    switch (synapse_vmath_isa()) {
    case SYNAPSE_VM_ISA_AVX512: so_adam_f32_avx512(param, grad, exp_avg, exp_avg_sq, n, *coefficients); return;
    case SYNAPSE_VM_ISA_AVX2: so_adam_f32_avx2(param, grad, exp_avg, exp_avg_sq, n, *coefficients); return;
    default: break;
    }
#endif
    so_adam_f32_baseline(param, grad, exp_avg, exp_avg_sq, n, *coefficients);
}
