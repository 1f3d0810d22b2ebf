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

// gp_pack_windows_s with AVX-512 or AVX2 (gemm_windows_slivers.c): the stride-1 window matrix (the forward product
// and the input gradient) written straight into the slivers with masked loads; gp_pack_windows_s otherwise; x86 only.
void gp_pack_windows_s_avx512(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                              size_t columns, size_t nr, float *out);
void gp_pack_windows_s_avx2(const synapse_windows *windows, size_t first_row, size_t first_column, size_t depth,
                            size_t columns, size_t nr, float *out);

// Planes [first_plane, first_plane + count) of the image `windows` describes, each written as a padded_h ×
// padded_w plane into `out` (one after another) with the image at row pad_top, column pad_left and zeros around it
// (gemm_window_rows.c); image columns or rows past the padded plane are left out. float and double.
void gp_pad_planes_s(const synapse_windows *windows, size_t first_plane, size_t count, size_t padded_h,
                     size_t padded_w, float *out);
void gp_pad_planes_d(const synapse_windows *windows, size_t first_plane, size_t count, size_t padded_h,
                     size_t padded_w, double *out);

// The packer each instantiation of the packed GEMM (gemm_packed.c, by element type and instruction set) calls.
#define gp_pack_windows_s_baseline gp_pack_windows_s
#define gp_pack_windows_d_baseline gp_pack_windows_d
#define gp_pack_windows_d_avx2 gp_pack_windows_d
#define gp_pack_windows_d_avx512 gp_pack_windows_d

#endif
