#ifndef SYNAPSE_REDUCE_H
#define SYNAPSE_REDUCE_H
/// Float32 reductions (sum, moments for the variance, maximum, minimum) over contiguous memory, vectorised, with
/// the instruction set chosen at run time as in `synapse_vector_math.h`. Two shapes of work:
///
/// - rows: `x` is a sequence of rows of `length` elements (the last one shorter when `n` is not a multiple), each
///   reduced to one value (a reduction over the innermost dimensions, or, with long rows, one segment of a
///   whole-tensor reduction);
/// - columns: `x` is `[outer, reduced, inner]` and each of the `outer · inner` columns is reduced over `reduced`
///   (a reduction over leading or middle dimensions), split into items of up to `SYNAPSE_REDUCE_TILE` columns.
///
/// Both take a range of items `[begin, end)` so the caller can split the work across threads; the results are
/// the same however the items are split. Sums of a row add floats in float32 lanes over blocks of 1,024
/// elements and the blocks in double; sums of columns accumulate in double; squared deviations accumulate in
/// double. Maxima and minima propagate NaN, as PyTorch's.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The reductions.
enum {
    /// `values[i]` = the sum.
    SYNAPSE_REDUCE_SUM = 0,
    /// `values[i]` = the sum and `m2[i]` = the sum of squared deviations from the mean (`sum / count`).
    SYNAPSE_REDUCE_MOMENTS = 1,
    /// `values[i]` = the largest element (NaN if any is NaN).
    SYNAPSE_REDUCE_MAX = 2,
    /// `values[i]` = the smallest element (NaN if any is NaN).
    SYNAPSE_REDUCE_MIN = 3,
};

/// Columns per column item: each row of a tile is 4 KB read in order (prefetch-friendly), its double
/// accumulators (8 KB) stay in the L1 cache.
#define SYNAPSE_REDUCE_TILE 1024

/// Reduces rows `begin..<end` of `x` (`n` elements in rows of `length`; row `i` starts at `i · length`) into
/// `values[i]` (and `m2[i]` for `SYNAPSE_REDUCE_MOMENTS`). `isa` is a `SYNAPSE_VM_ISA_*` level, or -1 for the
/// level `synapse_vmath_isa()` reports. Returns -1 (writing nothing) for an unknown `op` or a level this machine
/// doesn't support, 0 otherwise.
int synapse_reduce_rows_f32(int op, const float *x, size_t n, size_t length, size_t begin, size_t end,
                            double *values, double *m2, int isa);

/// The number of column items of `[outer, reduced, inner]`: `outer · ⌈inner / SYNAPSE_REDUCE_TILE⌉`.
size_t synapse_reduce_column_items(size_t outer, size_t inner);

/// Reduces the columns of items `begin..<end` of `x`, seen as `[outer, reduced, inner]` (`reduced` ≥ 1), into
/// `values[o · inner + j]` (and `m2[…]` for `SYNAPSE_REDUCE_MOMENTS`). `isa` and the result as in
/// `synapse_reduce_rows_f32`.
int synapse_reduce_columns_f32(int op, const float *x, size_t reduced, size_t inner, size_t begin, size_t end,
                               double *values, double *m2, int isa);

/// Sums rows `begin..<end` of `n` bfloat16 values (their bits, `x`; rows of `length` as in
/// `synapse_reduce_rows_f32`) into `values[i]`, widened to float32 and added exactly as
/// `synapse_reduce_rows_f32` adds the float32 copy (`SYNAPSE_REDUCE_SUM`): the same results. `isa` and the result
/// as there.
int synapse_sum_rows_bf16(const uint16_t *x, size_t n, size_t length, size_t begin, size_t end, double *values,
                          int isa);

#ifdef __cplusplus
}
#endif
#endif
