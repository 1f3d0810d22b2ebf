#ifndef SYNAPSE_VECTOR_MATH_H
#define SYNAPSE_VECTOR_MATH_H
/// Vectorised transcendental functions over contiguous arrays (float32 and float64).
///
/// Every function computes `y[i] = f(x[i])` for `i` in `0..<n`. `y` may be exactly `x` (in place); otherwise the
/// two ranges must not overlap. The instruction set (AVX-512, AVX2+FMA or the portable baseline) is chosen once at
/// run time from what the CPU and OS support; see `synapse_vmath_isa`.
///
/// Accuracy (measured exhaustively over all 2^32 float inputs on every x86-64 path, see VectorMathTests.swift):
/// within 2 ulp of the correctly rounded result (most functions within 1 ulp), with libm's special values
/// (exp(-inf) = 0, log(0) = -inf, log(-1) = NaN, tanh(+-inf) = +-1, NaN -> NaN, f(+-0) = +-0 for odd functions).
/// Results are deterministic for a given instruction set, independent of how an array is split into calls;
/// the paths with FMA (AVX2, AVX-512) give identical results, the baseline path may differ from them by an ulp.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: float32

/// e^x.
void synapse_vexp_f32(const float *x, float *y, size_t n);
/// Natural logarithm (log(0) = -inf, log(x < 0) = NaN).
void synapse_vlog_f32(const float *x, float *y, size_t n);
/// log(1 + x), accurate for small x.
void synapse_vlog1p_f32(const float *x, float *y, size_t n);
/// e^x - 1, accurate for small x.
void synapse_vexpm1_f32(const float *x, float *y, size_t n);
/// Hyperbolic tangent.
void synapse_vtanh_f32(const float *x, float *y, size_t n);
/// Logistic sigmoid 1 / (1 + e^-x), accurate in both tails (denormal results for x < -87).
void synapse_vsigmoid_f32(const float *x, float *y, size_t n);
/// Sine (lanes with |x| > 2^20, inf or NaN use libm's sinf).
void synapse_vsin_f32(const float *x, float *y, size_t n);
/// Cosine (lanes with |x| > 2^20, inf or NaN use libm's cosf).
void synapse_vcos_f32(const float *x, float *y, size_t n);
/// Error function.
void synapse_verf_f32(const float *x, float *y, size_t n);
/// Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), accurate in the negative tail (computed as 0.5 x erfc(-x / sqrt 2));
/// gelu(+inf) = +inf, gelu(-inf) = NaN (as the formula gives).
void synapse_vgelu_f32(const float *x, float *y, size_t n);
/// Tanh-approximated GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), evaluated as
/// x / (1 + e^(-2 sqrt(2/pi) (x + 0.044715 x^3))) so the negative tail keeps full relative accuracy;
/// gelu_tanh(+inf) = +inf, gelu_tanh(-inf) = NaN.
void synapse_vgelu_tanh_f32(const float *x, float *y, size_t n);

// MARK: float64

/// e^x.
void synapse_vexp_f64(const double *x, double *y, size_t n);
/// Natural logarithm.
void synapse_vlog_f64(const double *x, double *y, size_t n);
/// Hyperbolic tangent.
void synapse_vtanh_f64(const double *x, double *y, size_t n);
/// Logistic sigmoid.
void synapse_vsigmoid_f64(const double *x, double *y, size_t n);

// MARK: instruction-set selection (for tests and benchmark reports)

/// Instruction-set levels: 0 = portable baseline (SSE2 on x86-64, or whatever the target has elsewhere),
/// 1 = AVX2 + FMA (x86-64-v3 class), 2 = AVX-512 F/VL/DQ/BW with 512-bit vectors (x86-64-v4 class).
enum {
    SYNAPSE_VM_ISA_BASELINE = 0,
    SYNAPSE_VM_ISA_AVX2 = 1,
    SYNAPSE_VM_ISA_AVX512 = 2,
};

/// Kernel identifiers for `synapse_vmath_run_f32` / `synapse_vmath_run_f64`.
enum {
    SYNAPSE_VM_EXP = 0,
    SYNAPSE_VM_LOG = 1,
    SYNAPSE_VM_LOG1P = 2,
    SYNAPSE_VM_EXPM1 = 3,
    SYNAPSE_VM_TANH = 4,
    SYNAPSE_VM_SIGMOID = 5,
    SYNAPSE_VM_SIN = 6,
    SYNAPSE_VM_COS = 7,
    SYNAPSE_VM_ERF = 8,
    SYNAPSE_VM_GELU = 9,
    SYNAPSE_VM_GELU_TANH = 10,
    SYNAPSE_VM_OP_COUNT = 11,
};

/// The level the `synapse_v*` functions use: the best one this CPU and OS support.
int synapse_vmath_isa(void);
/// A short name for a level ("avx512", "avx2", "baseline").
const char *synapse_vmath_isa_name(int isa);
/// Runs float32 kernel `op` with instruction-set level `isa`. Returns 0 on success, -1 if `op` is unknown or
/// `isa` is above what this machine supports (nothing is written then). For testing every path on one machine.
int synapse_vmath_run_f32(int op, int isa, const float *x, float *y, size_t n);
/// Same for float64 (only SYNAPSE_VM_EXP, _LOG, _TANH and _SIGMOID exist).
int synapse_vmath_run_f64(int op, int isa, const double *x, double *y, size_t n);

#ifdef __cplusplus
}
#endif
#endif
