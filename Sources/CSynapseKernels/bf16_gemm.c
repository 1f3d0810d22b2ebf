// bfloat16 products with AVX-512 BF16 (see include/synapse_bf16_gemm.h).
//
// `vdpbf16ps acc, a, b` adds, in each 32-bit lane, a[2l]·b[2l] + a[2l+1]·b[2l+1] to the float32 lane of acc.
// So B is packed in panels of 32 columns where each 32-bit lane holds the pair (B[2p][j], B[2p+1][j]) of one
// column (64 bytes per pair of rows: two zmm registers), zero-padded to an even k and to 32 columns; A is read in
// place: the pair (A[i][2p], A[i][2p+1]) is adjacent in a row, so one 32-bit broadcast feeds a whole row of the
// panel. The micro-kernel keeps 8 rows × 32 columns (16 zmm accumulators) over the whole of k, then adds C (when
// accumulating) and a bias, applies ReLU when asked, rounds to bfloat16 and stores. B is packed 128 columns (four panels) at a time so that each
// 8-row strip of A, loaded once into L1, serves the four panels; or it comes packed already (a layer's weight kept
// by the Swift side's PackedOperandCache: synapse_bf16_pack once, synapse_bf16_gemm_prepacked on every call), the
// same panels walked in the same order, so the same bits. k is not blocked: one 8-row strip of A (k = 1536: 24 KiB)
// stays in L1 and four panels (k = 1536: 384 KiB) in L2, and one core already runs vdpbf16ps at its rate
// (~205 GFLOP/s on the 1024 × 384 × 1536 product, as oneDNN).
#include "synapse_bf16_gemm.h"
#include "synapse_vector_math.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include "bf16_lanes.h"

#define BG_TARGET BF16_TARGET
#define BG_ROWS 8
#define BG_PANEL 32
#define BG_PANELS_PER_BLOCK 4

// Packs columns [j0, j0 + width) (width <= 32) of B into one panel: pairs × 32 lanes × 2 bfloat16.
BG_TARGET static void bg_pack_panel(size_t k, const uint16_t *b, ptrdiff_t rs, ptrdiff_t cs, size_t j0, size_t width,
                                    uint16_t *panel) {
    size_t pairs = (k + 1) / 2;
    for (size_t p = 0; p < pairs; p++) {
        uint16_t *dst = panel + p * 2 * BG_PANEL;
        size_t r0 = 2 * p, r1 = 2 * p + 1;
        size_t l = 0;
        for (; l < width; l++) {
            const uint16_t *column = b + (ptrdiff_t)(j0 + l) * cs;
            dst[2 * l] = column[(ptrdiff_t)r0 * rs];
            dst[2 * l + 1] = r1 < k ? column[(ptrdiff_t)r1 * rs] : 0;
        }
        for (; l < BG_PANEL; l++) { dst[2 * l] = 0; dst[2 * l + 1] = 0; }
    }
}

// `rows` (<= 8) rows of A times one packed panel into C's columns [j, j + width).
BG_TARGET static inline __attribute__((always_inline)) void bg_kernel(
    const int rows, size_t k, const uint16_t *a, size_t lda, const uint16_t *panel, int epilogue,
    const uint16_t *bias, uint16_t *c, size_t ldc, size_t width) {
    bf16_tile acc;
    bf16_tile_zero(acc);
    size_t full = k / 2;
    const uint16_t *bp = panel;
    for (size_t p = 0; p < full; p++, bp += 2 * BG_PANEL) bf16_tile_step(acc, rows, a + 2 * p, lda, bp, 0);
    // The last, lone row of B was packed with a zero partner; pair A's last element with a zero.
    if (k & 1) bf16_tile_step(acc, rows, a + k - 1, lda, bp, 1);
    __mmask16 m0 = bf16_lanes(width), m1 = width <= 16 ? 0 : bf16_lanes(width - 16);
    __m512 bias0 = _mm512_setzero_ps(), bias1 = _mm512_setzero_ps();
    if (bias) { bias0 = bf16_load16(bias, m0); bias1 = bf16_load16(bias + 16, m1); }
    for (int r = 0; r < rows; r++) {
        uint16_t *cr = c + r * ldc;
        __m512 v0 = acc[r][0], v1 = acc[r][1];
        if (epilogue & SYNAPSE_BF16_ACCUMULATE) {
            v0 = _mm512_add_ps(v0, bf16_load16(cr, m0));
            v1 = _mm512_add_ps(v1, bf16_load16(cr + 16, m1));
        }
        if (bias) {  // the bias as addmm adds a bias broadcast into C first: to the float32 sum, before rounding
            v0 = _mm512_add_ps(v0, bias0);
            v1 = _mm512_add_ps(v1, bias1);
        }
        if (epilogue & SYNAPSE_BF16_RELU) {  // max(0, v) returns v when v is NaN: NaN stays NaN, as relu
            v0 = _mm512_max_ps(_mm512_setzero_ps(), v0);
            v1 = _mm512_max_ps(_mm512_setzero_ps(), v1);
        }
        _mm256_mask_storeu_epi16(cr, m0, bf16_round16(v0));
        _mm256_mask_storeu_epi16(cr + 16, m1, bf16_round16(v1));
    }
}

BG_TARGET static void bg_rows(int rows, size_t k, const uint16_t *a, size_t lda, const uint16_t *panel,
                              int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc, size_t width) {
    switch (rows) {  // each row count its own fully unrolled kernel
    case 8: bg_kernel(8, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 7: bg_kernel(7, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 6: bg_kernel(6, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 5: bg_kernel(5, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 4: bg_kernel(4, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 3: bg_kernel(3, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    case 2: bg_kernel(2, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    default: bg_kernel(1, k, a, lda, panel, epilogue, bias, c, ldc, width); break;
    }
}

// A's rows times packed panels (`panels` + q·panel_elements holds columns [begin + 32q, begin + 32q + 32)) into
// C's columns [begin, end): blocks of four panels, so that each 8-row strip of A, loaded once into L1, serves four.
BG_TARGET static void bg_multiply_panels(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *panels,
                                         size_t panel_elements, int epilogue, const uint16_t *bias, uint16_t *c,
                                         size_t ldc, size_t begin, size_t end) {
    for (size_t j0 = begin; j0 < end; j0 += BG_PANEL * BG_PANELS_PER_BLOCK) {
        size_t blockEnd = j0 + BG_PANEL * BG_PANELS_PER_BLOCK < end ? j0 + BG_PANEL * BG_PANELS_PER_BLOCK : end;
        size_t panels_in_block = (blockEnd - j0 + BG_PANEL - 1) / BG_PANEL;
        const uint16_t *block = panels + (j0 - begin) / BG_PANEL * panel_elements;
        for (size_t i = 0; i < m; i += BG_ROWS) {
            int rows = m - i < BG_ROWS ? (int)(m - i) : BG_ROWS;
            for (size_t q = 0; q < panels_in_block; q++) {
                size_t j = j0 + q * BG_PANEL, width = blockEnd - j < BG_PANEL ? blockEnd - j : BG_PANEL;
                bg_rows(rows, k, a + i * lda, lda, block + q * panel_elements, epilogue, bias ? bias + j : NULL,
                        c + i * ldc + j, ldc, width);
            }
        }
    }
}

// Packs B's columns [begin, end) into consecutive panels.
BG_TARGET static void bg_pack_columns(size_t k, const uint16_t *b, ptrdiff_t rs, ptrdiff_t cs, size_t begin,
                                      size_t end, uint16_t *panels) {
    size_t panel_elements = synapse_bf16_panel_elements(k);
    for (size_t j = begin; j < end; j += BG_PANEL, panels += panel_elements)
        bg_pack_panel(k, b, rs, cs, j, end - j < BG_PANEL ? end - j : BG_PANEL, panels);
}

BG_TARGET static void bg_gemm(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *b, ptrdiff_t rs,
                              ptrdiff_t cs, int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc, size_t begin,
                              size_t end) {
    size_t panel_elements = synapse_bf16_panel_elements(k);
    size_t bytes = (panel_elements * BG_PANELS_PER_BLOCK * sizeof(uint16_t) + 63) & ~(size_t)63;
    uint16_t *packed = aligned_alloc(64, bytes ? bytes : 64);
    if (!packed) abort();
    for (size_t j0 = begin; j0 < end; j0 += BG_PANEL * BG_PANELS_PER_BLOCK) {
        size_t blockEnd = j0 + BG_PANEL * BG_PANELS_PER_BLOCK < end ? j0 + BG_PANEL * BG_PANELS_PER_BLOCK : end;
        bg_pack_columns(k, b, rs, cs, j0, blockEnd, packed);
        bg_multiply_panels(m, k, a, lda, packed, panel_elements, epilogue, bias, c, ldc, j0, blockEnd);
    }
    free(packed);
}

static int bg_cached = -1;

int synapse_bf16_gemm_supported(void) {
    int supported = __atomic_load_n(&bg_cached, __ATOMIC_RELAXED);
    if (supported < 0) {
        __builtin_cpu_init();
        supported = synapse_vmath_isa() >= SYNAPSE_VM_ISA_AVX512 && __builtin_cpu_supports("avx512bf16");
        __atomic_store_n(&bg_cached, supported, __ATOMIC_RELAXED);
    }
    return supported;
}

void synapse_bf16_gemm(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *b, ptrdiff_t b_row_stride,
                       ptrdiff_t b_column_stride, int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc,
                       size_t column_begin, size_t column_end) {
    if (m == 0 || column_end <= column_begin) return;
    bg_gemm(m, k, a, lda, b, b_row_stride, b_column_stride, epilogue, bias, c, ldc, column_begin, column_end);
}

void synapse_bf16_pack(size_t k, const uint16_t *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                       size_t column_begin, size_t column_end, uint16_t *panels) {
    if (column_end <= column_begin) return;
    bg_pack_columns(k, b, b_row_stride, b_column_stride, column_begin, column_end, panels);
}

void synapse_bf16_gemm_prepacked(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *panels,
                                 int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc, size_t column_begin,
                                 size_t column_end) {
    if (m == 0 || column_end <= column_begin) return;
    size_t panel_elements = synapse_bf16_panel_elements(k);
    bg_multiply_panels(m, k, a, lda, panels + column_begin / BG_PANEL * panel_elements, panel_elements, epilogue,
                       bias, c, ldc, column_begin, column_end);
}

#else
int synapse_bf16_gemm_supported(void) { return 0; }

void synapse_bf16_gemm(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *b, ptrdiff_t b_row_stride,
                       ptrdiff_t b_column_stride, int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc,
                       size_t column_begin, size_t column_end) {
    (void)m; (void)k; (void)a; (void)lda; (void)b; (void)b_row_stride; (void)b_column_stride; (void)epilogue; (void)bias;
    (void)c; (void)ldc; (void)column_begin; (void)column_end;
    abort();  // callers check synapse_bf16_gemm_supported first
}

void synapse_bf16_pack(size_t k, const uint16_t *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                       size_t column_begin, size_t column_end, uint16_t *panels) {
    (void)k; (void)b; (void)b_row_stride; (void)b_column_stride; (void)column_begin; (void)column_end; (void)panels;
    abort();  // callers check synapse_bf16_gemm_supported first
}

void synapse_bf16_gemm_prepacked(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *panels,
                                 int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc, size_t column_begin,
                                 size_t column_end) {
    (void)m; (void)k; (void)a; (void)lda; (void)panels; (void)epilogue; (void)bias; (void)c; (void)ldc; (void)column_begin;
    (void)column_end;
    abort();  // callers check synapse_bf16_gemm_supported first
}
#endif

size_t synapse_bf16_panel_elements(size_t k) { return (k + 1) / 2 * 2 * 32; }
