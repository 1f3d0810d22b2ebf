// One head of bfloat16 attention with AVX-512 BF16 (see include/synapse_bf16_attention.h).
//
// `vdpbf16ps` multiplies pairs of bfloat16 values along the summed dimension, so each operand that plays `B` is
// packed with each 32-bit lane holding one pair: kᵀ as (k[j][2p], k[j][2p+1]) for key j (a 32-bit load from k's
// row: a transpose of 32-bit words), v as (v[2p][d], v[2p+1][d]) (two rows interleaved). `q` and `p` play `A` and
// are read in place, one 32-bit broadcast per pair. A tile of 8 query rows at a time: their scores (8 × keys
// float32) stay in L1 between the two products, as in PyTorch's flash kernel, whose block of keys is 512 wide (so
// one block for sequences up to 512; longer ones are still one block here, whose sums differ only by rounding).
#include "synapse_bf16_attention.h"
#include "synapse_bf16_gemm.h"
#include "synapse_normalization.h"
#include "isa_dispatch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if SYNAPSE_ISA_X86
#include "bf16_lanes.h"

#define BA_ROWS 8
#define BA_CHUNK 32

// kᵀ packed: `padded` lanes per pair of depth (zeros past the keys and, for an odd depth, past it). A pair is
// adjacent in k's row: one 32-bit load.
static void ba_pack_keys(size_t columns, size_t depth, const uint16_t *k, size_t ldk, uint32_t *packed,
                         size_t padded) {
    size_t full = depth / 2;
    memset(packed, 0, (depth + 1) / 2 * padded * sizeof(uint32_t));
    for (size_t j = 0; j < columns; j++) {
        const uint16_t *row = k + j * ldk;
        for (size_t p = 0; p < full; p++) memcpy(packed + p * padded + j, row + 2 * p, 4);
        if (depth & 1) packed[full * padded + j] = row[depth - 1];  // its neighbour may be another head's
    }
}

// v packed: `padded` lanes (value columns rounded up to 32) per pair of keys (zeros past them): two rows
// interleaved, 16 columns at a time.
BF16_TARGET static void ba_pack_values(size_t columns, size_t value_depth, const uint16_t *v, size_t ldv,
                                       uint32_t *packed, size_t padded) {
    size_t pairs = (columns + 1) / 2;
    for (size_t p = 0; p < pairs; p++) {
        const uint16_t *first = v + 2 * p * ldv, *second = 2 * p + 1 < columns ? first + ldv : NULL;
        for (size_t d = 0; d < padded; d += 16) {
            __mmask16 lanes = d < value_depth ? bf16_lanes(value_depth - d) : 0;
            __m512i low = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(lanes, first + d));
            __m512i high = second ? _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(lanes, second + d))
                                  : _mm512_setzero_si512();
            _mm512_storeu_si512(packed + p * padded + d, _mm512_or_si512(low, _mm512_slli_epi32(high, 16)));
        }
    }
}

// Scores of `rows` (<= 8) query rows against keys [c0, c0 + 32): `scale · q·kᵀ` into `scores` (row stride lds).
BF16_TARGET static inline __attribute__((always_inline)) void ba_scores(
    const int rows, size_t depth, const uint16_t *q, size_t ldq, const uint32_t *keys, size_t padded, size_t c0,
    float scale, float *scores, size_t lds) {
    bf16_tile acc;
    bf16_tile_zero(acc);
    size_t full = depth / 2, p = 0;
    for (; p < full; p++) bf16_tile_step(acc, rows, q + 2 * p, ldq, keys + p * padded + c0, 0);
    // An odd depth's last element, alone (the next one may be another head's), times the packed zero.
    if (depth & 1) bf16_tile_step(acc, rows, q + 2 * p, ldq, keys + p * padded + c0, 1);
    __m512 s = _mm512_set1_ps(scale);
    for (int r = 0; r < rows; r++) {
        _mm512_storeu_ps(scores + r * lds + c0, _mm512_mul_ps(acc[r][0], s));
        _mm512_storeu_ps(scores + r * lds + c0 + 16, _mm512_mul_ps(acc[r][1], s));
    }
}

// `rows` (<= 8) rows of bfloat16 probabilities `p` (row stride ldp, zero-padded to an even width) times the packed
// values' columns [d0, d0 + width) (width <= 32), each row multiplied by `inverse[r]`, rounded into `out`.
BF16_TARGET static inline __attribute__((always_inline)) void ba_values(
    const int rows, size_t columns, const uint16_t *p, size_t ldp, const uint32_t *values, size_t padded, size_t d0,
    size_t width, const float *inverse, uint16_t *out, size_t ldo) {
    bf16_tile acc;
    bf16_tile_zero(acc);
    size_t pairs = (columns + 1) / 2;  // p is zero-padded to an even width: whole pairs
    for (size_t j = 0; j < pairs; j++) bf16_tile_step(acc, rows, p + 2 * j, ldp, values + j * padded + d0, 0);
    __mmask16 m0 = bf16_lanes(width), m1 = width <= 16 ? 0 : bf16_lanes(width - 16);
    for (int r = 0; r < rows; r++) {
        __m512 factor = _mm512_set1_ps(inverse[r]);
        _mm256_mask_storeu_epi16(out + r * ldo + d0, m0, bf16_round16(_mm512_mul_ps(acc[r][0], factor)));
        _mm256_mask_storeu_epi16(out + r * ldo + d0 + 16, m1, bf16_round16(_mm512_mul_ps(acc[r][1], factor)));
    }
}

// One row of scores (n of them): the mask added, exp(score - max) rounded into `p` (zero-padded to `ldp`);
// returns 1 / Σ exp (0 for a row masked throughout, NaN when a NaN is in the row).
BF16_TARGET static float ba_softmax_row(float *s, size_t n, const uint16_t *mask, ptrdiff_t mcs, uint16_t *p,
                                        size_t ldp) {
    if (mask) {
        if (mcs == 1) {
            size_t j = 0;
            for (; j + 16 <= n; j += 16)
                _mm512_storeu_ps(s + j, _mm512_add_ps(_mm512_loadu_ps(s + j), bf16_load16(mask + j, 0xFFFF)));
            if (j < n) {
                __mmask16 tail = bf16_lanes(n - j);
                _mm512_mask_storeu_ps(s + j, tail, _mm512_add_ps(_mm512_maskz_loadu_ps(tail, s + j),
                                                                 bf16_load16(mask + j, tail)));
            }
        } else {
            for (size_t j = 0; j < n; j++) {
                uint32_t bits = (uint32_t)mask[(ptrdiff_t)j * mcs] << 16;
                float value;
                memcpy(&value, &bits, 4);
                s[j] += value;
            }
        }
    }
    // The maximum: vmaxps returns its second operand when either is NaN, so a NaN score is dropped here and
    // found below through the sum (exp(NaN - m) is NaN), or by the scan of a row whose maximum is -inf.
    __m512 lanes = _mm512_set1_ps(-INFINITY);
    size_t j = 0;
    for (; j + 16 <= n; j += 16) lanes = _mm512_max_ps(_mm512_loadu_ps(s + j), lanes);
    float m = _mm512_reduce_max_ps(lanes);
    for (; j < n; j++) m = s[j] > m ? s[j] : m;
    memset(p, 0, ldp * sizeof(uint16_t));
    if (m == -INFINITY) {
        for (j = 0; j < n; j++)
            if (s[j] != s[j]) return NAN;
        return 0;
    }
    float sum = synapse_vexp_shift_sum_f32(s, s, n, m);
    for (j = 0; j + 16 <= n; j += 16) _mm256_storeu_si256((__m256i *)(p + j), bf16_round16(_mm512_loadu_ps(s + j)));
    if (j < n) _mm256_mask_storeu_epi16(p + j, bf16_lanes(n - j), bf16_round16(_mm512_maskz_loadu_ps(bf16_lanes(n - j), s + j)));
    return 1.0f / sum;
}

// Query rows [i, i + rows) (rows <= 8): their scores, softmax and product with v.
BF16_TARGET static inline __attribute__((always_inline)) void ba_tile(
    const int rows, size_t columns, size_t depth, size_t value_depth, const uint16_t *q, size_t ldq,
    const uint32_t *keys, size_t key_padded, const uint32_t *values, size_t value_padded, const uint16_t *mask,
    ptrdiff_t mrs, ptrdiff_t mcs, float scale, float *scores, uint16_t *p, size_t ldp, uint16_t *out, size_t ldo) {
    for (size_t c0 = 0; c0 < columns; c0 += BA_CHUNK)
        ba_scores(rows, depth, q, ldq, keys, key_padded, c0, scale, scores, key_padded);
    float inverse[BA_ROWS];
    for (int r = 0; r < rows; r++)
        inverse[r] = ba_softmax_row(scores + r * key_padded, columns, mask ? mask + r * mrs : NULL, mcs,
                                    p + r * ldp, ldp);
    for (size_t d0 = 0; d0 < value_depth; d0 += BA_CHUNK)
        ba_values(rows, columns, p, ldp, values, value_padded, d0,
                  value_depth - d0 < BA_CHUNK ? value_depth - d0 : BA_CHUNK, inverse, out, ldo);
}

BF16_TARGET static void ba_head(size_t rows, size_t columns, size_t depth, size_t value_depth, const uint16_t *q,
                                size_t ldq, const uint16_t *k, size_t ldk, const uint16_t *v, size_t ldv,
                                const uint16_t *mask, ptrdiff_t mrs, ptrdiff_t mcs, float scale, uint16_t *out,
                                size_t ldo) {
    size_t key_padded = (columns + BA_CHUNK - 1) / BA_CHUNK * BA_CHUNK;
    size_t value_padded = (value_depth + BA_CHUNK - 1) / BA_CHUNK * BA_CHUNK;
    size_t ldp = (columns + 1) / 2 * 2;
    size_t key_words = (depth + 1) / 2 * key_padded, value_words = (columns + 1) / 2 * value_padded;
    size_t bytes = (key_words + value_words) * sizeof(uint32_t) + BA_ROWS * key_padded * sizeof(float)
                 + BA_ROWS * ldp * sizeof(uint16_t);
    uint32_t *keys = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
    if (!keys) abort();
    uint32_t *values = keys + key_words;
    float *scores = (float *)(values + value_words);
    uint16_t *p = (uint16_t *)(scores + BA_ROWS * key_padded);
    ba_pack_keys(columns, depth, k, ldk, keys, key_padded);
    ba_pack_values(columns, value_depth, v, ldv, values, value_padded);
    for (size_t i = 0; i < rows; i += BA_ROWS) {
        const uint16_t *qi = q + i * ldq, *mi = mask ? mask + (ptrdiff_t)i * mrs : NULL;
        uint16_t *oi = out + i * ldo;
        switch (rows - i < BA_ROWS ? rows - i : BA_ROWS) {  // a full tile unrolled; the last one as it comes
        case 8:
            ba_tile(8, columns, depth, value_depth, qi, ldq, keys, key_padded, values, value_padded, mi, mrs, mcs,
                    scale, scores, p, ldp, oi, ldo);
            break;
        default:
            for (size_t r = i; r < rows; r++)
                ba_tile(1, columns, depth, value_depth, q + r * ldq, ldq, keys, key_padded, values, value_padded,
                        mask ? mask + (ptrdiff_t)r * mrs : NULL, mrs, mcs, scale, scores, p, ldp, out + r * ldo, ldo);
            break;
        }
    }
    free(keys);
}
#endif

int synapse_bf16_attention_supported(int isa) {
    isa = synapse_isa_level(isa);
    return isa >= SYNAPSE_VM_ISA_AVX512 && synapse_bf16_gemm_supported();
}

int synapse_bf16_attention(size_t rows, size_t columns, size_t depth, size_t value_depth, const uint16_t *q,
                           size_t ldq, const uint16_t *k, size_t ldk, const uint16_t *v, size_t ldv,
                           const uint16_t *mask, ptrdiff_t mask_row_stride, ptrdiff_t mask_column_stride, float scale,
                           uint16_t *out, size_t ldo, int isa) {
    if (!synapse_bf16_attention_supported(isa)) return -1;
#if SYNAPSE_ISA_X86
    if (rows > 0 && value_depth > 0)
        ba_head(rows, columns, depth, value_depth, q, ldq, k, ldk, v, ldv, mask, mask_row_stride, mask_column_stride,
                scale, out, ldo);
    return 0;
#else
    (void)rows; (void)columns; (void)depth; (void)value_depth; (void)q; (void)ldq; (void)k; (void)ldk; (void)v;
    (void)ldv; (void)mask; (void)mask_row_stride; (void)mask_column_stride; (void)scale; (void)out; (void)ldo;
    return -1;
#endif
}
