// Packing a convolution's window matrix straight from the image for the packed GEMM (private to CSynapseKernels).
#ifndef SYNAPSE_GEMM_WINDOWS_H
#define SYNAPSE_GEMM_WINDOWS_H
#include <stddef.h>
#include "synapse_gemm.h"

// Rows [first_row, first_row + depth) × columns [first_column, first_column + columns) of the operand `windows`
// describes, as `gp_pack_b` lays out B: `nr`-column slivers, step p of a sliver holding its nr values of row p,
// zero-padded past the last column. float and double.
void gp_pack_windows_s(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                       size_t columns, size_t nr, float *out);
void gp_pack_windows_d(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                       size_t columns, size_t nr, double *out);

// `count` values of window row `row` of `windows` (not transposed) from position `first` on, into out[0 ..< count].
typedef void (*gw_row_fn_s)(const synapse_windows *windows, size_t row, size_t first, size_t count, float *out);
typedef void (*gw_row_fn_d)(const synapse_windows *windows, size_t row, size_t first, size_t count, double *out);

// gp_pack_windows_[sd] for a transposed `windows`, each window row gathered by `row`.
void gp_pack_windows_transposed_s(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                                  size_t columns, size_t nr, float *out, gw_row_fn_s row);
void gp_pack_windows_transposed_d(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                                  size_t columns, size_t nr, double *out, gw_row_fn_d row);

// gp_pack_windows_s with AVX-512 (gemm_windows_slivers.c) for stride-1 windows: the window matrix written straight
// into the slivers (the forward product and the input gradient), its transpose's rows gathered with masked 16-lane
// copies; gp_pack_windows_s otherwise; x86 only.
void gp_pack_windows_s_avx512(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                              size_t columns, size_t nr, float *out);

// The packer each instantiation of the packed GEMM (gemm_packed.c, by element type and instruction set) calls.
#define gp_pack_windows_s_baseline gp_pack_windows_s
#define gp_pack_windows_s_avx2 gp_pack_windows_s
#define gp_pack_windows_d_baseline gp_pack_windows_d
#define gp_pack_windows_d_avx2 gp_pack_windows_d
#define gp_pack_windows_d_avx512 gp_pack_windows_d

#endif
