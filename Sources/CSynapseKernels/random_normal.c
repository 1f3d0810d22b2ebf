// Box–Muller transforms of blocks of 16 uniforms, bit for bit as PyTorch's CPU `normal_` computes them.
//
// float32 follows `normal_fill_16_AVX2` of the x86-64 wheel: Cephes' `log256_ps` and `sincos256_ps`
// (ATen's avx_mathfun.h) with exactly the multiply-adds that GCC fuses there. float64 follows
// `normal_fill_16<double>`: libm `log`, `sin`, `cos` and a fused `value * std + mean`.
//
// A block of 16 pairs element j with element j + 8, so one block fills 8 lanes. Two blocks are transformed
// together in 16-lane vectors: the polynomial chains are long and serial, and two independent blocks keep the
// FMA units busy (one zmm register each with AVX-512, two ymm registers with AVX2).
#define SYNAPSE_RANDOM_INTERNAL
#include "synapse_random.h"
#include <math.h>
#include <string.h>

#pragma clang fp contract(off)

typedef float vf __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi __attribute__((vector_size(64), aligned(4)));
typedef uint32_t vu __attribute__((vector_size(64), aligned(4)));

#if defined(__x86_64__) && defined(__linux__) && !defined(SYNAPSE_NO_SIMD_CLONES)
#define NORMAL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NORMAL_CLONES
#endif

#define INLINE static inline __attribute__((always_inline))

INLINE vf vf_splat(float x) { return (vf){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
INLINE vf vf_bits_to_float(vi bits) { return (vf)bits; }
INLINE vi vf_bits(vf value) { return (vi)value; }
INLINE vf vf_select(vi mask, vf a, vf b) { return (vf)(((vi)a & mask) | ((vi)b & ~mask)); }

/// Lanes 0..7 from the first 8 floats at `a`, lanes 8..15 from the 8 floats at `b`.
INLINE vf vf_load_halves(const float *a, const float *b) {
    v8f low = v8f_load(a), high = v8f_load(b);
    return __builtin_shufflevector(low, high, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

INLINE void vf_store_halves(float *a, float *b, vf value) {
    v8f low = __builtin_shufflevector(value, value, 0, 1, 2, 3, 4, 5, 6, 7);
    v8f high = __builtin_shufflevector(value, value, 8, 9, 10, 11, 12, 13, 14, 15);
    v8f_store(a, low);
    v8f_store(b, high);
}

/// Cephes natural logarithm of positive floats (`log256_ps`).
INLINE vf cephes_log(vf x) {
    const vf one = vf_splat(1.0f);
    // Clamp to the smallest normal (a no-op for the uniforms used here, kept for fidelity).
    const vf min_normal = vf_bits_to_float((vi)vf_splat(0.0f) | 0x00800000);
    x = vf_select(x > min_normal, x, min_normal);

    vi exponent = (vi)((vu)vf_bits(x) >> 23) - 0x7f;
    x = vf_bits_to_float((vf_bits(x) & ~0x7f800000) | vf_bits(vf_splat(0.5f)));
    vf e = __builtin_convertvector(exponent, vf) + one;

    // Keep the mantissa in [sqrt(1/2), sqrt(2)): x < sqrt(1/2) becomes (x - 1) + x with e - 1, else x - 1.
    vi below = x < vf_splat(0.707106781186547524f);
    vf extra = vf_bits_to_float(vf_bits(x) & below);
    x = x - one;
    e = e - vf_bits_to_float(vf_bits(one) & below);
    x = x + extra;

    vf z = x * x;
    vf y = vf_splat(7.0376836292E-2f);
    y = SYNAPSE_FMA(y, x, vf_splat(-1.1514610310E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(1.1676998740E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(-1.2420140846E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(1.4249322787E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(-1.6668057665E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(2.0000714765E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(-2.4999993993E-1f));
    y = SYNAPSE_FMA(y, x, vf_splat(3.3333331174E-1f));
    y = y * x;
    y = SYNAPSE_FMA(y, z, e * vf_splat(-2.12194440e-4f));
    y = SYNAPSE_FMA(vf_splat(-0.5f), z, y);
    x = x + y;
    return SYNAPSE_FMA(e, vf_splat(0.693359375f), x);
}

/// Cephes sine and cosine (`sincos256_ps`).
INLINE void cephes_sincos(vf x, vf *sine, vf *cosine) {
    vu sign_sin = (vu)vf_bits(x) & 0x80000000u;
    x = vf_bits_to_float(vf_bits(x) & 0x7fffffff);

    vf y = x * vf_splat(1.27323954473516f);
    vi j = __builtin_convertvector(y, vi);   // truncation, like cvttps2dq
    j = (j + 1) & ~1;
    y = __builtin_convertvector(j, vf);

    const vu ju = (vu)j;
    vu swap_sign_sin = (ju & 4u) << 29;
    vi use_sine_poly = (j & 2) == 0;

    x = SYNAPSE_FMA(y, vf_splat(-0.78515625f), x);
    x = SYNAPSE_FMA(y, vf_splat(-2.4187564849853515625e-4f), x);
    x = SYNAPSE_FMA(y, vf_splat(-3.77489497744594108e-8f), x);

    vu sign_cos = (~(ju - 2u) & 4u) << 29;
    sign_sin ^= swap_sign_sin;

    vf z = x * x;
    vf c = vf_splat(2.443315711809948E-005f);
    c = SYNAPSE_FMA(c, z, vf_splat(-1.388731625493765E-003f));
    c = SYNAPSE_FMA(c, z, vf_splat(4.166664568298827E-002f));
    c = c * z;
    c = SYNAPSE_FMA(c, z, -(z * vf_splat(0.5f)));
    c = c + vf_splat(1.0f);

    vf s = vf_splat(-1.9515295891E-4f);
    s = SYNAPSE_FMA(s, z, vf_splat(8.3321608736E-3f));
    s = SYNAPSE_FMA(s, z, vf_splat(-1.6666654611E-1f));
    s = s * z;
    s = SYNAPSE_FMA(s, x, x);

    vf sine_value = vf_select(use_sine_poly, s, c);
    vf cosine_value = vf_select(use_sine_poly, c, s);
    *sine = vf_bits_to_float(vf_bits(sine_value) ^ (vi)sign_sin);
    *cosine = vf_bits_to_float(vf_bits(cosine_value) ^ (vi)sign_cos);
}

/// Blocks `a` and `b` of 16 uniforms each (they may be the same block) become normals in place.
INLINE void normal_pair_of_blocks(float *a, float *b, float mean, float std) {
    const vf mean16 = vf_splat(mean), std16 = vf_splat(std);
    const vf u1 = vf_splat(1.0f) - vf_load_halves(a, b);
    const vf u2 = vf_load_halves(a + 8, b + 8);
    const vf radius = __builtin_elementwise_sqrt(vf_splat(-2.0f) * cephes_log(u1));
    const vf theta = vf_splat((float)(2.0 * 3.14159265358979323846)) * u2;
    vf sine, cosine;
    cephes_sincos(theta, &sine, &cosine);
    vf_store_halves(a, b, SYNAPSE_FMA(radius * cosine, std16, mean16));
    vf_store_halves(a + 8, b + 8, SYNAPSE_FMA(radius * sine, std16, mean16));
}

/// Tempers the 16 untempered words of a block and turns them into uniforms `(w & 0xFFFFFF) * 2^-24`, in place.
INLINE void uniform01_from_raw(float *block) {
    const v8f scale = v8f_splat(0x1p-24f);
    for (int half = 0; half < 16; half += 8) {
        v8u bits;
        memcpy(&bits, block + half, sizeof bits);
        bits = mt_temper8(bits) & 0xffffffu;
        v8f_store(block + half, __builtin_convertvector((v8i)bits, v8f) * scale);
    }
}

INLINE void normal_f32_blocks(float *data, size_t blocks, float mean, float std, int from_raw) {
    size_t b = 0;
    for (; b + 2 <= blocks; b += 2) {
        float *first = data + 16 * b, *second = first + 16;
        if (from_raw) {
            uniform01_from_raw(first);
            uniform01_from_raw(second);
        }
        normal_pair_of_blocks(first, second, mean, std);
    }
    if (b < blocks) {
        float *last = data + 16 * b;
        if (from_raw) uniform01_from_raw(last);
        normal_pair_of_blocks(last, last, mean, std);   // both halves compute the same block
    }
}

NORMAL_CLONES
void synapse_normal_f32_blocks(float *data, size_t blocks, float mean, float std) {
    normal_f32_blocks(data, blocks, mean, std, 0);
}

NORMAL_CLONES
void synapse_normal_f32_raw_blocks(float *data, size_t blocks, float mean, float std) {
    normal_f32_blocks(data, blocks, mean, std, 1);
}

void synapse_normal_f32_blocks_portable(float *data, size_t blocks, float mean, float std) {
    normal_f32_blocks(data, blocks, mean, std, 0);
}

void synapse_normal_f64_blocks(double *data, size_t blocks, double mean, double std) {
    const double two_pi = 2.0 * 3.14159265358979323846;
    for (size_t b = 0; b < blocks; b++) {
        double *block = data + 16 * b;
        for (int j = 0; j < 8; j++) {
            const double u1 = 1 - block[j];
            const double u2 = block[j + 8];
            const double radius = sqrt(-2 * log(u1));
            const double theta = two_pi * u2;
            block[j] = SYNAPSE_FMA(radius * cos(theta), std, mean);
            block[j + 8] = SYNAPSE_FMA(radius * sin(theta), std, mean);
        }
    }
}
