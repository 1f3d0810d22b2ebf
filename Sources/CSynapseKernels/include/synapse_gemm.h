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

/// Bytes of scratch memory one call of `synapse_sgemm_packed` or `synapse_dgemm_packed` needs (packed blocks of A
/// and B for the largest blocking, plus 64 bytes to align them); the same for every call, so buffers can be reused.
size_t synapse_gemm_packed_scratch_bytes(void);

/// Part `part` of `parts` of `C = alpha·A·B + beta·C` (float32), the general packed, cache-blocked product: `A` is
/// `m × k` with element `(i, p)` at `a[i·a_row_stride + p·a_column_stride]` (any strides: a transpose swaps them),
/// `B` is `k × n` likewise, `C` is `m × n` row-major with leading dimension `ldc`. The parts are disjoint bands of
/// whole register tiles of `C`, so `parts` threads may each run one part at once (with their own `scratch` of
/// `synapse_gemm_packed_scratch_bytes()` bytes); a part may be empty. `isa` picks the micro-kernel
/// (`SYNAPSE_VM_ISA_*`, or -1 for the level in use; never above the level in use). When `beta` is 0, `C` is only
/// written, never read; nothing is read or written outside `C`'s `m × n` region. `k` must be positive for
/// anything to happen (callers scale `C` themselves when `k` or `alpha` is 0).
void synapse_sgemm_packed(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, float alpha,
                          const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride, const float *b,
                          ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, float beta, float *c, size_t ldc,
                          void *scratch);

/// `synapse_sgemm_packed` in float64.
void synapse_dgemm_packed(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, double alpha,
                          const double *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride, const double *b,
                          ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, double beta, double *c, size_t ldc,
                          void *scratch);

/// A convolution's window matrix (im2col) described instead of stored, for products that read it straight from the
/// image (an implicit GEMM): row `q = (channel·kernel_h + ky)·kernel_w + kx`, column `p = oy·out_width + ox` holds
/// `image[channel][oy·stride_h − pad_top + ky·dilation_h][ox·stride_w − pad_left + kx·dilation_w]`, or 0 where that
/// falls outside the `height × width` planes. `image` is one sample's contiguous planes (`float` or `double`, as
/// the product); `transposed` makes the operand the window matrix's transpose (positions × window rows).
typedef struct synapse_windows {
    const void *image;
    ptrdiff_t height, width;
    ptrdiff_t kernel_h, kernel_w, dilation_h, dilation_w, stride_h, stride_w, pad_top, pad_left;
    ptrdiff_t out_height, out_width;
    int transposed;
} synapse_windows;

/// `synapse_sgemm_packed` whose `B` is the window matrix `windows` describes (`k × n`: window rows × positions, or
/// positions × window rows when `windows->transposed`), packed block by block straight from the image, so the
/// window matrix is never written to memory.
void synapse_sgemm_packed_windows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, float alpha,
                                  const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                                  const synapse_windows *windows, float beta, float *c, size_t ldc, void *scratch);

/// `synapse_sgemm_packed_windows` in float64.
void synapse_dgemm_packed_windows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, double alpha,
                                  const double *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                                  const synapse_windows *windows, double beta, double *c, size_t ldc, void *scratch);

/// Part `part` of `parts` of `C = alpha·W·B + beta·C` (float32) where `W` is the window matrix `windows` describes
/// (`m × k`: window rows × positions, not transposed) and `B` is `k × n` with element `(p, j)` at
/// `b[p·b_row_stride + j·b_column_stride]`: a convolution's weight gradient computed transposed,
/// `dWᵀ = windows · dYᵀ`, whose windows the micro-kernel reads in place from zero-padded copies of the image planes
/// instead of packing their transpose. Every element of `C` gets the same bits as `synapse_sgemm_packed_windows`
/// computing `(dY · windowsᵀ)ᵀ` (same products, same order, same depth blocks), whatever the parts. The parts are
/// bands of image planes; `scratch` as for `synapse_sgemm_packed`. Only when
/// `synapse_gemm_window_rows_supported(windows, n)`.
void synapse_sgemm_packed_window_rows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, float alpha,
                                      const synapse_windows *windows, const float *b, ptrdiff_t b_row_stride,
                                      ptrdiff_t b_column_stride, float beta, float *c, size_t ldc, void *scratch);

/// `synapse_sgemm_packed_window_rows` in float64.
void synapse_dgemm_packed_window_rows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k,
                                      double alpha, const synapse_windows *windows, const double *b,
                                      ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, double beta, double *c,
                                      size_t ldc, void *scratch);

/// Whether `synapse_sgemm_packed_window_rows` and `synapse_dgemm_packed_window_rows` take `windows` with a `B` of
/// `n` columns: not transposed, a column stride of 1, and padded planes small enough for a sliver of them to fit
/// the scratch beside a block of `B`.
int synapse_gemm_window_rows_supported(const synapse_windows *windows, size_t n);

/// Softmax of one contiguous row of `n` floats in place (an attention row): its maximum, `exp(x - max)`, their sum,
/// then `· (1 / sum)`. A row that is -inf throughout becomes zeros (PyTorch's `_safe_softmax`); a NaN anywhere
/// makes the row NaN.
void synapse_softmax_row_f32(float *row, size_t n);

#ifdef __cplusplus
}
#endif
#endif
