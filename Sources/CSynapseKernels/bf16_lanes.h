// AVX-512 BF16 helpers shared by the bfloat16 kernels (bf16_gemm.c, attention_bf16.c); private to CSynapseKernels
// (not under include/).
#ifndef SYNAPSE_BF16_LANES_H
#define SYNAPSE_BF16_LANES_H
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

/// The attribute of the functions that use `vdpbf16ps`.
#define BF16_TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512dq,avx512bw,avx512bf16")))

/// float32 -> bfloat16 bits, 16 lanes, to nearest even; NaN -> 0x7FC0 (as BFloat16(_: Float) and c10). Not
/// `vcvtneps2bf16`, which flushes subnormal inputs to zero.
BF16_TARGET static inline __m256i bf16_round16(__m512 v) {
    __m512i bits = _mm512_castps_si512(v);
    __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
    __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7FFF))), 16);
    __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    rounded = _mm512_mask_mov_epi32(rounded, nan, _mm512_set1_epi32(0x7FC0));
    return _mm512_cvtepi32_epi16(rounded);
}

/// 16 bfloat16 values (the lanes of `mask`, zeros elsewhere) widened to float32.
BF16_TARGET static inline __m512 bf16_load16(const uint16_t *p, __mmask16 mask) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, p)), 16));
}

/// The lanes `[0, width)` of 16 (all of them from 16 on).
static inline __mmask16 bf16_lanes(size_t width) {
    return width >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << width) - 1u);
}

/// The accumulators of a tile of up to 8 rows × 32 float32 columns (two zmm per row).
typedef __m512 bf16_tile[8][2];

/// One step of `vdpbf16ps` on a tile: `acc[r] += pair(r) · (b[0..<32) as 16 pairs, b[32..<64))` for rows
/// `0..<rows`, where `pair(r)` is the 32-bit pair of bfloat16 at `a + r·lda` or, with `lone`, the single element
/// there paired with zero (an odd depth's last element, whose neighbour may belong to another operand).
BF16_TARGET static inline __attribute__((always_inline)) void bf16_tile_step(bf16_tile acc, const int rows,
                                                                             const uint16_t *a, size_t lda,
                                                                             const void *b, int lone) {
    __m512bh b0 = (__m512bh)_mm512_loadu_si512(b), b1 = (__m512bh)_mm512_loadu_si512((const char *)b + 64);
    for (int r = 0; r < rows; r++) {
        uint32_t pair = a[r * lda];
        if (!lone) memcpy(&pair, a + r * lda, 4);
        __m512bh av = (__m512bh)_mm512_set1_epi32((int)pair);
        acc[r][0] = _mm512_dpbf16_ps(acc[r][0], av, b0);
        acc[r][1] = _mm512_dpbf16_ps(acc[r][1], av, b1);
    }
}

/// A tile of zeros.
BF16_TARGET static inline __attribute__((always_inline)) void bf16_tile_zero(bf16_tile acc) {
    for (int r = 0; r < 8; r++) { acc[r][0] = _mm512_setzero_ps(); acc[r][1] = _mm512_setzero_ps(); }
}
#endif
#endif
