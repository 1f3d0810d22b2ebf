// The float window matrix of a stride-1 convolution packed for the GEMM with AVX-512 (gp_pack_windows_s_avx512).
//
// Not transposed (the forward product and the input gradient), straight into the slivers, one sliver at a time, so
// each sliver is written once, front to back (the portable packer in gemm_windows.c gathers window rows into a buffer
// and copies them into the slivers after). Step p of a sliver holds window row `first_row + p` at the sliver's nr
// positions. Each 16-lane group of those positions cuts into a few parts that each lie in one output row; with a
// stride of 1 a part reads a contiguous run of one image row, shifted by the tap's offset. So a step is one masked
// load per part into the group's vector (lanes outside the image, the padding, masked off and left zero) and one
// whole store. The parts and their masks (per kernel column) are fixed for the sliver: a step only picks the image
// row. On a one-thread ResNet block step this packing took 14.7 % of the time written run by run with masked stores,
// 8.9 % like this (the portable packer: 13.7 + 8.6 % for both operands).
//
// Transposed (the weight gradient's operand), the tile rows of gemm_windows.c gathered with the same masked loads.
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

// Image row iy, columns [x, x + length) of one plane (`height` × `width`) into out[0 ..< length], zero where the
// row or a column lies outside the plane: 16-lane loads whose outside lanes are masked off, masked stores.
SYNAPSE_TARGET_AVX512 static inline __attribute__((always_inline)) void gws_copy_run(
    const float *plane, ptrdiff_t height, ptrdiff_t width, ptrdiff_t iy, ptrdiff_t x, ptrdiff_t length, float *out) {
    const int row_inside = iy >= 0 && iy < height;
    // The image row as an address: it may point outside the image when the row is padding, where nothing is read.
    const uintptr_t source = (uintptr_t)(plane + (row_inside ? iy * width : 0));
    for (ptrdiff_t t = 0; t < length; t += 16, x += 16) {
        const __mmask16 store = gws_lanes_below(length - t);
        // Lanes whose image column x + lane lies in [0, width).
        const __mmask16 inside =
            row_inside ? (__mmask16)(gws_lanes_below(width - x) & ~gws_lanes_below(-x)) : 0;
        const __m512 values = _mm512_maskz_loadu_ps(store & inside, (const void *)(source + (uintptr_t)x * sizeof(float)));
        _mm512_mask_storeu_ps(out + t, store, values);
    }
}

// The widest kernel the sliver packer's mask table holds, and the most output rows 16 lanes of positions can span.
#define GWS_KERNEL_W 8
#define GWS_PARTS 16

// The lanes of a 16-lane group of a sliver's positions that lie in one output row: output row `row`, output column
// `column` + lane for lane in `lanes`.
typedef struct {
    ptrdiff_t row, column;
    __mmask16 lanes;
} gws_part;

// gw_row_s (gemm_windows.c) for stride-1 windows with 16-lane masked copies: `count` values of window row `row` from
// position `first` on, into out[0 ..< count] (a row of the transposed operand's tile).
SYNAPSE_TARGET_AVX512 static void gws_row(const synapse_windows *w, size_t row, size_t first, size_t count, float *out) {
    const ptrdiff_t taps = w->kernel_h * w->kernel_w, tap = (ptrdiff_t)row % taps;
    const float *plane = (const float *)w->image + ((ptrdiff_t)row / taps) * w->height * w->width;
    const ptrdiff_t offset_y = tap / w->kernel_w * w->dilation_h - w->pad_top;
    const ptrdiff_t offset_x = tap % w->kernel_w * w->dilation_w - w->pad_left;
    ptrdiff_t oy = (ptrdiff_t)first / w->out_width, ox = (ptrdiff_t)first % w->out_width;
    for (ptrdiff_t done = 0; done < (ptrdiff_t)count; oy++, ox = 0) {
        const ptrdiff_t run = w->out_width - ox < (ptrdiff_t)count - done ? w->out_width - ox : (ptrdiff_t)count - done;
        gws_copy_run(plane, w->height, w->width, oy * w->stride_h + offset_y, ox + offset_x, run, out + done);
        done += run;
    }
}

SYNAPSE_TARGET_AVX512 void gp_pack_windows_s_avx512(const synapse_windows *w, size_t first_row, size_t first_column,
                                                    size_t depth, size_t columns, size_t nr, float *out) {
    // Strided rows and slivers this code does not lay out go the portable way.
    if (w->stride_w != 1 || nr % 16 != 0 || nr > 32) {
        gp_pack_windows_s(w, first_row, first_column, depth, columns, nr, out);
        return;
    }
    if (w->transposed) {
        gp_pack_windows_transposed_s(w, first_row, first_column, depth, columns, nr, out, gws_row);
        return;
    }
    if (w->kernel_w > GWS_KERNEL_W) {
        gp_pack_windows_s(w, first_row, first_column, depth, columns, nr, out);
        return;
    }
    const ptrdiff_t taps = w->kernel_h * w->kernel_w, plane_size = w->height * w->width;
    const size_t groups = nr / 16;
    for (size_t j = 0; j < columns; j += nr, out += nr * depth) {
        const size_t valid = columns - j < nr ? columns - j : nr;
        // Each group of 16 positions cut at output rows (lanes past the last valid position belong to no part and
        // stay zero), and per kernel column kx the lanes of each part whose image column is inside the image.
        gws_part parts[2][GWS_PARTS];
        size_t part_count[2] = {0, 0};
        __mmask16 inside[GWS_KERNEL_W][2][GWS_PARTS];
        for (size_t g = 0; g < groups; g++) {
            const size_t end = valid < 16 * (g + 1) ? valid : 16 * (g + 1);
            for (size_t lane = 16 * g; lane < end;) {
                const ptrdiff_t position = (ptrdiff_t)(first_column + j + lane);
                const ptrdiff_t row = position / w->out_width, column = position % w->out_width;
                const ptrdiff_t first = (ptrdiff_t)(lane - 16 * g);
                const ptrdiff_t length = w->out_width - column < (ptrdiff_t)(end - lane) ? w->out_width - column
                                                                                        : (ptrdiff_t)(end - lane);
                parts[g][part_count[g]++] = (gws_part){
                    row, column - first, (__mmask16)(gws_lanes_below(first + length) & ~gws_lanes_below(first))};
                lane += (size_t)length;
            }
            for (ptrdiff_t kx = 0; kx < w->kernel_w; kx++)
                for (size_t i = 0; i < part_count[g]; i++) {
                    const ptrdiff_t x = parts[g][i].column + kx * w->dilation_w - w->pad_left;
                    inside[kx][g][i] =
                        parts[g][i].lanes & (__mmask16)(gws_lanes_below(w->width - x) & ~gws_lanes_below(-x));
                }
        }
        // Window row q = (channel·kernel_h + ky)·kernel_w + kx, stepped along with p.
        ptrdiff_t channel = (ptrdiff_t)first_row / taps, ky = (ptrdiff_t)first_row % taps / w->kernel_w,
                  kx = (ptrdiff_t)first_row % w->kernel_w;
        float *step = out;
        for (size_t p = 0; p < depth; p++, step += nr) {
            const float *plane = (const float *)w->image + channel * plane_size;
            const ptrdiff_t offset_y = ky * w->dilation_h - w->pad_top, offset_x = kx * w->dilation_w - w->pad_left;
            for (size_t g = 0; g < groups; g++) {
                // Each part's lanes loaded from its image row into one vector (a masked-off lane is never read,
                // so the address may lie outside the image), stored whole.
                __m512 values = _mm512_setzero_ps();
                for (size_t i = 0; i < part_count[g]; i++) {
                    const ptrdiff_t iy = parts[g][i].row * w->stride_h + offset_y;
                    const int row_inside = iy >= 0 && iy < w->height;
                    const uintptr_t source = (uintptr_t)(plane + (row_inside ? iy * w->width : 0)) +
                                             (uintptr_t)(parts[g][i].column + offset_x) * sizeof(float);
                    values = _mm512_mask_loadu_ps(values, row_inside ? inside[kx][g][i] : 0, (const void *)source);
                }
                _mm512_storeu_ps(step + 16 * g, values);
            }
            if (++kx == w->kernel_w) {
                kx = 0;
                if (++ky == w->kernel_h) ky = 0, channel++;
            }
        }
    }
}

#endif
