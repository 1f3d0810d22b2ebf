// The general matrix product C = alpha·A·B + beta·C in float32 and float64, GotoBLAS/BLIS style: B is copied
// ("packed") in KC × NC blocks of NR-column slivers, A in MC × KC blocks of MR-row slivers, and a micro-kernel
// multiplies one A sliver by one B sliver into an MR × NR tile of C held in vector registers (broadcast one A value,
// fused multiply-add it with NR/VLEN B vectors). Packing reads any row/column strides, so every transpose is the
// same code; the slivers are zero-padded, so the micro-kernel never needs a fringe case, and only the final store
// of an edge tile goes through a small buffer (nothing outside C's m × n region is read or written).
//
// One body (GP_DEFINE) is instantiated per element type and instruction set with its own tile and blocking:
//   AVX-512: float 8 × 32, double 8 × 16 (16 zmm accumulators, 2 B vectors + 8 broadcasts per step);
//   AVX2+FMA: float 6 × 16, double 6 × 8 (12 ymm accumulators);
//   baseline (SSE2 or any other CPU): float 6 × 8, double 6 × 4 (12 xmm accumulators, multiply then add).
// Blocking for Zen 5 (48 KiB L1d, 1 MiB L2 per core): a KC × NR sliver of B (≤ 48 KiB) and an MR × KC sliver of A
// stream from L1/L2 while the MC × KC block of A (≤ 192 KiB) stays in L2 and the KC × NC block of B in L3.
// Measured on one Zen 5 core (CPU time, float): 8 × 32 and 6 × 64 both reach ~100 GFLOP/s at 1024³ (as OpenBLAS
// does: the core retires 512-bit FMAs at the rate of two 256-bit ones), but 8 × 32 wastes less of its tile on
// attention's narrow products (128 × 32 × 128: 83 GFLOP/s against 42); 14 × 32 and 12 × 32 spill and run at half
// speed; KC = 384 beats 256 by ~4%.
#include <stdint.h>
#include <string.h>
#include "isa_dispatch.h"
#include "synapse_gemm.h"
#include "gemm_windows.h"
#include "gemm_transpose.h"

#define GP_MIN(x, y) ((x) < (y) ? (x) : (y))
// The widest block of columns of B packed from a convolution's image (see gp_block); at most every NC.
#define GP_WINDOWS_COLUMNS 512
#ifndef GP_IN_PLACE_COLUMNS
// Bands of C at most this wide read A in place instead of packing it (see gp_block).
#define GP_IN_PLACE_COLUMNS 256
#endif

// The rows of the kernel for a last, partial sliver (see GP_DEFINE_KERNEL).
#define GP_TAIL_ROWS 4

// The micro-kernel NAME_<TY>_<SUF> computing KR rows of an MR × (NV·VLEN) tile (see gp_kernel in GP_DEFINE): KR is MR
// for whole slivers, fewer for the last sliver of a block whose rows end early (a 64-row block is 10 slivers of 6
// and one of 4 with AVX2), whose missing rows it neither multiplies nor stores. Each element adds the same products
// in the same order either way, and a tile of fewer than MR rows always goes through the edge buffer, so the bits
// do not depend on KR.
#define GP_DEFINE_KERNEL(NAME, TY, SUF, T, VLEN, KR, MR, NV, ATTR)                                             \
    ATTR static inline __attribute__((always_inline)) void NAME##_##TY##_##SUF(                               \
        size_t depth, const T *restrict pa, ptrdiff_t a_rs, ptrdiff_t a_step, size_t a_first_run, size_t a_run, \
        ptrdiff_t a_skip, const T *restrict pb, T *restrict c, size_t ldc, T alpha, T beta, size_t rows,       \
        size_t columns) {                                                                                      \
        typedef gp_vec_##TY##_##SUF V;                                                                         \
        enum { NR = gp_nr_##TY##_##SUF };                                                                      \
        V acc[KR][NV];                                                                                         \
        const V zero = {0};                                                                                    \
        for (int r = 0; r < (KR); r++)                                                                         \
            for (int v = 0; v < (NV); v++) acc[r][v] = zero;                                                   \
        size_t p = 0, stop = GP_MIN(a_first_run, depth);                                                      \
        for (;;) {                                                                                             \
            for (; p < stop; p++, pa += a_step, pb += NR) {                                                    \
                V bv[NV];                                                                                      \
                for (int v = 0; v < (NV); v++) bv[v] = *(const V *)(pb + v * (VLEN));                          \
                for (int r = 0; r < (KR); r++) {                                                               \
                    const T s = pa[r * a_rs];                                                                  \
                    for (int v = 0; v < (NV); v++) acc[r][v] += bv[v] * s;                                     \
                }                                                                                              \
            }                                                                                                  \
            if (p >= depth) break;                                                                             \
            pa += a_skip;                                                                                      \
            stop = GP_MIN(p + a_run, depth);                                                                   \
        }                                                                                                      \
        if (rows == (MR) && columns == NR) {                                                                   \
            for (int r = 0; r < (KR); r++) {                                                                   \
                T *cr = c + (size_t)r * ldc;                                                                   \
                for (int v = 0; v < (NV); v++) {                                                               \
                    V *cv = (V *)(cr + v * (VLEN));                                                            \
                    *cv = beta == 0 ? acc[r][v] * alpha : acc[r][v] * alpha + *cv * beta;                      \
                }                                                                                              \
            }                                                                                                  \
        } else {                                                                                               \
            /* An edge tile: the whole tile into a buffer, then only its valid corner into C. */               \
            T tile[(KR) * NR] __attribute__((aligned(64)));                                                    \
            for (int r = 0; r < (KR); r++)                                                                     \
                for (int v = 0; v < (NV); v++) *(V *)(tile + r * NR + v * (VLEN)) = acc[r][v];                 \
            for (size_t r = 0; r < rows; r++) {                                                                \
                T *cr = c + r * ldc;                                                                           \
                for (size_t j = 0; j < columns; j++)                                                           \
                    cr[j] = beta == 0 ? alpha * tile[r * NR + j] : alpha * tile[r * NR + j] + beta * cr[j];    \
            }                                                                                                  \
        }                                                                                                      \
    }

// Instantiates, for element type T with vectors of VLEN elements, an MR × (NV·VLEN) micro-kernel, its packing
// routines and the blocked driver `gp_run_<TY>_<SUF>`.
#define GP_DEFINE(TY, SUF, T, VLEN, MR, NV, KC, MC, NC, ATTR)                                                  \
    /* Unaligned (C's rows), and allowed to alias the element type it is loaded from. */                   \
    typedef T gp_vec_##TY##_##SUF                                                                              \
        __attribute__((vector_size((VLEN) * sizeof(T)), aligned(sizeof(T)), may_alias));                       \
    enum { gp_nr_##TY##_##SUF = (VLEN) * (NV) };                                                               \
                                                                                                               \
    /* `rows × depth` of A as MR-row slivers: step p of a sliver holds its MR values of column p. */          \
    ATTR static void gp_pack_a_##TY##_##SUF(size_t rows, size_t depth, const T *a, ptrdiff_t rs, ptrdiff_t cs,  \
                                            T *restrict out) {                                                 \
        for (size_t i = 0; i < rows; i += (MR), out += (MR) * depth) {                                         \
            const size_t valid = GP_MIN((size_t)(MR), rows - i);                                               \
            const T *origin = a + (ptrdiff_t)i * rs;                                                           \
            if (valid == (MR) && cs == 1) {                                                                    \
                for (size_t p = 0; p < depth; p++)                                                             \
                    for (size_t r = 0; r < (MR); r++) out[p * (MR) + r] = origin[(ptrdiff_t)r * rs + (ptrdiff_t)p]; \
            } else if (valid == (MR) && rs == 1) {                                                             \
                for (size_t p = 0; p < depth; p++)                                                             \
                    for (size_t r = 0; r < (MR); r++) out[p * (MR) + r] = origin[(ptrdiff_t)p * cs + (ptrdiff_t)r]; \
            } else {                                                                                           \
                for (size_t p = 0; p < depth; p++)                                                             \
                    for (size_t r = 0; r < (MR); r++)                                                          \
                        out[p * (MR) + r] = r < valid ? origin[(ptrdiff_t)r * rs + (ptrdiff_t)p * cs] : (T)0;  \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
                                                                                                               \
    /* `depth × columns` of B as NR-column slivers: step p of a sliver holds its NR values of row p. */        \
    ATTR static void gp_pack_b_##TY##_##SUF(size_t depth, size_t columns, const T *b, ptrdiff_t rs,            \
                                            ptrdiff_t cs, T *restrict out) {                                   \
        enum { NR = gp_nr_##TY##_##SUF };                                                                      \
        for (size_t j = 0; j < columns; j += NR, out += NR * depth) {                                          \
            const size_t valid = GP_MIN((size_t)NR, columns - j);                                              \
            const T *origin = b + (ptrdiff_t)j * cs;                                                           \
            if (valid == NR && cs == 1) {                                                                      \
                for (size_t p = 0; p < depth; p++) memcpy(out + p * NR, origin + (ptrdiff_t)p * rs, sizeof(T) * NR); \
            } else if (valid == NR && rs == 1 && cs > 0) {                                                     \
                /* B stored transposed (a linear layer's weight, the output gradient in gp_run_rows): columns */ \
                /* read contiguously, transposed in registers a block at a time. */                           \
                gp_transpose_##TY(origin, (size_t)cs, depth, NR, out);                                         \
            } else {                                                                                           \
                for (size_t p = 0; p < depth; p++)                                                             \
                    for (size_t c = 0; c < NR; c++)                                                            \
                        out[p * NR + c] = c < valid ? origin[(ptrdiff_t)p * rs + (ptrdiff_t)c * cs] : (T)0;    \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
                                                                                                               \
    /* C[0..<rows, 0..<columns] = alpha·(A sliver · B sliver) + beta·C; C is not read when beta is 0. The A */ \
    /* sliver's value (r, p) is pa[r·a_rs + p·a_step]: (1, MR) when packed, A's own strides when read in place; */ \
    /* A read in place may also come in runs (a convolution's output rows, see gp_run_rows): after the first  */ \
    /* `a_first_run` steps and then every `a_run` steps, pa moves on by `a_skip` more (depth, depth, 0: none). */ \
    GP_DEFINE_KERNEL(gp_kernel_whole, TY, SUF, T, VLEN, MR, MR, NV, ATTR)                                      \
    GP_DEFINE_KERNEL(gp_kernel_tail, TY, SUF, T, VLEN, GP_TAIL_ROWS, MR, NV, ATTR)                               \
    ATTR static inline __attribute__((always_inline)) void gp_kernel_##TY##_##SUF(                            \
        size_t depth, const T *restrict pa, ptrdiff_t a_rs, ptrdiff_t a_step, size_t a_first_run, size_t a_run, \
        ptrdiff_t a_skip, const T *restrict pb, T *restrict c, size_t ldc, T alpha, T beta, size_t rows,       \
        size_t columns) {                                                                                      \
        if (rows <= GP_TAIL_ROWS)                                                                              \
            gp_kernel_tail_##TY##_##SUF(depth, pa, a_rs, a_step, a_first_run, a_run, a_skip, pb, c, ldc, alpha, \
                                        beta, rows, columns);                                                  \
        else                                                                                                   \
            gp_kernel_whole_##TY##_##SUF(depth, pa, a_rs, a_step, a_first_run, a_run, a_skip, pb, c, ldc, alpha, \
                                         beta, rows, columns);                                                 \
    }                                                                                                          \
                                                                                                               \
    /* The blocked product of rows [i0, i1) × columns [j0, j1) of C. */                                        \
    ATTR static void gp_block_##TY##_##SUF(size_t i0, size_t i1, size_t j0, size_t j1, size_t k, T alpha,      \
                                           const T *a, ptrdiff_t ars, ptrdiff_t acs, const T *b, ptrdiff_t brs, \
                                           ptrdiff_t bcs, const synapse_windows *windows, T beta, T *c,         \
                                           size_t ldc, T *packed_a, T *packed_b) {                              \
        enum { NR = gp_nr_##TY##_##SUF };                                                                      \
        /* A narrow C (attention's 128 × 32 and 128 × 128 products) reads A in place when it has a unit      */ \
        /* stride: packing A would cost as much as the few B slivers it is multiplied with. */                 \
        const int in_place = j1 - j0 <= GP_IN_PLACE_COLUMNS && (acs == 1 || ars == 1);                         \
        /* Equal depth blocks, so k = 257 becomes 129 + 128 rather than 256 + 1. */                            \
        const size_t depth_blocks = (k + (KC) - 1) / (KC), kc_max = (k + depth_blocks - 1) / depth_blocks;     \
        /* Window blocks are packed from the image into narrower blocks (GP_WINDOWS_COLUMNS at most, equal */ \
        /* widths) that stay in L2 while being written and read back: a KC × NC block of B (2.3 MB) would */  \
        /* miss on every sliver written, and the image, unlike a stored B, costs nothing to revisit. */         \
        /* When A is one block (a convolution's 64 output channels), each sliver of B is packed from the */    \
        /* image just before the micro-kernels that read it, into the same L1-sized buffer, so it never */     \
        /* travels to L2 and back: B's block is read once either way. */                                       \
        const int per_sliver = windows && i1 - i0 <= (MC);                                                     \
        size_t nc_step = (NC);                                                                                 \
        if (windows && !per_sliver) {                                                                          \
            const size_t blocks = (j1 - j0 + GP_WINDOWS_COLUMNS - 1) / GP_WINDOWS_COLUMNS;                     \
            nc_step = ((j1 - j0 + blocks - 1) / blocks + NR - 1) / NR * NR;                                    \
        }                                                                                                      \
        for (size_t jc = j0; jc < j1; jc += nc_step) {                                                         \
            const size_t nc = GP_MIN(nc_step, j1 - jc);                                                        \
            for (size_t pc = 0; pc < k; pc += kc_max) {                                                        \
                const size_t kc = GP_MIN(kc_max, k - pc);                                                      \
                const T block_beta = pc == 0 ? beta : (T)1;                                                    \
                /* B is a convolution's window matrix: packed straight from the image (an implicit GEMM), */   \
                /* here or sliver by sliver below. */                                                          \
                if (!windows)                                                                                  \
                    gp_pack_b_##TY##_##SUF(kc, nc, b + (ptrdiff_t)pc * brs + (ptrdiff_t)jc * bcs, brs, bcs,    \
                                           packed_b);                                                          \
                else if (!per_sliver)                                                                          \
                    gp_pack_windows_##TY##_##SUF(windows, pc, jc, kc, nc, NR, packed_b);                       \
                for (size_t ic = i0; ic < i1; ic += (MC)) {                                                    \
                    const size_t mc = GP_MIN((size_t)(MC), i1 - ic);                                           \
                    const T *a_block = a + (ptrdiff_t)ic * ars + (ptrdiff_t)pc * acs;                          \
                    /* In place, only the last, partial sliver of A is packed (at the start of packed_a). */  \
                    const size_t whole = in_place ? mc / (MR) * (MR) : 0;                                      \
                    gp_pack_a_##TY##_##SUF(mc - whole, kc, a_block + (ptrdiff_t)whole * ars, ars, acs, packed_a); \
                    for (size_t jr = 0; jr < nc; jr += NR) {                                                   \
                        const T *sliver_b = per_sliver ? packed_b : packed_b + jr * kc;                        \
                        T *c_tile = c + ic * ldc + jc + jr;                                                    \
                        const size_t columns = GP_MIN((size_t)NR, nc - jr);                                    \
                        if (per_sliver)                                                                        \
                            gp_pack_windows_##TY##_##SUF(windows, pc, jc + jr, kc, columns, NR, packed_b);     \
                        size_t ir = 0;                                                                         \
                        for (; ir < whole; ir += (MR))                                                         \
                            gp_kernel_##TY##_##SUF(kc, a_block + (ptrdiff_t)ir * ars, ars, acs, kc, kc, 0,     \
                                                   sliver_b, c_tile + ir * ldc, ldc, alpha, block_beta, MR,    \
                                                   columns);                                                   \
                        for (; ir < mc; ir += (MR))                                                            \
                            gp_kernel_##TY##_##SUF(kc, packed_a + (ir - whole) * kc, 1, MR, kc, kc, 0, sliver_b, \
                                                   c_tile + ir * ldc, ldc, alpha, block_beta,                  \
                                                   GP_MIN((size_t)(MR), mc - ir), columns);                    \
                    }                                                                                          \
                }                                                                                              \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
                                                                                                               \
    /* Part `part` of `parts` of the product: a band of whole tiles along the dimension that splits evenly. */ \
    ATTR static void gp_run_##TY##_##SUF(size_t part, size_t parts, size_t m, size_t n, size_t k, T alpha,      \
                                         const T *a, ptrdiff_t ars, ptrdiff_t acs, const T *b, ptrdiff_t brs,   \
                                         ptrdiff_t bcs, const synapse_windows *windows, T beta, T *c,           \
                                         size_t ldc, void *scratch) {                                           \
        enum { NR = gp_nr_##TY##_##SUF };                                                                      \
        size_t i0 = 0, i1 = m, j0 = 0, j1 = n;                                                                 \
        if (parts > 1) {                                                                                       \
            if (gp_split_columns(m, n, MR, NR, parts))                                                         \
                gp_band(n, NR, part, parts, &j0, &j1);                                                         \
            else                                                                                               \
                gp_band(m, MR, part, parts, &i0, &i1);                                                         \
            if (i0 >= i1 || j0 >= j1) return;                                                                  \
        }                                                                                                      \
        T *packed_a = (T *)gp_align(scratch);                                                                  \
        T *packed_b = packed_a + (size_t)(MC) * (KC);                                                          \
        gp_block_##TY##_##SUF(i0, i1, j0, j1, k, alpha, a, ars, acs, b, brs, bcs, windows, beta, c, ldc,        \
                              packed_a, packed_b);                                                             \
    }                                                                                                          \
                                                                                                               \
    /* Part `part` of `parts` of C = alpha·W·B + beta·C for W the window matrix `w` describes (m = planes·taps */ \
    /* rows, k positions; stride_w 1) and B k × n: the weight gradient's product, with the windows as A read  */ \
    /* in place from a zero-padded copy of the image planes. An A sliver is MR planes under one kernel tap,    */ \
    /* rows a plane apart, each a shifted run of the padded plane along an output row: no packing, no         */ \
    /* transpose (B, the output gradient's transpose, is small). Its tiles land on C rows plane·taps + tap.    */ \
    /* The parts are bands of planes, each padding only its own; every element of C adds the same products in */ \
    /* the same order (and depth blocks) as gp_run with the transposed windows as B, whatever the parts.       */ \
    ATTR static void gp_run_rows_##TY##_##SUF(size_t part, size_t parts, size_t m, size_t n, size_t k, T alpha,  \
                                              const synapse_windows *w, const T *b, ptrdiff_t brs, ptrdiff_t bcs, \
                                              T beta, T *c, size_t ldc, void *scratch, size_t scratch_elements) { \
        enum { NR = gp_nr_##TY##_##SUF };                                                                      \
        const size_t taps = (size_t)(w->kernel_h * w->kernel_w), planes = m / taps;                            \
        size_t c0 = 0, c1 = planes;                                                                            \
        if (parts > 1) {                                                                                       \
            gp_band(planes, MR, part, parts, &c0, &c1);                                                        \
            if (c0 >= c1) return;                                                                              \
        }                                                                                                      \
        size_t padded_h, padded_w;                                                                             \
        gp_padded_plane(w, &padded_h, &padded_w);                                                              \
        const size_t plane = padded_h * padded_w, out_w = (size_t)w->out_width;                                \
        const size_t nc_step = GP_MIN((size_t)(NC), (n + NR - 1) / NR * NR);                                   \
        T *packed_b = (T *)gp_align(scratch);                                                                  \
        T *padded = packed_b + (size_t)(KC) * nc_step;                                                         \
        /* Planes padded at once: as many whole slivers as the rest of the scratch holds (at least one: */        \
        /* synapse_gemm_window_rows_supported). A last, partial sliver reads zero planes past the last one. */     \
        const size_t chunk = (scratch_elements - (size_t)(KC) * nc_step) / plane / (MR) * (MR);                \
        const size_t depth_blocks = (k + (KC) - 1) / (KC), kc_max = (k + depth_blocks - 1) / depth_blocks;     \
        const ptrdiff_t skip = (ptrdiff_t)(w->stride_h * (ptrdiff_t)padded_w) - (ptrdiff_t)out_w;             \
        for (size_t cc = c0; cc < c1; cc += chunk) {                                                           \
            const size_t count = GP_MIN(chunk, c1 - cc);                                                       \
            gp_pad_planes_##TY(w, cc, count, padded_h, padded_w, padded);                                      \
            memset(padded + count * plane, 0, ((count + (MR) - 1) / (MR) * (MR) - count) * plane * sizeof(T));     \
            for (size_t jc = 0; jc < n; jc += nc_step) {                                                       \
                const size_t nc = GP_MIN(nc_step, n - jc);                                                     \
                for (size_t pc = 0; pc < k; pc += kc_max) {                                                    \
                    const size_t kc = GP_MIN(kc_max, k - pc);                                                  \
                    const T block_beta = pc == 0 ? beta : (T)1;                                                \
                    gp_pack_b_##TY##_##SUF(kc, nc, b + (ptrdiff_t)pc * brs + (ptrdiff_t)jc * bcs, brs, bcs,    \
                                           packed_b);                                                          \
                    /* Position pc's place in a padded plane, and the rest of its output row. */              \
                    const size_t oy = pc / out_w, ox = pc % out_w;                                             \
                    const T *first = padded + oy * (size_t)w->stride_h * padded_w + ox;                        \
                    for (size_t jr = 0; jr < nc; jr += NR) {                                                   \
                        const size_t columns = GP_MIN((size_t)NR, nc - jr);                                    \
                        for (size_t tap = 0; tap < taps; tap++) {                                              \
                            const T *at_tap = first + (tap / (size_t)w->kernel_w) * (size_t)w->dilation_h * padded_w \
                                              + (tap % (size_t)w->kernel_w) * (size_t)w->dilation_w;          \
                            for (size_t ci = 0; ci < count; ci += (MR)) {                                      \
                                gp_kernel_##TY##_##SUF(kc, at_tap + ci * plane, (ptrdiff_t)plane, 1, out_w - ox, \
                                                       out_w, skip, packed_b + jr * kc,                        \
                                                       c + ((cc + ci) * taps + tap) * ldc + jc + jr, taps * ldc, \
                                                       alpha, block_beta, GP_MIN((size_t)(MR), count - ci),    \
                                                       columns);                                               \
                            }                                                                                  \
                        }                                                                                      \
                    }                                                                                          \
                }                                                                                              \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    static const size_t gp_scratch_##TY##_##SUF = ((size_t)(MC) * (KC) + (size_t)(KC) * (NC)) * sizeof(T);

// The first 64-byte boundary at or after `p` (scratch buffers carry 64 bytes of slack).
static inline void *gp_align(void *p) { return (void *)(((uintptr_t)p + 63) & ~(uintptr_t)63); }

// Rows [begin, end) of band `part` of `parts` over `total` rows, cut at multiples of `unit` (a tile).
static void gp_band(size_t total, size_t unit, size_t part, size_t parts, size_t *begin, size_t *end) {
    const size_t tiles = (total + unit - 1) / unit;
    *begin = GP_MIN(tiles * part / parts * unit, total);
    *end = GP_MIN(tiles * (part + 1) / parts * unit, total);
}

// Whether to split C by columns (each thread packs only its columns of B) rather than by rows: the split whose
// busiest band holds fewer elements, columns on a tie.
static int gp_split_columns(size_t m, size_t n, size_t mr, size_t nr, size_t parts) {
    const size_t column_tiles = (n + nr - 1) / nr, row_tiles = (m + mr - 1) / mr;
    const size_t busiest_by_columns = GP_MIN((column_tiles + parts - 1) / parts * nr, n) * m;
    const size_t busiest_by_rows = GP_MIN((row_tiles + parts - 1) / parts * mr, m) * n;
    return busiest_by_columns <= busiest_by_rows;
}

// The padded plane gp_run_rows reads the window rows from (stride_w 1): every row and column a window reaches.
static void gp_padded_plane(const synapse_windows *w, size_t *height, size_t *width) {
    *height = (size_t)((w->out_height - 1) * w->stride_h + (w->kernel_h - 1) * w->dilation_h + 1);
    *width = (size_t)(w->out_width + (w->kernel_w - 1) * w->dilation_w);
}

//         TY SUF       T       VLEN MR NV  KC   MC   NC
GP_DEFINE(s, baseline, float,  4,   6, 2, 256, 96,  2048, )
GP_DEFINE(d, baseline, double, 2,   6, 2, 256, 96,  1024, )
#if SYNAPSE_ISA_X86
GP_DEFINE(s, avx2,     float,  8,   6, 2, 384, 96,  2048, SYNAPSE_TARGET_AVX2)
GP_DEFINE(d, avx2,     double, 4,   6, 2, 256, 96,  1024, SYNAPSE_TARGET_AVX2)
GP_DEFINE(s, avx512,   float,  16,  8, 2, 384, 96,  2048, SYNAPSE_TARGET_AVX512)
GP_DEFINE(d, avx512,   double, 8,   8, 2, 256, 96,  1024, SYNAPSE_TARGET_AVX512)
#endif

#define GP_MAX(x, y) ((x) > (y) ? (x) : (y))
#if SYNAPSE_ISA_X86
#define GP_SCRATCH                                                                                             \
    GP_MAX(GP_MAX(GP_MAX(gp_scratch_s_baseline, gp_scratch_d_baseline), GP_MAX(gp_scratch_s_avx2, gp_scratch_d_avx2)), \
           GP_MAX(gp_scratch_s_avx512, gp_scratch_d_avx512))
#else
#define GP_SCRATCH GP_MAX(gp_scratch_s_baseline, gp_scratch_d_baseline)
#endif

size_t synapse_gemm_packed_scratch_bytes(void) { return (size_t)GP_SCRATCH + 64; }

// The level to run: the one requested, but never above the level in use.
static int gp_level(int isa) {
    const int current = synapse_vmath_isa();
    return isa < 0 || isa > current ? current : isa;
}

void synapse_sgemm_packed(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, float alpha,
                          const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride, const float *b,
                          ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, float beta, float *c, size_t ldc,
                          void *scratch) {
    if (m == 0 || n == 0 || k == 0) return;
    SYNAPSE_ISA_PICK_LEVEL(gp_run_s, gp_level(isa))(part, parts, m, n, k, alpha, a, a_row_stride, a_column_stride,
                                                    b, b_row_stride, b_column_stride, NULL, beta, c, ldc, scratch);
}

void synapse_dgemm_packed(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, double alpha,
                          const double *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride, const double *b,
                          ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, double beta, double *c, size_t ldc,
                          void *scratch) {
    if (m == 0 || n == 0 || k == 0) return;
    SYNAPSE_ISA_PICK_LEVEL(gp_run_d, gp_level(isa))(part, parts, m, n, k, alpha, a, a_row_stride, a_column_stride,
                                                    b, b_row_stride, b_column_stride, NULL, beta, c, ldc, scratch);
}

// The implicit-GEMM entry points (synapse_gemm.h): the packed product with B packed from `windows`.
#define GP_WINDOWS_ENTRY(TY, T)                                                                                \
    void synapse_##TY##gemm_packed_windows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k,    \
                                           T alpha, const T *a, ptrdiff_t a_row_stride,                        \
                                           ptrdiff_t a_column_stride, const synapse_windows *windows, T beta,  \
                                           T *c, size_t ldc, void *scratch) {                                  \
        if (m == 0 || n == 0 || k == 0) return;                                                                \
        SYNAPSE_ISA_PICK_LEVEL(gp_run_##TY, gp_level(isa))(part, parts, m, n, k, alpha, a, a_row_stride,       \
                                                           a_column_stride, NULL, 0, 0, windows, beta, c, ldc, \
                                                           scratch);                                           \
    }
GP_WINDOWS_ENTRY(s, float)
GP_WINDOWS_ENTRY(d, double)

// The weight gradient's entry points (synapse_gemm.h): the windows as A, read in place from padded planes.
#define GP_ROWS_ENTRY(TY, T)                                                                                   \
    void synapse_##TY##gemm_packed_window_rows(int isa, size_t part, size_t parts, size_t m, size_t n, size_t k, \
                                               T alpha, const synapse_windows *windows, const T *b,            \
                                               ptrdiff_t b_row_stride, ptrdiff_t b_column_stride, T beta, T *c, \
                                               size_t ldc, void *scratch) {                                    \
        if (m == 0 || n == 0 || k == 0) return;                                                                \
        SYNAPSE_ISA_PICK_LEVEL(gp_run_rows_##TY, gp_level(isa))(part, parts, m, n, k, alpha, windows, b,       \
                                                                b_row_stride, b_column_stride, beta, c, ldc,   \
                                                                scratch, (size_t)GP_SCRATCH / sizeof(T));      \
    }
GP_ROWS_ENTRY(s, float)
GP_ROWS_ENTRY(d, double)

int synapse_gemm_window_rows_supported(const synapse_windows *windows, size_t n) {
    if (windows->transposed || windows->stride_w != 1) return 0;
    size_t padded_h, padded_w;
    gp_padded_plane(windows, &padded_h, &padded_w);
    // A sliver of the widest A (MR 8) beside a block of B of the deepest KC (384) and widest NC (2048), in double.
    const size_t columns = GP_MIN((n + 31) / 32 * 32, (size_t)2048);
    return padded_h * padded_w * 8 + 384 * columns <= (size_t)GP_SCRATCH / sizeof(double);
}
