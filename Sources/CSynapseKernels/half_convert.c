// Bulk float32 <-> bfloat16 / float16 conversions (see include/synapse_half.h).
//
// Every conversion is one branch-free element function inlined into a plain loop, compiled three times (AVX-512,
// AVX2 + F16C, baseline) with `target` attributes and picked once at run time, as in vector_math.c. The bfloat16
// loops are integer arithmetic that clang vectorises at every level; the float16 loops use the F16C / AVX-512
// conversion instructions where present and a software version of compiler-rt's `__truncsfhf2` / `__extendhfsf2`
// (what Swift's `Float16(Float)` / `Float(Float16)` call on x86-64 Linux) elsewhere, so all paths agree bit for bit.
#include "synapse_half.h"
#include "synapse_vector_math.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HC_X86 1
#include <immintrin.h>
#else
#define HC_X86 0
#endif

#define HC_INLINE static inline __attribute__((always_inline))

#if defined(__clang__)
#define HC_VECTORIZE _Pragma("clang loop vectorize(enable)")
#else
#define HC_VECTORIZE
#endif

HC_INLINE uint32_t hc_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
HC_INLINE float hc_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

// Round to nearest even on the upper 16 bits; NaN (exponent all ones, non-zero mantissa) becomes 0x7FC0.
HC_INLINE uint16_t hc_bf16(float value) {
    uint32_t bits = hc_bits(value);
    uint32_t rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
    return (bits & 0x7FFFFFFFu) > 0x7F800000u ? (uint16_t)0x7FC0 : (uint16_t)rounded;
}

HC_INLINE float hc_from_bf16(uint16_t h) { return hc_float((uint32_t)h << 16); }

// compiler-rt's __truncsfhf2, written with selects so it vectorises.
HC_INLINE uint16_t hc_f16_soft(float value) {
    uint32_t bits = hc_bits(value);
    uint32_t sign = (bits >> 16) & 0x8000u;
    uint32_t abs = bits & 0x7FFFFFFFu;
    // Normal results: rebias the exponent, round the 13 dropped bits to nearest even (a carry into the exponent is
    // right, up to infinity).
    uint32_t rebased = abs - ((127u - 15u) << 23);
    uint32_t normal = rebased >> 13;
    uint32_t normalRound = rebased & 0x1FFFu;
    normal += (normalRound > 0x1000u) | ((normalRound == 0x1000u) & normal);
    // Subnormal results: shift the significand (with its implicit bit) right, keeping a sticky bit.
    uint32_t exponent = abs >> 23;
    uint32_t shift = 113u - exponent;  // >= 1 below the normal range
    uint32_t significand = (abs & 0x007FFFFFu) | 0x00800000u;
    uint32_t clampedShift = shift > 24u ? 24u : shift;
    uint32_t sticky = (significand << ((32u - clampedShift) & 31u)) != 0;
    uint32_t denormalized = (significand >> clampedShift) | sticky;
    uint32_t subnormal = denormalized >> 13;
    uint32_t subnormalRound = denormalized & 0x1FFFu;
    subnormal += (subnormalRound > 0x1000u) | ((subnormalRound == 0x1000u) & subnormal);
    subnormal = shift > 24u ? 0u : subnormal;
    uint32_t nan = 0x7E00u | ((abs & 0x003FFFFFu) >> 13);
    uint32_t result = abs > 0x7F800000u ? nan
                    : abs >= 0x477FF000u ? 0x7C00u  // 65520 and above round to infinity
                    : abs >= 0x38800000u ? normal    // 2^-14, the smallest normal float16
                                         : subnormal;
    return (uint16_t)(sign | result);
}

// compiler-rt's __extendhfsf2: exact; NaN payloads (and signalling NaNs) are kept as they are.
HC_INLINE float hc_from_f16_soft(uint16_t h) {
    uint32_t sign = ((uint32_t)h & 0x8000u) << 16;
    uint32_t exponent = ((uint32_t)h >> 10) & 0x1Fu, mantissa = (uint32_t)h & 0x3FFu;
    uint32_t normal = ((exponent + 112u) << 23) | (mantissa << 13);
    uint32_t special = 0x7F800000u | (mantissa << 13);
    uint32_t subnormal = hc_bits((float)mantissa * 0x1p-24f);  // exact: at most 10 significant bits
    uint32_t magnitude = exponent == 0x1Fu ? special : (exponent != 0 ? normal : subnormal);
    return hc_float(sign | magnitude);
}

#define HC_BF16_LOOPS(SUF, ATTR)                                                                   \
    ATTR static void hc_bf16_from_f32_##SUF(const float *x, uint16_t *y, size_t n) {               \
        HC_VECTORIZE for (size_t i = 0; i < n; i++) y[i] = hc_bf16(x[i]);                           \
    }                                                                                              \
    ATTR static void hc_f32_from_bf16_##SUF(const uint16_t *x, float *y, size_t n) {               \
        HC_VECTORIZE for (size_t i = 0; i < n; i++) y[i] = hc_from_bf16(x[i]);                      \
    }

HC_BF16_LOOPS(baseline, )

static void hc_f16_from_f32_baseline(const float *x, uint16_t *y, size_t n) {
    HC_VECTORIZE for (size_t i = 0; i < n; i++) y[i] = hc_f16_soft(x[i]);
}
static void hc_f32_from_f16_baseline(const uint16_t *x, float *y, size_t n) {
    HC_VECTORIZE for (size_t i = 0; i < n; i++) y[i] = hc_from_f16_soft(x[i]);
}

#if HC_X86
#define HC_AVX2 __attribute__((target("avx2,fma,f16c")))
#define HC_AVX512 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512dq,avx512bw")))
HC_BF16_LOOPS(avx2, HC_AVX2)
HC_BF16_LOOPS(avx512, HC_AVX512)

HC_AVX2 static void hc_f16_from_f32_avx2(const float *x, uint16_t *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(y + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) y[i] = (uint16_t)_mm_extract_epi16(_mm_cvtps_ph(_mm_set_ss(x[i]), _MM_FROUND_TO_NEAREST_INT), 0);
}
HC_AVX2 static void hc_f32_from_f16_avx2(const uint16_t *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))));
    for (; i < n; i++) y[i] = _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(x[i])));
}
HC_AVX512 static void hc_f16_from_f32_avx512(const float *x, uint16_t *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i *)(y + i), _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    if (i < n) {
        __mmask16 mask = (__mmask16)((1u << (n - i)) - 1u);
        __m256i h = _mm512_cvtps_ph(_mm512_maskz_loadu_ps(mask, x + i), _MM_FROUND_TO_NEAREST_INT);
        _mm256_mask_storeu_epi16(y + i, mask, h);
    }
}
HC_AVX512 static void hc_f32_from_f16_avx512(const uint16_t *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(x + i))));
    if (i < n) {
        __mmask16 mask = (__mmask16)((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(y + i, mask, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, x + i)));
    }
}
#endif

typedef void (*hc_fn)(const void *, void *, size_t);

static const hc_fn hc_table[3][4] = {
    {(hc_fn)hc_bf16_from_f32_baseline, (hc_fn)hc_f32_from_bf16_baseline, (hc_fn)hc_f16_from_f32_baseline,
     (hc_fn)hc_f32_from_f16_baseline},
#if HC_X86
    {(hc_fn)hc_bf16_from_f32_avx2, (hc_fn)hc_f32_from_bf16_avx2, (hc_fn)hc_f16_from_f32_avx2,
     (hc_fn)hc_f32_from_f16_avx2},
    {(hc_fn)hc_bf16_from_f32_avx512, (hc_fn)hc_f32_from_bf16_avx512, (hc_fn)hc_f16_from_f32_avx512,
     (hc_fn)hc_f32_from_f16_avx512},
#endif
};

static int hc_cached_supported = -1, hc_cached_level = -1;

// What the hardware allows: the vector-math level, capped at baseline without F16C.
static int hc_supported(void) {
    int level = __atomic_load_n(&hc_cached_supported, __ATOMIC_RELAXED);
    if (level < 0) {
        int available = 0;
#if HC_X86
        int vmath_supported = synapse_vmath_run_f32(SYNAPSE_VM_EXP, SYNAPSE_VM_ISA_AVX512, NULL, NULL, 0) == 0
                                  ? SYNAPSE_VM_ISA_AVX512
                              : synapse_vmath_run_f32(SYNAPSE_VM_EXP, SYNAPSE_VM_ISA_AVX2, NULL, NULL, 0) == 0
                                  ? SYNAPSE_VM_ISA_AVX2
                                  : SYNAPSE_VM_ISA_BASELINE;
        __builtin_cpu_init();
        available = __builtin_cpu_supports("f16c") ? vmath_supported : SYNAPSE_VM_ISA_BASELINE;
#endif
        level = available;
        __atomic_store_n(&hc_cached_supported, level, __ATOMIC_RELAXED);
    }
    return level;
}

int synapse_half_isa(void) {
    int level = __atomic_load_n(&hc_cached_level, __ATOMIC_RELAXED);
    if (level < 0) {
        int wanted = synapse_vmath_isa();  // honours SYNAPSE_VMATH_ISA
        level = hc_supported();
        if (wanted < level) level = wanted;
        __atomic_store_n(&hc_cached_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

void synapse_bf16_from_f32(const float *x, uint16_t *y, size_t n) {
    hc_table[synapse_half_isa()][SYNAPSE_HALF_BF16_FROM_F32](x, y, n);
}
void synapse_f32_from_bf16(const uint16_t *x, float *y, size_t n) {
    hc_table[synapse_half_isa()][SYNAPSE_HALF_F32_FROM_BF16](x, y, n);
}
void synapse_f16_from_f32(const float *x, uint16_t *y, size_t n) {
    hc_table[synapse_half_isa()][SYNAPSE_HALF_F16_FROM_F32](x, y, n);
}
void synapse_f32_from_f16(const uint16_t *x, float *y, size_t n) {
    hc_table[synapse_half_isa()][SYNAPSE_HALF_F32_FROM_F16](x, y, n);
}

int synapse_half_convert_run(int op, int isa, const void *x, void *y, size_t n) {
    if (op < 0 || op > 3 || isa < 0 || isa > hc_supported()) return -1;
    hc_table[isa][op](x, y, n);
    return 0;
}
