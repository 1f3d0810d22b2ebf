// The float window matrix of a stride-1 convolution packed for the GEMM with AVX-512 (gp_pack_windows_s_avx512).
//
// The window matrix (the forward product and the input gradient; not its transpose, the weight gradient's operand)
// goes straight into the slivers, one sliver at a time, so each sliver is written once, front to back (the portable
// packer in gemm_windows.c gathers window rows into a buffer and copies them into the slivers after). Step p of a
// sliver holds window row `first_row + p` at the sliver's nr positions. Each 16-lane group of those positions cuts
// into a few parts that each lie in one output row; with a stride of 1 a part reads a contiguous run of one image
// row, shifted by the tap's offset. So a step is one masked load per part into the group's vector (lanes outside the
// image, the padding, masked off and left zero) and one whole store. The parts and their masks (per kernel column)
// are fixed for the sliver: a step only picks the image row. On a one-thread ResNet block step this packing took
// 14.7 % of the time written run by run with masked stores (about what the portable packer takes), 8.9 % like this.
//
// A masked-off lane is never read (AVX-512 suppresses faults on masked lanes), so a load may start before the image
// row or run past its end.
#include <immintrin.h>
#include <stdint.h>
#include "isa_dispatch.h"
#include "gemm_windows.h"

#if SYNAPSE_ISA_X86

// The lanes [0, n) of a 16-lane mask, n clamped to [0, 16].
static inline __mmask16 gws_lanes_below(ptrdiff_t n) {
    return n <= 0 ? 0 : n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
}

// The widest kernel the packer's mask table holds.
#define GWS_KERNEL_W 8

// The lanes of a 16-lane group of a sliver's positions that lie in one output row: output row `row`, output column
// `column` + lane for lane in `lanes`.
typedef struct {
    ptrdiff_t row, column;
    __mmask16 lanes;
} gws_part;

// The most positions of a sliver (nr), and the most parts they cut into (one per position when each is its own
// output row).
#define GWS_POSITIONS 32

// A sliver's positions [first, first + count) as parts of `groups` 16-lane groups (group g's parts are
// parts[group_end[g - 1] ..< group_end[g]]), with each part's inside lanes per kernel column: the same at every step.
typedef struct {
    size_t groups;
    size_t group_end[GWS_POSITIONS / 16];
    gws_part parts[GWS_POSITIONS];
    __mmask16 inside[GWS_KERNEL_W][GWS_POSITIONS];
} gws_positions;

// `table` for `count` positions from `first` on in `groups` groups, each cut at output rows; `inside[kx]` keeps the
// lanes of a part whose image column (for kernel column kx) lies in the image.
static void gws_cut(const synapse_windows *w, size_t first, size_t count, size_t groups, gws_positions *table) {
    table->groups = groups;
    gws_part *parts = table->parts;
    size_t n = 0;
    for (size_t g = 0; g < groups; g++) {
        const size_t end = count < 16 * (g + 1) ? count : 16 * (g + 1);
        for (size_t lane = 16 * g; lane < end;) {
            const ptrdiff_t position = (ptrdiff_t)(first + lane);
            const ptrdiff_t row = position / w->out_width, column = position % w->out_width;
            const ptrdiff_t start = (ptrdiff_t)(lane - 16 * g);
            const ptrdiff_t length =
                w->out_width - column < (ptrdiff_t)(end - lane) ? w->out_width - column : (ptrdiff_t)(end - lane);
            parts[n] = (gws_part){row, column - start,
                                  (__mmask16)(gws_lanes_below(start + length) & ~gws_lanes_below(start))};
            for (ptrdiff_t kx = 0; kx < w->kernel_w; kx++) {
                const ptrdiff_t x = parts[n].column + kx * w->dilation_w - w->pad_left;
                table->inside[kx][n] =
                    parts[n].lanes & (__mmask16)(gws_lanes_below(w->width - x) & ~gws_lanes_below(-x));
            }
            n++;
            lane += (size_t)length;
        }
        table->group_end[g] = n;
    }
}

// Window row q's values at positions parts[begin ..< end] (one 16-lane group) of the plane `plane`, with the tap's
// row offset and column offset `offset_x`: one masked load per part (a masked-off lane is never read, so the address
// may lie outside the image), lanes outside the image or in no part zero.
SYNAPSE_TARGET_AVX512 static inline __attribute__((always_inline)) __m512 gws_group(
    const synapse_windows *w, const float *plane, ptrdiff_t offset_y, ptrdiff_t offset_x, const gws_part *parts,
    const __mmask16 *inside, size_t begin, size_t end) {
    __m512 values = _mm512_setzero_ps();
    for (size_t i = begin; i < end; i++) {
        const ptrdiff_t iy = parts[i].row * w->stride_h + offset_y;
        const int row_inside = iy >= 0 && iy < w->height;
        const uintptr_t source = (uintptr_t)(plane + (row_inside ? iy * w->width : 0)) +
                                 (uintptr_t)(parts[i].column + offset_x) * sizeof(float);
        values = _mm512_mask_loadu_ps(values, row_inside ? inside[i] : 0, (const void *)source);
    }
    return values;
}

SYNAPSE_TARGET_AVX512 void gp_pack_windows_s_avx512(const synapse_windows *w, size_t first_row, size_t first_column,
                                                    size_t depth, size_t columns, size_t nr, float *out) {
    // The transposed operand (the weight gradient's: its tile rows are no faster this way), strided rows, wide
    // kernels and slivers this code does not lay out go the portable way.
    if (w->transposed || w->stride_w != 1 || w->kernel_w > GWS_KERNEL_W || (nr != 16 && nr != 32)) {
        gp_pack_windows_s(w, first_row, first_column, depth, columns, nr, out);
        return;
    }
    const ptrdiff_t taps = w->kernel_h * w->kernel_w, plane_size = w->height * w->width;
    const size_t groups = nr / 16;
    gws_positions table;
    for (size_t j = 0; j < columns; j += nr, out += nr * depth) {
        // The sliver's positions (lanes past the last valid one belong to no part and stay zero).
        gws_cut(w, first_column + j, columns - j < nr ? columns - j : nr, groups, &table);
        // Window row q = (channel·kernel_h + ky)·kernel_w + kx, stepped along with p.
        ptrdiff_t channel = (ptrdiff_t)first_row / taps, ky = (ptrdiff_t)first_row % taps / w->kernel_w,
                  kx = (ptrdiff_t)first_row % w->kernel_w;
        float *step = out;
        for (size_t p = 0; p < depth; p++, step += nr) {
            const float *plane = (const float *)w->image + channel * plane_size;
            const ptrdiff_t offset_y = ky * w->dilation_h - w->pad_top, offset_x = kx * w->dilation_w - w->pad_left;
            for (size_t g = 0, begin = 0; g < groups; begin = table.group_end[g], g++)
                _mm512_storeu_ps(step + 16 * g, gws_group(w, plane, offset_y, offset_x, table.parts, table.inside[kx],
                                                          begin, table.group_end[g]));
            if (++kx == w->kernel_w) {
                kx = 0;
                if (++ky == w->kernel_h) ky = 0, channel++;
            }
        }
    }
}

#endif
