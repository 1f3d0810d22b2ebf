#ifndef SYNAPSE_BF16_GEMM_H
#define SYNAPSE_BF16_GEMM_H
/// bfloat16 matrix products on AVX-512 BF16 (`vdpbf16ps`): bfloat16 operands, float32 accumulation, each result
/// rounded once to bfloat16 (to nearest even, as `BFloat16(_: Float)`).
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when `synapse_bf16_gemm` can run: the CPU has AVX-512 F/BW/VL and BF16, and `SYNAPSE_VMATH_ISA` doesn't lower
/// the instruction set below AVX-512; 0 otherwise (callers then convert to float32 and use a float32 product).
int synapse_bf16_gemm_supported(void);

/// Flags of `synapse_bf16_gemm`'s `epilogue`: what happens to each float32 sum before its one rounding.
enum {
    /// Add C's bfloat16 value (how a bias broadcast into C first is added).
    SYNAPSE_BF16_ACCUMULATE = 1,
    /// Then `max(0, ·)` (NaN stays NaN), after the bias: a linear layer's ReLU, the same bits as ReLU after it.
    SYNAPSE_BF16_RELU = 2,
};

/// `C = A·B`, plus C when `epilogue` has `SYNAPSE_BF16_ACCUMULATE`, plus `bias[j]` in column j when `bias` (bfloat16,
/// indexed from column 0) is not NULL, then ReLU with `SYNAPSE_BF16_RELU`, all in float32 before the one rounding
/// (a bias added so gives the bits of a bias broadcast into C and accumulated), for columns `j` in
/// `[column_begin, column_end)` of C only, so callers can split the work across threads.
/// `A` is `m × k` with unit column stride and row stride `lda`; element (p, j) of `B` (`k × n`) is at
/// `b[p·b_row_stride + j·b_column_stride]` (a linear layer's weight `W`, `n × k` row-major, is `B = Wᵀ` with
/// strides (1, k)); `C` is row-major with row stride `ldc`. Must only be called when `synapse_bf16_gemm_supported`.
void synapse_bf16_gemm(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *b, ptrdiff_t b_row_stride,
                       ptrdiff_t b_column_stride, int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc,
                       size_t column_begin, size_t column_end);

/// bfloat16 elements of one packed panel of `B` (32 columns, `k` rounded up to even, pairs of rows interleaved as
/// `vdpbf16ps` reads them): the stride between the panels `synapse_bf16_pack` writes.
size_t synapse_bf16_panel_elements(size_t k);

/// Packs columns `[column_begin, column_end)` of `B` (strides as in `synapse_bf16_gemm`; `column_begin` a multiple
/// of 32) into `ceil((column_end − column_begin) / 32)` consecutive panels at `panels`, zero-padded: a packed weight
/// that `synapse_bf16_gemm_prepacked` reuses across calls. Must only be called when `synapse_bf16_gemm_supported`.
void synapse_bf16_pack(size_t k, const uint16_t *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                       size_t column_begin, size_t column_end, uint16_t *panels);

/// `synapse_bf16_gemm` with `B` already packed: `panels` holds all of B's columns from column 0 (as
/// `synapse_bf16_pack(k, b, …, 0, n, panels)` wrote them); `column_begin` must be a multiple of 32. Same sums in the
/// same order, so the same bits as `synapse_bf16_gemm`.
void synapse_bf16_gemm_prepacked(size_t m, size_t k, const uint16_t *a, size_t lda, const uint16_t *panels,
                                 int epilogue, const uint16_t *bias, uint16_t *c, size_t ldc, size_t column_begin,
                                 size_t column_end);

#ifdef __cplusplus
}
#endif
#endif
