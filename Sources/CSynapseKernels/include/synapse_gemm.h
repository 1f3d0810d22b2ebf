#ifndef SYNAPSE_GEMM_H
#define SYNAPSE_GEMM_H
/// Matrix products of shapes general BLAS kernels handle poorly, and the row softmax between attention's two products.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `C = alpha·A·Bᵀ + beta·C` for a short `A` (`m` rows, any number, best at most 16), `B` stored `n × k` row-major
/// (a linear layer's weight), `C` `m × n`: each element is a dot product of a row of `A` and a row of `B`, so `B`
/// is read once, row by row, without the packing a general kernel does. Columns `j` in `[column_begin,
/// column_end)` only, so that callers can split the work across threads. When `beta` is 0, `C` is not read.
void synapse_sgemm_nt_short(size_t m, size_t column_begin, size_t column_end, size_t k, float alpha,
                            const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc);

/// `C = alpha·A·B + beta·C` for a short `A` (`m × k`, a few rows) and `B` `k × n` as stored (GPT-2's Conv1D
/// weight): each row of `B` is read once and added into the rows of `C`, without packing. Columns `j` in
/// `[column_begin, column_end)` only. When `beta` is 0, `C` is not read.
void synapse_sgemm_nn_short(size_t m, size_t column_begin, size_t column_end, size_t k, float alpha,
                            const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc);

/// Softmax of one contiguous row of `n` floats in place (an attention row): its maximum, `exp(x - max)`, their sum,
/// then `· (1 / sum)`. A row that is -inf throughout becomes zeros (PyTorch's `_safe_softmax`); a NaN anywhere
/// makes the row NaN.
void synapse_softmax_row_f32(float *row, size_t n);

#ifdef __cplusplus
}
#endif
#endif
