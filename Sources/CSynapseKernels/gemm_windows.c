// The window matrix of a convolution (im2col), packed for the GEMM block by block straight from the image instead
// of being written out whole and packed from memory: a ResNet stage's 3×3 convolution has a [576, 3136] window
// matrix per sample (7 MB, past the 1 MiB L2), while its image is 0.8 MB. Reading the image directly saves writing
// and re-reading those 7 MB for every product (forward, weight gradient, input gradient as a full convolution).
//
// Plain copies, compiled for the baseline instruction set: packing is bound by memory, not arithmetic, and the
// same code serves every micro-kernel.
#include "gemm_windows.h"
#include "gemm_transpose.h"

#define GW_MIN(x, y) ((x) < (y) ? (x) : (y))
#define GW_MAX(x, y) ((x) > (y) ? (x) : (y))
// Rows of window values gathered at once before their scatter into slivers (the largest NC of the GEMM's blockings).
#define GW_ROW 2048
// Bytes of the tile a transposed block's sliver is gathered into (a float sliver of the largest NR × KC, 32 × 384),
// and of the rows a block of the window matrix itself is gathered into (8 rows of GW_ROW floats), both on the stack.
#define GW_TILE_BYTES (32 * 384 * 4)
#define GW_BUFFER_BYTES (8 * GW_ROW * 4)

#define GW_DEFINE_ROW(TY, T)                                                                                           \
    /* 16 bytes of T, unaligned and aliasing T: copies through it stay inline (runs here are a few dozen */       \
    /* values, where a call into memcpy per run would cost as much as the copy). */                                 \
    typedef T gw_vec_##TY __attribute__((vector_size(16), aligned(sizeof(T)), may_alias));                          \
    enum { gw_lanes_##TY = 16 / sizeof(T) };                                                                       \
    static inline __attribute__((always_inline)) void gw_copy_##TY(T *out, const T *in, size_t count) {            \
        size_t i = 0;                                                                                              \
        for (; i + gw_lanes_##TY <= count; i += gw_lanes_##TY)                                                     \
            *(gw_vec_##TY *)(out + i) = *(const gw_vec_##TY *)(in + i);                                            \
        for (; i < count; i++) out[i] = in[i];                                                                     \
    }                                                                                                              \
                                                                                                                   \
    /* `count` values of window row `row` from position `first` on, into out[0 ..< count]. */                     \
    static void gw_row_##TY(const synapse_windows *w, size_t row, size_t first, size_t count, T *out) {            \
        const ptrdiff_t taps = w->kernel_h * w->kernel_w, tap = (ptrdiff_t)row % taps;                             \
        const T *plane = (const T *)w->image + ((ptrdiff_t)row / taps) * w->height * w->width;                     \
        const ptrdiff_t offset_y = tap / w->kernel_w * w->dilation_h - w->pad_top;                                 \
        const ptrdiff_t offset_x = tap % w->kernel_w * w->dilation_w - w->pad_left;                                \
        const ptrdiff_t sx = w->stride_w;                                                                          \
        /* Output columns x whose input column x·sx + offset_x lies in [0, width): [inside_lo, inside_hi). */     \
        const ptrdiff_t inside_lo = offset_x >= 0 ? 0 : (-offset_x + sx - 1) / sx;                                 \
        const ptrdiff_t inside_hi = offset_x >= w->width ? 0 : (w->width - offset_x + sx - 1) / sx;                \
        ptrdiff_t oy = (ptrdiff_t)first / w->out_width, ox = (ptrdiff_t)first % w->out_width;                     \
        while (count > 0) {                                                                                        \
            const ptrdiff_t run = GW_MIN((ptrdiff_t)count, w->out_width - ox), end = ox + run;                     \
            const ptrdiff_t iy = oy * w->stride_h + offset_y;                                                      \
            ptrdiff_t x = ox;                                                                                      \
            if (iy >= 0 && iy < w->height) {                                                                       \
                const T *source = plane + iy * w->width + offset_x;                                                \
                const ptrdiff_t lo = GW_MIN(GW_MAX(inside_lo, ox), end), hi = GW_MAX(GW_MIN(inside_hi, end), lo);  \
                for (; x < lo; x++) out[x - ox] = 0;                                                               \
                if (sx == 1) {                                                                                     \
                    gw_copy_##TY(out + (x - ox), source + x, (size_t)(hi - x));                                    \
                    x = hi;                                                                                        \
                } else {                                                                                           \
                    for (; x < hi; x++) out[x - ox] = source[x * sx];                                              \
                }                                                                                                  \
            }                                                                                                      \
            for (; x < end; x++) out[x - ox] = 0;                                                                  \
            out += run;                                                                                            \
            count -= (size_t)run;                                                                                  \
            oy += 1;                                                                                               \
            ox = 0;                                                                                                \
        }                                                                                                          \
    }

GW_DEFINE_ROW(s, float)
GW_DEFINE_ROW(d, double)

#define GW_DEFINE_PACK(TY, T)                                                                                      \
    void gp_pack_windows_##TY(const synapse_windows *w, size_t first_row, size_t first_column, size_t depth,       \
                              size_t columns, size_t nr, T *out) {                                                 \
        if (w->transposed) {                                                                                       \
            /* Row p is position first_row + p, column j window row first_column + j: a sliver's nr window */      \
            /* rows are gathered as rows of a tile (contiguous runs), then transposed into the sliver, a tile's */  \
            /* worth of steps at a time (one tile holds a whole KC-deep sliver of 32 columns). Every NR is a */     \
            /* multiple of the transpose's block. */                                                               \
            T tile[GW_TILE_BYTES / sizeof(T)];                                                                     \
            const size_t steps = GW_TILE_BYTES / sizeof(T) / nr;                                                   \
            for (size_t j = 0; j < columns; j += nr, out += nr * depth) {                                          \
                const size_t valid = GW_MIN(nr, columns - j);                                                      \
                for (size_t p0 = 0; p0 < depth; p0 += steps) {                                                     \
                    const size_t count = GW_MIN(steps, depth - p0);                                                \
                    for (size_t c = 0; c < nr; c++) {                                                              \
                        if (c < valid)                                                                             \
                            gw_row_##TY(w, first_column + j + c, first_row + p0, count, tile + c * count);         \
                        else                                                                                       \
                            for (size_t p = 0; p < count; p++) tile[c * count + p] = 0;                            \
                    }                                                                                              \
                    gp_transpose_##TY(tile, count, count, nr, out + p0 * nr);                                             \
                }                                                                                                  \
            }                                                                                                      \
            return;                                                                                                \
        }                                                                                                          \
        /* Row p is window row first_row + p. A few rows at a time are gathered contiguously (in L1/L2), then */   \
        /* cut into the slivers sliver by sliver, so each sliver's steps are written in one sequential run. */     \
        T rows[GW_BUFFER_BYTES / sizeof(T)];                                                                       \
        for (size_t start = 0; start < columns; start += GW_ROW) {                                                 \
            const size_t width = GW_MIN((size_t)GW_ROW, columns - start);                                          \
            const size_t chunk = GW_BUFFER_BYTES / sizeof(T) / width;                                              \
            for (size_t p0 = 0; p0 < depth; p0 += chunk) {                                                         \
                const size_t count = GW_MIN(chunk, depth - p0);                                                    \
                for (size_t r = 0; r < count; r++)                                                                 \
                    gw_row_##TY(w, first_row + p0 + r, first_column + start, width, rows + r * width);             \
                for (size_t j = 0; j < width; j += nr) {                                                           \
                    /* start is a multiple of nr: GW_ROW is, and so is every NC. */                                \
                    T *sliver = out + (start + j) * depth + p0 * nr;                                               \
                    const size_t valid = GW_MIN(nr, width - j);                                                    \
                    for (size_t r = 0; r < count; r++, sliver += nr) {                                             \
                        gw_copy_##TY(sliver, rows + r * width + j, valid);                                         \
                        for (size_t c = valid; c < nr; c++) sliver[c] = 0;                                         \
                    }                                                                                              \
                }                                                                                                  \
            }                                                                                                      \
        }                                                                                                          \
    }

GW_DEFINE_PACK(s, float)
GW_DEFINE_PACK(d, double)
