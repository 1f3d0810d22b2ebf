// Vectorised transcendental functions (see include/synapse_vector_math.h).
//
// How it works
// - Every function is written once as a branch-free scalar "element" function (range reduction + polynomial, with
//   special cases folded in by selects), always inlined into simple loops that clang's loop vectoriser turns into
//   SIMD code. The loops carry `vectorize(assume_safety)` so in-place calls (y == x) vectorise without alias checks.
// - On x86-64 each loop is compiled three times: for AVX-512 (F/VL/DQ/BW, 512-bit vectors), AVX2+FMA and the
//   baseline target, via `__attribute__((target(...)))`; `sv_level()` picks one once at run time with
//   `__builtin_cpu_supports` (which also checks that the OS saves the wider registers). We list features rather
//   than `arch=x86-64-v4` because that CPU model carries the "prefer 256-bit vectors" tuning, so the vectoriser
//   would stay on ymm registers. Other architectures get the baseline loop only.
// - Multiply-adds are written as `a * b + c`; clang contracts them (`-ffp-contract=on` is its default) into fused
//   multiply-adds where the instruction set has them and into separate multiply and add elsewhere. Every
//   reduction step is exact either way (Cody-Waite constants have trailing zero bits), so the baseline path is
//   as accurate, but may differ from the FMA paths by an ulp.
// - float32 exp/log/log1p/expm1/tanh/sigmoid are computed in float; sin/cos/erf/gelu/gelu_tanh are computed in
//   double (their tails need the extra precision: e.g. gelu(-10) depends on exp(-x^2/2) with x^2 ~ 100) and
//   rounded once.
// - Polynomial coefficients without a citation were fitted for this file (relative-error near-minimax fits with
//   mpmath); the others come from Cephes (logf, tanhf), FreeBSD msun (__kernel_sindf/__kernel_cosdf, log).
#include "synapse_vector_math.h"
#include "synapse_normalization.h"
#include "float_lanes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SV_INLINE static inline __attribute__((always_inline))

#if defined(__clang__)
#define SV_VECTORIZE _Pragma("clang loop vectorize(assume_safety)")
#else
#define SV_VECTORIZE
#endif

SV_INLINE uint32_t sv_asu32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
SV_INLINE float sv_asf32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
SV_INLINE uint64_t sv_asu64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
SV_INLINE double sv_asf64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
SV_INLINE float sv_copysignf(float magnitude, float sign) {
    return sv_asf32((sv_asu32(magnitude) & 0x7fffffffu) | (sv_asu32(sign) & 0x80000000u));
}
SV_INLINE double sv_copysign(double magnitude, double sign) {
    return sv_asf64((sv_asu64(magnitude) & 0x7fffffffffffffffull) | (sv_asu64(sign) & 0x8000000000000000ull));
}

// MARK: - float32 cores

// e^r - 1 - r for |r| <= ln2/2 (relative error of the quotient (e^r-1-r)/r^2 about 2^-24 in float).
SV_INLINE float sv_expm1_poly_f32(float r) {
    float q = 1.985778217e-04f;
    q = q * r + 1.393359737e-03f;
    q = q * r + 8.333360776e-03f;
    q = q * r + 4.166646674e-02f;
    q = q * r + 1.666666716e-01f;
    q = q * r + 0.5f;
    return (r * r) * q;
}

// Shared range reduction x = k ln2 + r, |r| <= ln2/2; x must already be clamped to a few hundred.
#define SV_REDUCE_F32(xc, k, r)                                                          \
    const float sv_shift_ = 0x1.8p23f;                                                   \
    float sv_kf_ = (xc) * 0x1.715476p+0f + sv_shift_;                                    \
    int32_t k = (int32_t)(sv_asu32(sv_kf_) - sv_asu32(sv_shift_));                       \
    sv_kf_ -= sv_shift_;                                                                 \
    float r = (xc) - sv_kf_ * 0x1.62e4p-1f; /* ln2 high part: 15 significant bits */     \
    r = r - sv_kf_ * 1.428606765330187045e-06f

SV_INLINE float sv_expf(float x) {
    float xc = x < -104.0f ? -104.0f : x;  // exp(-104) rounds to 0; NaN passes through the clamps
    xc = xc > 89.0f ? 89.0f : xc;          // exp(89) overflows to inf
    SV_REDUCE_F32(xc, k, r);
    float u = 1.0f + (r + sv_expm1_poly_f32(r));
    // 2^k as two factors so that k in [-150, 129] (denormal results, overflow) is scaled with one rounding.
    int32_t k1 = (int32_t)((uint32_t)(k + 256) >> 1) - 128;
    int32_t k2 = k - k1;
    return u * sv_asf32((uint32_t)(k1 + 127) << 23) * sv_asf32((uint32_t)(k2 + 127) << 23);
}

SV_INLINE float sv_expm1f(float x) {
    float xc = x < -18.0f ? -18.0f : x;  // expm1(x < -17.33) rounds to -1
    xc = xc > 89.0f ? 89.0f : xc;
    SV_REDUCE_F32(xc, k, r);
    float p = r + sv_expm1_poly_f32(r);  // e^r - 1
    // e^x - 1 = 2 (h p + (h - 1/2)) with h = 2^(k-1): h p is exact, h - 1/2 is exact for |k| <= 24 and the
    // single rounding of the sum is the only one (the factor 2 keeps k = 128 finite until the last step).
    float h = sv_asf32((uint32_t)(k + 126) << 23);
    float res = 2.0f * (h * p + (h - 0.5f));
    return x == 0.0f ? x : res;  // keeps -0
}

// log(1 + f) + e ln2 for f in [sqrt(1/2) - 1, sqrt(2) - 1] (Cephes logf).
SV_INLINE float sv_log_core_f32(float f, float e) {
    float z = f * f;
    float p = 7.0376836292E-2f;
    p = p * f - 1.1514610310E-1f;
    p = p * f + 1.1676998740E-1f;
    p = p * f - 1.2420140846E-1f;
    p = p * f + 1.4249322787E-1f;
    p = p * f - 1.6668057665E-1f;
    p = p * f + 2.0000714765E-1f;
    p = p * f - 2.4999993993E-1f;
    p = p * f + 3.3333331174E-1f;
    float y = p * f * z;
    y = y + e * -2.12194440e-4f;
    y = y - 0.5f * z;
    float r = f + y;
    return r + e * 0.693359375f;
}

// Splits a positive finite float into m * 2^e with m in [sqrt(1/2), sqrt(2)).
#define SV_SPLIT_F32(v, m, e)                                                            \
    uint32_t sv_tmp_ = sv_asu32(v) - 0x3f3504f3u;                                        \
    int32_t e = (int32_t)sv_tmp_ >> 23; /* arithmetic shift */                           \
    float m = sv_asf32(sv_asu32(v) - (sv_tmp_ & 0xff800000u))

SV_INLINE float sv_logf(float x) {
    int denormal = x < 0x1p-126f;
    float xs = denormal ? x * 0x1p23f : x;
    SV_SPLIT_F32(xs, m, e);
    e = denormal ? e - 23 : e;
    float r = sv_log_core_f32(m - 1.0f, (float)e);
    r = x == 0.0f ? -INFINITY : r;
    r = x < 0.0f ? __builtin_nanf("") : r;
    r = x == INFINITY ? x : r;
    return x != x ? x : r;
}

SV_INLINE float sv_log1pf(float x) {
    float u = 1.0f + x;
    SV_SPLIT_F32(u, m, e);
    // The rounding error of 1 + x, recovered exactly, then scaled into m's binade.
    float cor = u >= 2.0f ? 1.0f - (u - x) : x - (u - 1.0f);
    int32_t es = e > 126 ? 126 : e;
    float f = (m - 1.0f) + cor * sv_asf32((uint32_t)(127 - es) << 23);
    float r = sv_log_core_f32(f, (float)e);
    r = x == -1.0f ? -INFINITY : r;
    r = x < -1.0f ? __builtin_nanf("") : r;
    r = x == INFINITY ? x : r;
    r = x == 0.0f ? x : r;  // keeps -0
    return x != x ? x : r;
}

SV_INLINE float sv_tanhf(float x) {
    float a = x < 0.0f ? -x : x;
    // |x| < 0.625: Cephes tanhf odd polynomial.
    float s = x * x;
    float p = -5.70498872745E-3f;
    p = p * s + 2.06390887954E-2f;
    p = p * s - 5.37397155531E-2f;
    p = p * s + 1.33314422036E-1f;
    p = p * s - 3.33332819422E-1f;
    float small = (p * s) * x + x;
    // otherwise tanh|x| = 1 - 2 / (e^(2|x|) + 1) = em / (em + 2), em = e^(2|x|) - 1.
    float ac = a > 9.5f ? 9.5f : a;  // tanh(9.5) rounds to 1
    float em = sv_expm1f(2.0f * ac);
    float large = sv_copysignf(em / (em + 2.0f), x);
    return a < 0.625f ? small : large;
}

SV_INLINE float sv_sigmoidf(float x) {
    float e = sv_expf(x < 0.0f ? x : -x);  // e^-|x|
    return (x >= 0.0f ? 1.0f : e) / (1.0f + e);
}

// MARK: - float64 cores

// e^r - 1 - r for |r| <= ln2/2 (fitted; quotient error about 2^-53).
SV_INLINE double sv_expm1_poly_f64(double r) {
    double q = 2.088936717418239e-09;
    q = q * r + 2.5105173616612372e-08;
    q = q * r + 2.755734963955804e-07;
    q = q * r + 2.755725551425203e-06;
    q = q * r + 2.4801587245721562e-05;
    q = q * r + 0.00019841269874720788;
    q = q * r + 0.0013888888888917966;
    q = q * r + 0.008333333333326167;
    q = q * r + 0.041666666666666616;
    q = q * r + 0.1666666666666667;
    q = q * r + 0.5;
    return (r * r) * q;
}

#define SV_REDUCE_F64(xc, k, r)                                                          \
    const double sv_shift_ = 0x1.8p52;                                                   \
    double sv_kd_ = (xc) * 0x1.71547652b82fep0 + sv_shift_;                              \
    int64_t k = (int64_t)(sv_asu64(sv_kd_) - sv_asu64(sv_shift_));                       \
    sv_kd_ -= sv_shift_;                                                                 \
    double r = (xc) - sv_kd_ * 0x1.62e42feep-1; /* ln2 high part: 32 significant bits */ \
    r = r - sv_kd_ * 0x1.a39ef35793c76p-33

SV_INLINE double sv_exp(double x) {
    double xc = x < -746.0 ? -746.0 : x;  // exp(-746) rounds to 0
    xc = xc > 710.0 ? 710.0 : xc;         // exp(710) overflows
    SV_REDUCE_F64(xc, k, r);
    double u = 1.0 + (r + sv_expm1_poly_f64(r));
    int64_t k1 = (int64_t)((uint64_t)(k + 2048) >> 1) - 1024;
    int64_t k2 = k - k1;
    return u * sv_asf64((uint64_t)(k1 + 1023) << 52) * sv_asf64((uint64_t)(k2 + 1023) << 52);
}

SV_INLINE double sv_expm1(double x) {
    double xc = x < -40.0 ? -40.0 : x;  // expm1(x < -37.5) rounds to -1
    xc = xc > 710.0 ? 710.0 : xc;
    SV_REDUCE_F64(xc, k, r);
    double p = r + sv_expm1_poly_f64(r);
    double h = sv_asf64((uint64_t)(k + 1022) << 52);  // 2^(k-1)
    double res = 2.0 * (h * p + (h - 0.5));
    return x == 0.0 ? x : res;
}

// int64 -> double without a packed conversion instruction (AVX2 has none): valid for |e| < 2^51.
SV_INLINE double sv_i64_to_f64(int64_t e) {
    return sv_asf64(sv_asu64(0x1.8p52) + (uint64_t)e) - 0x1.8p52;
}

SV_INLINE double sv_log(double x) {
    int denormal = x < 0x1p-1022;
    double xs = denormal ? x * 0x1p54 : x;
    uint64_t ix = sv_asu64(xs);
    uint64_t tmp = ix - 0x3fe6a09e667f3bcdull;  // bits of sqrt(1/2)
    int64_t e = (int64_t)((tmp + (0x400ull << 52)) >> 52) - 0x400;
    double m = sv_asf64(ix - (tmp & 0xfff0000000000000ull));  // in [sqrt(1/2), sqrt(2))
    e = denormal ? e - 54 : e;
    // FreeBSD msun e_log.c
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double z = s * s, w = z * z;
    double t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    double t2 = z * (6.666666666666735130e-01 +
                     w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    double R = t2 + t1;
    double hfsq = 0.5 * f * f;
    double dk = sv_i64_to_f64(e);
    double r = dk * 6.93147180369123816490e-01 - ((hfsq - (s * (hfsq + R) + dk * 1.90821492927058770002e-10)) - f);
    r = x == 0.0 ? -INFINITY : r;
    r = x < 0.0 ? __builtin_nan("") : r;
    r = x == INFINITY ? x : r;
    return x != x ? x : r;
}

SV_INLINE double sv_tanh(double x) {
    double a = x < 0.0 ? -x : x;
    double ac = a > 22.0 ? 22.0 : a;  // tanh(22) rounds to 1
    int small = a < 1.0;
    // FreeBSD msun s_tanh.c: |x| < 1: -t/(t+2) with t = expm1(-2|x|); else 1 - 2/(t+2) with t = expm1(2|x|).
    double t = sv_expm1(small ? -2.0 * ac : 2.0 * ac);
    double q = (small ? -t : 2.0) / (t + 2.0);
    double z = small ? q : 1.0 - q;
    return sv_copysign(z, x);
}

SV_INLINE double sv_sigmoid(double x) {
    double e = sv_exp(x < 0.0 ? x : -x);
    return (x >= 0.0 ? 1.0 : e) / (1.0 + e);
}

// MARK: - float32 functions evaluated in double

// sin(r) and cos(r) for |r| <= pi/4 with relative error about 2^-37 (FreeBSD msun k_sinf.c, k_cosf.c).
SV_INLINE double sv_kernel_sin(double x) {
    double z = x * x, w = z * z;
    double r = -0x1a00f9e2cae774.0p-65 + z * 0x16cd878c3b46a7.0p-71;
    double s = z * x;
    return (x + s * (-0x15555554cbac77.0p-55 + z * 0x111110896efbb2.0p-59)) + s * w * r;
}
SV_INLINE double sv_kernel_cos(double x) {
    double z = x * x, w = z * z;
    double r = -0x16c087e80f1e27.0p-62 + z * 0x199342e0ee5069.0p-68;
    return ((1.0 + z * -0x1ffffffd0c5e81.0p-54) + w * 0x155553e1053a42.0p-57) + (w * z) * r;
}

// Lanes whose |x| bits exceed this (|x| > 2^20, inf, NaN) go to libm's sinf/cosf.
#define SV_TRIG_LIMIT 0x49800000u

// sin(x) (quadrant offset 0) or cos(x) (offset 1) for |x| <= 2^20, reducing by pi/2 in double:
// q pi/2_hi is exact (pi/2_hi has 33 significant bits, q < 2^20), so the reduced argument is exact to ~2^-85.
SV_INLINE float sv_sincos_core(float x, uint32_t offset) {
    double xd = x;
    const double shift = 0x1.8p52;
    double qd = xd * 0x1.45f306dc9c883p-1 + shift;
    uint32_t q = (uint32_t)sv_asu64(qd) + offset;
    qd -= shift;
    double r = xd - qd * 0x1.921fb544p0;
    r = r - qd * 0x1.0b4611a626331p-34;
    double v = (q & 1u) ? sv_kernel_cos(r) : sv_kernel_sin(r);
    v = (q & 2u) ? -v : v;
    float res = (float)v;
    return (offset == 0 && x == 0.0f) ? x : res;  // sin(-0) = -0
}

SV_INLINE void sv_trig_f32(const float *x, float *y, size_t n, uint32_t offset) {
    enum { block = 256 };
    for (size_t start = 0; start < n; start += block) {
        size_t len = n - start < block ? n - start : block;
        const float *xb = x + start;
        float *yb = y + start;
        uint32_t big = 0;
        for (size_t i = 0; i < len; i++) big |= (sv_asu32(xb[i]) & 0x7fffffffu) > SV_TRIG_LIMIT;
        if (!big) {
            SV_VECTORIZE
            for (size_t i = 0; i < len; i++) yb[i] = sv_sincos_core(xb[i], offset);
        } else {
            for (size_t i = 0; i < len; i++) {
                float v = xb[i];
                if ((sv_asu32(v) & 0x7fffffffu) > SV_TRIG_LIMIT) {
                    yb[i] = offset ? cosf(v) : sinf(v);
                } else {
                    yb[i] = sv_sincos_core(v, offset);
                }
            }
        }
    }
}

// erf(t) / t for t^2 = w in [0, 1] (fitted, relative error about 2^-40).
SV_INLINE double sv_erf_small(double w) {
    double p = 1.0562982334637927e-06;
    p = p * w - 1.3898702772463302e-05;
    p = p * w + 0.00011954819242022991;
    p = p * w - 0.0008542489007331862;
    p = p * w + 0.005223776410145047;
    p = p * w - 0.026866131410317972;
    p = p * w + 0.11283791285389526;
    p = p * w - 0.37612638888504923;
    p = p * w + 1.1283791670945857;
    return p;
}

// erfcx(t) = e^(t^2) erfc(t) for t in [1, 10.5], as a polynomial in v = (t - 3) / (t + 3)
// (fitted, relative error about 2^-40).
SV_INLINE double sv_erfcx_tail(double t) {
    double v = (t - 3.0) / (t + 3.0);
    double g = -5.478944356012196e-06;
    g = g * v - 1.1503432181112034e-05;
    g = g * v + 6.261068832791914e-05;
    g = g * v + 4.493355290841952e-05;
    g = g * v - 0.0005966977659966308;
    g = g * v + 0.0007077778526312062;
    g = g * v + 0.004269092349879989;
    g = g * v - 0.024392500178350297;
    g = g * v + 0.07166583962584304;
    g = g * v - 0.15011593652779806;
    g = g * v + 0.24560380166344428;
    g = g * v - 0.3262335600421991;
    g = g * v + 0.1790011511815471;
    return g;
}

SV_INLINE float sv_erff(float x) {
    double xd = x;
    double w = xd * xd;  // exact
    double t = xd < 0.0 ? -xd : xd;
    double small = xd * sv_erf_small(w);
    double tc = t > 10.5 ? 10.5 : t;  // erf(t > 3.92) rounds to 1; NaN passes through
    double large = 1.0 - sv_exp(-(tc * tc)) * sv_erfcx_tail(tc);
    double res = t < 1.0 ? small : sv_copysign(large, xd);
    return (float)res;
}

SV_INLINE float sv_geluf(float x) {
    double xd = x;
    double w = 0.5 * xd * xd;  // t^2 for t = x / sqrt(2), exact
    double t = (xd < 0.0 ? -xd : xd) * 0.70710678118654752440;
    // Phi(x) = (1 + erf(x / sqrt 2)) / 2; for |t| >= 1 from erfc so that the negative tail keeps its precision.
    double small = 0.5 + 0.5 * (xd * 0.70710678118654752440) * sv_erf_small(w);
    double tc = t > 10.5 ? 10.5 : t;  // beyond, e^-w underflows the float result anyway
    double tail = 0.5 * sv_exp(-w) * sv_erfcx_tail(tc);  // Phi(-|x|)
    double phi = t < 1.0 ? small : (xd < 0.0 ? tail : 1.0 - tail);
    return (float)(xd * phi);
}

SV_INLINE float sv_gelu_tanhf(float x) {
    double xd = x;
    double z = 0.79788456080286535588 * (xd + 0.044715 * (xd * xd * xd));
    // 0.5 x (1 + tanh z) = x sigmoid(2z) = x / (1 + e^-2z)
    return (float)(xd / (1.0 + sv_exp(-2.0 * z)));
}

// MARK: - Kernel instantiation

#define SV_MAP_KERNEL(NAME, T, FN, SUF, ATTR)                                            \
    ATTR static void NAME##_##SUF(const T *x, T *y, size_t n) {                          \
        SV_VECTORIZE                                                                     \
        for (size_t i = 0; i < n; i++) y[i] = FN(x[i]);                                  \
    }

#define SV_KERNELS(SUF, ATTR)                                                            \
    SV_MAP_KERNEL(sv_vexp_f32, float, sv_expf, SUF, ATTR)                                \
    SV_MAP_KERNEL(sv_vlog_f32, float, sv_logf, SUF, ATTR)                                \
    SV_MAP_KERNEL(sv_vlog1p_f32, float, sv_log1pf, SUF, ATTR)                            \
    SV_MAP_KERNEL(sv_vexpm1_f32, float, sv_expm1f, SUF, ATTR)                            \
    SV_MAP_KERNEL(sv_vtanh_f32, float, sv_tanhf, SUF, ATTR)                              \
    SV_MAP_KERNEL(sv_vsigmoid_f32, float, sv_sigmoidf, SUF, ATTR)                        \
    SV_MAP_KERNEL(sv_verf_f32, float, sv_erff, SUF, ATTR)                                \
    SV_MAP_KERNEL(sv_vgelu_f32, float, sv_geluf, SUF, ATTR)                              \
    SV_MAP_KERNEL(sv_vgelu_tanh_f32, float, sv_gelu_tanhf, SUF, ATTR)                    \
    ATTR static void sv_vsin_f32_##SUF(const float *x, float *y, size_t n) { sv_trig_f32(x, y, n, 0); } \
    ATTR static void sv_vcos_f32_##SUF(const float *x, float *y, size_t n) { sv_trig_f32(x, y, n, 1); } \
    SV_MAP_KERNEL(sv_vexp_f64, double, sv_exp, SUF, ATTR)                                \
    SV_MAP_KERNEL(sv_vlog_f64, double, sv_log, SUF, ATTR)                                \
    SV_MAP_KERNEL(sv_vtanh_f64, double, sv_tanh, SUF, ATTR)                              \
    SV_MAP_KERNEL(sv_vsigmoid_f64, double, sv_sigmoid, SUF, ATTR)

#define SV_TABLE_F32(SUF)                                                                \
    { sv_vexp_f32_##SUF, sv_vlog_f32_##SUF, sv_vlog1p_f32_##SUF, sv_vexpm1_f32_##SUF,   \
      sv_vtanh_f32_##SUF, sv_vsigmoid_f32_##SUF, sv_vsin_f32_##SUF, sv_vcos_f32_##SUF,  \
      sv_verf_f32_##SUF, sv_vgelu_f32_##SUF, sv_vgelu_tanh_f32_##SUF }
#define SV_TABLE_F64(SUF)                                                                \
    { sv_vexp_f64_##SUF, sv_vlog_f64_##SUF, 0, 0, sv_vtanh_f64_##SUF, sv_vsigmoid_f64_##SUF, 0, 0, 0, 0, 0 }

typedef void (*sv_f32_fn)(const float *, float *, size_t);
typedef void (*sv_f64_fn)(const double *, double *, size_t);

SV_KERNELS(baseline, )

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SV_X86_DISPATCH 1
SV_KERNELS(avx2, __attribute__((target("avx2,fma"))))
SV_KERNELS(avx512, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))))
static const sv_f32_fn sv_table_f32[3][SYNAPSE_VM_OP_COUNT] = {
    SV_TABLE_F32(baseline), SV_TABLE_F32(avx2), SV_TABLE_F32(avx512)};
static const sv_f64_fn sv_table_f64[3][SYNAPSE_VM_OP_COUNT] = {
    SV_TABLE_F64(baseline), SV_TABLE_F64(avx2), SV_TABLE_F64(avx512)};
#else
#define SV_X86_DISPATCH 0
static const sv_f32_fn sv_table_f32[3][SYNAPSE_VM_OP_COUNT] = {SV_TABLE_F32(baseline)};
static const sv_f64_fn sv_table_f64[3][SYNAPSE_VM_OP_COUNT] = {SV_TABLE_F64(baseline)};
#endif

// MARK: - Dispatch

static int sv_supported_level(void) {
#if SV_X86_DISPATCH
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    return avx512 ? SYNAPSE_VM_ISA_AVX512 : (avx2 ? SYNAPSE_VM_ISA_AVX2 : SYNAPSE_VM_ISA_BASELINE);
#else
    return SYNAPSE_VM_ISA_BASELINE;
#endif
}

static int sv_cached_supported = -1;
static int sv_cached_level = -1;

static int sv_supported(void) {
    int level = __atomic_load_n(&sv_cached_supported, __ATOMIC_RELAXED);
    if (level < 0) {
        level = sv_supported_level();
        __atomic_store_n(&sv_cached_supported, level, __ATOMIC_RELAXED);
    }
    return level;
}

// The level in use: the best supported one, lowered by the environment variable SYNAPSE_VMATH_ISA
// ("baseline", "avx2", "avx512") if set (for benchmarking the other paths).
static int sv_level(void) {
    int level = __atomic_load_n(&sv_cached_level, __ATOMIC_RELAXED);
    if (level < 0) {
        level = sv_supported();
        const char *request = getenv("SYNAPSE_VMATH_ISA");
        if (request) {
            int wanted = strcmp(request, "baseline") == 0 ? SYNAPSE_VM_ISA_BASELINE
                       : strcmp(request, "avx2") == 0     ? SYNAPSE_VM_ISA_AVX2
                                                          : SYNAPSE_VM_ISA_AVX512;
            if (wanted < level) level = wanted;
        }
        __atomic_store_n(&sv_cached_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

int synapse_vmath_isa(void) { return sv_level(); }

const char *synapse_vmath_isa_name(int isa) {
    switch (isa) {
    case SYNAPSE_VM_ISA_AVX512: return "avx512";
    case SYNAPSE_VM_ISA_AVX2: return "avx2";
    default:
#if SV_X86_DISPATCH
        return "baseline (sse2)";
#else
        return "baseline";
#endif
    }
}

int synapse_vmath_run_f32(int op, int isa, const float *x, float *y, size_t n) {
    if (op < 0 || op >= SYNAPSE_VM_OP_COUNT || isa < 0 || isa > sv_supported()) return -1;
    sv_f32_fn fn = sv_table_f32[isa][op];
    if (!fn) return -1;
    fn(x, y, n);
    return 0;
}

int synapse_vmath_run_f64(int op, int isa, const double *x, double *y, size_t n) {
    if (op < 0 || op >= SYNAPSE_VM_OP_COUNT || isa < 0 || isa > sv_supported()) return -1;
    sv_f64_fn fn = sv_table_f64[isa][op];
    if (!fn) return -1;
    fn(x, y, n);
    return 0;
}

#define SV_PUBLIC_F32(NAME, OP) \
    void NAME(const float *x, float *y, size_t n) { sv_table_f32[sv_level()][OP](x, y, n); }
#define SV_PUBLIC_F64(NAME, OP) \
    void NAME(const double *x, double *y, size_t n) { sv_table_f64[sv_level()][OP](x, y, n); }

SV_PUBLIC_F32(synapse_vexp_f32, SYNAPSE_VM_EXP)
SV_PUBLIC_F32(synapse_vlog_f32, SYNAPSE_VM_LOG)
SV_PUBLIC_F32(synapse_vlog1p_f32, SYNAPSE_VM_LOG1P)
SV_PUBLIC_F32(synapse_vexpm1_f32, SYNAPSE_VM_EXPM1)
SV_PUBLIC_F32(synapse_vtanh_f32, SYNAPSE_VM_TANH)
SV_PUBLIC_F32(synapse_vsigmoid_f32, SYNAPSE_VM_SIGMOID)
SV_PUBLIC_F32(synapse_vsin_f32, SYNAPSE_VM_SIN)
SV_PUBLIC_F32(synapse_vcos_f32, SYNAPSE_VM_COS)
SV_PUBLIC_F32(synapse_verf_f32, SYNAPSE_VM_ERF)
SV_PUBLIC_F32(synapse_vgelu_f32, SYNAPSE_VM_GELU)
SV_PUBLIC_F32(synapse_vgelu_tanh_f32, SYNAPSE_VM_GELU_TANH)
SV_PUBLIC_F64(synapse_vexp_f64, SYNAPSE_VM_EXP)
SV_PUBLIC_F64(synapse_vlog_f64, SYNAPSE_VM_LOG)
SV_PUBLIC_F64(synapse_vtanh_f64, SYNAPSE_VM_TANH)
SV_PUBLIC_F64(synapse_vsigmoid_f64, SYNAPSE_VM_SIGMOID)

// MARK: - Shifted exp and sum (softmax rows, declared in synapse_normalization.h)

// y = e^(x - shift), then the sum of the y in 16 lanes and a pairwise tree (the row is still in L1). The sum is not
// folded into the exp loop: letting the compiler reassociate it there would reach into the inlined range
// reduction, whose order of operations is what makes it exact.
#define SV_EXP_SHIFT_SUM(SUF, ATTR)                                                      \
    ATTR static float sv_exp_shift_sum_##SUF(const float *x, float *y, size_t n, float shift) { \
        SV_VECTORIZE                                                                     \
        for (size_t i = 0; i < n; i++) y[i] = sv_expf(x[i] - shift);                     \
        float sum;                                                                       \
        FL_SUM16(y, n, sum);                                                             \
        return sum;                                                                      \
    }

SV_EXP_SHIFT_SUM(baseline, )
#if SV_X86_DISPATCH
SV_EXP_SHIFT_SUM(avx2, __attribute__((target("avx2,fma"))))
SV_EXP_SHIFT_SUM(avx512, __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw"))))
#endif

float synapse_vexp_shift_sum_f32(const float *x, float *y, size_t n, float shift) {
#if SV_X86_DISPATCH
    switch (sv_level()) {
    case SYNAPSE_VM_ISA_AVX512: return sv_exp_shift_sum_avx512(x, y, n, shift);
    case SYNAPSE_VM_ISA_AVX2: return sv_exp_shift_sum_avx2(x, y, n, shift);
    default: break;
    }
#endif
    return sv_exp_shift_sum_baseline(x, y, n, shift);
}
