// The float window matrix of a stride-1 convolution packed for the GEMM with masked vector loads:
// gp_pack_windows_s_avx512 (16-lane groups) and gp_pack_windows_s_avx2 (8-lane groups).
//
// The window matrix (the forward product and the input gradient; not its transpose, the weight gradient's operand)
// goes straight into the slivers, one sliver at a time, so each sliver is written once, front to back (the portable
// packer in gemm_windows.c gathers window rows into a buffer and copies them into the slivers after). Step p of a
// sliver holds window row `first_row + p` at the sliver's nr positions. Each group of those positions (one vector:
// 16 lanes with AVX-512, 8 with AVX2) cuts into a few parts that each lie in one output row; with a stride of 1 a
// part reads a contiguous run of one image row, shifted by the tap's offset. So a step is one masked load per part
// into the group's vector (lanes outside the image, the padding, masked off and left zero) and one whole store. The
// parts and their masks (per kernel column) are fixed for the sliver: a step only picks the image row. On a
// one-thread ResNet block step this packing took 14.7 % of the time written run by run with masked stores (about
// what the portable packer takes), 8.9 % like this with AVX-512; with AVX2 the portable packer took 30 % of the
// step (it gathers 16-position rows one call per step when the GEMM packs sliver by sliver).
//
// A masked-off lane is never read (AVX-512's masked loads and AVX's `vmaskmovps` both suppress faults on masked
// lanes), so a load may start before the image row or run past its end.
#include <immintrin.h>
#include <stdint.h>
#include "isa_dispatch.h"
#include "gemm_windows.h"

#if SYNAPSE_ISA_X86

// Lanes of a group as bits (lane l is bit l), for either group width.
typedef uint32_t gws_lanes;

// The lanes [0, n) of a group, n clamped to [0, 16].
static inline gws_lanes gws_lanes_below(ptrdiff_t n) {
    return n <= 0 ? 0 : n >= 16 ? (gws_lanes)0xFFFF : (gws_lanes)((1u << n) - 1);
}

// The widest kernel the packers' mask tables hold.
#define GWS_KERNEL_W 8

// The lanes of a group of a sliver's positions that lie in one output row: output row `row`, output column
// `column` + lane for lane in `lanes`.
typedef struct {
    ptrdiff_t row, column;
    gws_lanes lanes;
} gws_part;

// The most positions of a sliver (nr), and the most parts they cut into (one per position when each is its own
// output row).
#define GWS_POSITIONS 32

// A sliver's positions [first, first + count) as parts of `groups` groups of `width` lanes (group g's parts are
// parts[group_end[g - 1] ..< group_end[g]]), with each part's inside lanes per kernel column: the same at every step.
typedef struct {
    size_t groups;
    size_t group_end[GWS_POSITIONS / 8];
    gws_part parts[GWS_POSITIONS];
    gws_lanes inside[GWS_KERNEL_W][GWS_POSITIONS];
} gws_positions;

// `table` for `count` positions from `first` on in `groups` groups of `width` lanes (8 or 16), each cut at output
// rows; `inside[kx]` keeps the lanes of a part whose image column (for kernel column kx) lies in the image.
static void gws_cut(const synapse_windows *w, size_t first, size_t count, size_t width, size_t groups,
                    gws_positions *table) {
    table->groups = groups;
    gws_part *parts = table->parts;
    size_t n = 0;
    for (size_t g = 0; g < groups; g++) {
        const size_t end = count < width * (g + 1) ? count : width * (g + 1);
        for (size_t lane = width * g; lane < end;) {
            const ptrdiff_t position = (ptrdiff_t)(first + lane);
            const ptrdiff_t row = position / w->out_width, column = position % w->out_width;
            const ptrdiff_t start = (ptrdiff_t)(lane - width * g);
            const ptrdiff_t length =
                w->out_width - column < (ptrdiff_t)(end - lane) ? w->out_width - column : (ptrdiff_t)(end - lane);
            parts[n] = (gws_part){row, column - start, gws_lanes_below(start + length) & ~gws_lanes_below(start)};
            for (ptrdiff_t kx = 0; kx < w->kernel_w; kx++) {
                const ptrdiff_t x = parts[n].column + kx * w->dilation_w - w->pad_left;
                table->inside[kx][n] = parts[n].lanes & gws_lanes_below(w->width - x) & ~gws_lanes_below(-x);
            }
            n++;
            lane += (size_t)length;
        }
        table->group_end[g] = n;
    }
}

// Where part `part`'s lane 0 reads window row (plane, offset_y, offset_x) from, and whether that image row exists
// (when it doesn't, the address is the plane's first row and the caller masks every lane off).
static inline __attribute__((always_inline)) const void *gws_source(const synapse_windows *w, const float *plane,
                                                                    ptrdiff_t offset_y, ptrdiff_t offset_x,
                                                                    const gws_part *part, int *row_inside) {
    const ptrdiff_t iy = part->row * w->stride_h + offset_y;
    *row_inside = iy >= 0 && iy < w->height;
    return (const void *)((uintptr_t)(plane + (*row_inside ? iy * w->width : 0)) +
                          (uintptr_t)(part->column + offset_x) * sizeof(float));
}

// AVX-512: a group is 16 lanes, its masks the lane bits themselves.
typedef struct {
    __mmask16 inside[GWS_KERNEL_W][GWS_POSITIONS];
} gws_masks_avx512;

SYNAPSE_TARGET_AVX512 static inline __attribute__((always_inline)) void gws_masks_avx512_of(
    const gws_positions *table, ptrdiff_t kernel_w, gws_masks_avx512 *masks) {
    const size_t parts = table->group_end[table->groups - 1];
    for (ptrdiff_t kx = 0; kx < kernel_w; kx++)
        for (size_t i = 0; i < parts; i++) masks->inside[kx][i] = (__mmask16)table->inside[kx][i];
}

// AVX2: a group is 8 lanes, its masks vectors whose lanes' sign bits `vmaskmovps` reads.
typedef struct {
    __m256i inside[GWS_KERNEL_W][GWS_POSITIONS];
} gws_masks_avx2;

SYNAPSE_TARGET_AVX2 static inline __attribute__((always_inline)) void gws_masks_avx2_of(
    const gws_positions *table, ptrdiff_t kernel_w, gws_masks_avx2 *masks) {
    const __m256i bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const size_t parts = table->group_end[table->groups - 1];
    for (ptrdiff_t kx = 0; kx < kernel_w; kx++)
        for (size_t i = 0; i < parts; i++)
            masks->inside[kx][i] =
                _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)table->inside[kx][i]), bit), bit);
}

// gws_group_<SUF>(w, plane, offset_y, offset_x, parts, inside, begin, end, out): window row (plane, offset_y,
// offset_x) at parts[begin ..< end] (one group of the level's lanes) into out: one masked load per part (lanes
// masked off read as zero, whatever the address), the parts' disjoint lanes merged; lanes outside the image or in
// no part zero.
#define GWS_DEFINE_GROUP(SUF, ATTR, V, MASK, ZERO, LOAD, STORE)                                                \
    ATTR static inline __attribute__((always_inline)) void gws_group_##SUF(                                    \
        const synapse_windows *w, const float *plane, ptrdiff_t offset_y, ptrdiff_t offset_x,                  \
        const gws_part *parts, const MASK *inside, size_t begin, size_t end, float *out) {                     \
        V values = ZERO;                                                                                       \
        for (size_t i = begin; i < end; i++) {                                                                 \
            int row_inside;                                                                                    \
            const void *source = gws_source(w, plane, offset_y, offset_x, &parts[i], &row_inside);             \
            if (row_inside) values = LOAD(values, source, inside[i]);                                          \
        }                                                                                                      \
        STORE(out, values);                                                                                    \
    }

#define GWS_LOAD_AVX512(values, source, mask) _mm512_mask_loadu_ps(values, mask, source)
#define GWS_LOAD_AVX2(values, source, mask) _mm256_or_ps(values, _mm256_maskload_ps((const float *)(source), mask))
GWS_DEFINE_GROUP(avx512, SYNAPSE_TARGET_AVX512, __m512, __mmask16, _mm512_setzero_ps(), GWS_LOAD_AVX512,
                 _mm512_storeu_ps)
GWS_DEFINE_GROUP(avx2, SYNAPSE_TARGET_AVX2, __m256, __m256i, _mm256_setzero_ps(), GWS_LOAD_AVX2, _mm256_storeu_ps)

// gp_pack_windows_s_<SUF> with groups of LANES lanes: slivers of nr = LANES·groups positions (at most
// GWS_POSITIONS). The transposed operand (the weight gradient's: its tile rows are no faster this way), strided
// rows, wide kernels and slivers this code does not lay out go the portable way.
#define GWS_DEFINE(SUF, ATTR, LANES)                                                                           \
    ATTR void gp_pack_windows_s_##SUF(const synapse_windows *w, size_t first_row, size_t first_column,         \
                                      size_t depth, size_t columns, size_t nr, float *out) {                   \
        if (w->transposed || w->stride_w != 1 || w->kernel_w > GWS_KERNEL_W || nr % (LANES) != 0 ||            \
            nr > GWS_POSITIONS) {                                                                              \
            gp_pack_windows_s(w, first_row, first_column, depth, columns, nr, out);                            \
            return;                                                                                            \
        }                                                                                                      \
        const ptrdiff_t taps = w->kernel_h * w->kernel_w, plane_size = w->height * w->width;                   \
        const size_t groups = nr / (LANES);                                                                    \
        gws_positions table;                                                                                   \
        gws_masks_##SUF masks;                                                                                 \
        for (size_t j = 0; j < columns; j += nr, out += nr * depth) {                                          \
            /* The sliver's positions (lanes past the last valid one belong to no part and stay zero). */      \
            gws_cut(w, first_column + j, columns - j < nr ? columns - j : nr, (LANES), groups, &table);        \
            gws_masks_##SUF##_of(&table, w->kernel_w, &masks);                                                 \
            /* Window row q = (channel·kernel_h + ky)·kernel_w + kx, stepped along with p. */                   \
            ptrdiff_t channel = (ptrdiff_t)first_row / taps, ky = (ptrdiff_t)first_row % taps / w->kernel_w,   \
                      kx = (ptrdiff_t)first_row % w->kernel_w;                                                 \
            float *step = out;                                                                                 \
            for (size_t p = 0; p < depth; p++, step += nr) {                                                   \
                const float *plane = (const float *)w->image + channel * plane_size;                           \
                const ptrdiff_t offset_y = ky * w->dilation_h - w->pad_top;                                    \
                const ptrdiff_t offset_x = kx * w->dilation_w - w->pad_left;                                   \
                for (size_t g = 0, begin = 0; g < groups; begin = table.group_end[g], g++)                     \
                    gws_group_##SUF(w, plane, offset_y, offset_x, table.parts, masks.inside[kx], begin,        \
                                    table.group_end[g], step + (LANES) * g);                                   \
                if (++kx == w->kernel_w) {                                                                     \
                    kx = 0;                                                                                    \
                    if (++ky == w->kernel_h) ky = 0, channel++;                                                \
                }                                                                                              \
            }                                                                                                  \
        }                                                                                                      \
    }

GWS_DEFINE(avx512, SYNAPSE_TARGET_AVX512, 16)
GWS_DEFINE(avx2, SYNAPSE_TARGET_AVX2, 8)

#endif
