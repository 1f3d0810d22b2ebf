#ifndef SYNAPSE_BF16_ATTENTION_H
#define SYNAPSE_BF16_ATTENTION_H
/// Attention of one head in bfloat16 on AVX-512 BF16 (`vdpbf16ps`), as PyTorch's CPU flash-attention kernel
/// computes it for bfloat16 (one block of keys): scores `q·kᵀ` summed in float32, scaled and masked in float32,
/// `p = exp(score - row max)` in float32 with its row sum in float32, `p` rounded to bfloat16 for the product with
/// `v` (float32 sums), that product divided by the row sum and rounded once to bfloat16.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when `synapse_bf16_attention` runs at `isa` (a `SYNAPSE_VM_ISA_*` level, -1 for the best one): the level is
/// AVX-512, the machine runs it and has AVX-512 BF16; 0 otherwise.
int synapse_bf16_attention_supported(int isa);

/// `out = softmax(scale · q·kᵀ + mask) · v` for one head: `q` `rows × depth`, `k` `columns × depth`, `v`
/// `columns × value_depth` and `out` `rows × value_depth`, each bfloat16 with unit column stride and the given row
/// stride (the heads of a `[tokens, 3·E]` projection read in place). `mask` (bfloat16, additive, may be NULL) has
/// element (i, j) at `mask[i·mask_row_stride + j·mask_column_stride]`. A row masked throughout (-inf everywhere)
/// gives zeros, as PyTorch's `_safe_softmax`; a NaN in a row makes its output NaN. `isa` is a `SYNAPSE_VM_ISA_*`
/// level or -1 for the best one; returns -1 (writing nothing) when `synapse_bf16_attention_supported(isa)` is 0
/// (callers then compute in float32), 0 otherwise.
int synapse_bf16_attention(size_t rows, size_t columns, size_t depth, size_t value_depth, const uint16_t *q,
                           size_t ldq, const uint16_t *k, size_t ldk, const uint16_t *v, size_t ldv,
                           const uint16_t *mask, ptrdiff_t mask_row_stride, ptrdiff_t mask_column_stride, float scale,
                           uint16_t *out, size_t ldo, int isa);

#ifdef __cplusplus
}
#endif
#endif
