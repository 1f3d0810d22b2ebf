// Float32 reductions over rows and columns (see include/synapse_reduce.h).
//
// Every loop is written over small arrays of lanes (`float lanes[64]`, `double acc[…]`) that clang turns into
// SIMD registers without reassociating anything, so the order of additions is fixed by the source: the same on
// every instruction set except for fused multiply-adds in the squared deviations (the AVX2 and AVX-512 paths fuse
// `d * d + acc`, the baseline doesn't). Each kernel is compiled three times, as in vector_math.c.
#include "synapse_reduce.h"

#include <math.h>

#include "double_lanes.h"
#include "float_blocks.h"
#include "isa_dispatch.h"

#define RD_INLINE static inline __attribute__((always_inline))
#define RD_LANES FB_LANES  // lanes of the extremes, as many as the sums
#define RD_ROWS 4      // rows added per pass over a column tile's accumulators
#define RD_BLOCK_COLUMNS 32           // columns a blocked column kernel keeps in registers
#define RD_BLOCKED_BYTES (512 << 10)  // tiles up to this size (half of Zen 5's L2) take the blocked kernels

// The larger (or smaller) of `best` and `v`, NaN winning: once `best` is NaN no comparison replaces it.
RD_INLINE float rd_pick_max(float best, float v) { return (v > best || v != v) ? v : best; }
RD_INLINE float rd_pick_min(float best, float v) { return (v < best || v != v) ? v : best; }

// `best = PICK(best, fold of lanes[0..<RD_LANES])` by the fixed pairwise tree (lanes[l] = PICK(lanes[l], lanes[l + half])).
#define RD_FOLD(lanes, PICK, best)                                                                             \
    do {                                                                                                       \
        for (size_t half = RD_LANES / 2; half > 0; half /= 2)                                                  \
            for (size_t l = 0; l < half; l++) (lanes)[l] = PICK((lanes)[l], (lanes)[l + half]);                \
        (best) = PICK((best), (lanes)[0]);                                                                     \
    } while (0)

// One step of rd_extreme_fast over RD_LANES elements from `v`: the lanes keep `v[l] OP lanes[l] ? v[l] : lanes[l]`
// (one instruction per vector; a NaN in `v` is dropped, a NaN already in a lane stays), and `check`'s 16 lanes
// add the elements, so that it turns NaN if any of them is NaN.
#define RD_FAST_STEP(lanes, check, v, OP)                                                                      \
    do {                                                                                                       \
        for (size_t l = 0; l < RD_LANES; l++) (lanes)[l] = (v)[l] OP(lanes)[l] ? (v)[l] : (lanes)[l];          \
        for (size_t l = 0; l < 16; l++) (check)[l] += ((v)[l] + (v)[l + 16]) + ((v)[l + 32] + (v)[l + 48]);   \
    } while (0)

#define RD_KERNELS(SUF, ATTR)                                                                                  \
    SYNAPSE_FLOAT_BLOCKS(SUF, ATTR) /* fb_sum_##SUF: the row sums, as layer_norm.c sums its rows */           \
    SYNAPSE_DOUBLE_LANES(SUF, ATTR) /* dl_m2_##SUF: the squared deviations of the variance, in double */      \
    /* Largest or smallest of n >= 1 floats, NaN winning. */                                                   \
    ATTR __attribute__((unused)) static float rd_extreme_##SUF(const float *x, size_t n, int largest) {                                \
        float best = x[0];                                                                                     \
        size_t i = 0;                                                                                          \
        if (n >= RD_LANES) {                                                                                   \
            float lanes[RD_LANES];                                                                             \
            for (size_t l = 0; l < RD_LANES; l++) lanes[l] = x[l];                                             \
            if (largest) {                                                                                     \
                for (i = RD_LANES; i + RD_LANES <= n; i += RD_LANES)                                           \
                    for (size_t l = 0; l < RD_LANES; l++) lanes[l] = rd_pick_max(lanes[l], x[i + l]);          \
                RD_FOLD(lanes, rd_pick_max, best);                                                             \
            } else {                                                                                           \
                for (i = RD_LANES; i + RD_LANES <= n; i += RD_LANES)                                           \
                    for (size_t l = 0; l < RD_LANES; l++) lanes[l] = rd_pick_min(lanes[l], x[i + l]);          \
                RD_FOLD(lanes, rd_pick_min, best);                                                             \
            }                                                                                                  \
        }                                                                                                      \
        for (; i < n; i++) best = largest ? rd_pick_max(best, x[i]) : rd_pick_min(best, x[i]);                 \
        return best;                                                                                           \
    }                                                                                                          \
    /* rd_extreme with a plain comparison in the loop (one instruction per vector, not four) and a check that */ \
    /* turns NaN when an element is NaN (or +inf meets -inf): then rd_extreme redoes the row. Without NaN the */   \
    /* lanes compare the same values in the same order: the same result. */                                    \
    ATTR __attribute__((unused)) static float rd_extreme_fast_##SUF(const float *x, size_t n, int largest) {   \
        if (n < 2 * RD_LANES) return rd_extreme_##SUF(x, n, largest);                                          \
        float lanes[RD_LANES], check[16] = {0}, best = x[0];                                                   \
        for (size_t l = 0; l < RD_LANES; l++) lanes[l] = x[l];                                                 \
        size_t i = RD_LANES;                                                                                   \
        if (largest)                                                                                           \
            for (; i + RD_LANES <= n; i += RD_LANES) RD_FAST_STEP(lanes, check, x + i, >);                     \
        else                                                                                                   \
            for (; i + RD_LANES <= n; i += RD_LANES) RD_FAST_STEP(lanes, check, x + i, <);                     \
        float seen = 0;                                                                                        \
        for (size_t l = 0; l < 16; l++) seen += check[l];                                                      \
        if (seen != seen) return rd_extreme_##SUF(x, n, largest);                                              \
        if (largest) RD_FOLD(lanes, rd_pick_max, best); else RD_FOLD(lanes, rd_pick_min, best);                \
        for (; i < n; i++) best = largest ? rd_pick_max(best, x[i]) : rd_pick_min(best, x[i]);                 \
        return best;                                                                                           \
    }                                                                                                          \
    /* totals[r] = fb_sum of row r, for `k` rows of `length` floats from `x`, a block of FB_BLOCK taken from */ \
    /* each row in turn: each row adds the same blocks in the same order, while one core reads k places at */    \
    /* once (see rd_streams). */                                                                               \
    ATTR __attribute__((unused)) static void rd_sum_rows_in_turn_##SUF(const float *x, size_t length, size_t k, \
                                                                      double *totals) {                        \
        for (size_t r = 0; r < k; r++) totals[r] = 0;                                                          \
        for (size_t start = 0; start < length; start += FB_BLOCK) {                                            \
            size_t end = length - start < FB_BLOCK ? length : start + FB_BLOCK;                                \
            for (size_t r = 0; r < k; r++) {                                                                   \
                double block;                                                                                  \
                FB_BLOCK_SUM(x + r * length, start, end, FB_IDENTITY, block);                                  \
                totals[r] += block;                                                                            \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    /* acc[j] += Σ_r x[r · stride + j] for `rows` rows of `width` columns, in row order, in double. */         \
    ATTR static void rd_column_sum_##SUF(const float *x, size_t rows, size_t stride, size_t width,            \
                                         double *acc) {                                                        \
        size_t r = 0;                                                                                          \
        for (; r + RD_ROWS <= rows; r += RD_ROWS) {                                                            \
            const float *a = x + r * stride, *b = a + stride, *c = b + stride, *d = c + stride;                \
            for (size_t j = 0; j < width; j++)                                                                 \
                acc[j] = acc[j] + (double)a[j] + (double)b[j] + (double)c[j] + (double)d[j];                   \
        }                                                                                                      \
        for (; r < rows; r++) {                                                                                \
            const float *a = x + r * stride;                                                                   \
            for (size_t j = 0; j < width; j++) acc[j] += (double)a[j];                                         \
        }                                                                                                      \
    }                                                                                                          \
    /* acc[j] += Σ_r (x[r · stride + j] - mean[j])^2, in row order, in double. */                              \
    ATTR static void rd_column_m2_##SUF(const float *x, size_t rows, size_t stride, size_t width,             \
                                        const double *mean, double *acc) {                                     \
        size_t r = 0;                                                                                          \
        for (; r + RD_ROWS <= rows; r += RD_ROWS) {                                                            \
            const float *a = x + r * stride, *b = a + stride, *c = b + stride, *e = c + stride;                \
            for (size_t j = 0; j < width; j++) {                                                               \
                double da = (double)a[j] - mean[j], db = (double)b[j] - mean[j];                               \
                double dc = (double)c[j] - mean[j], de = (double)e[j] - mean[j];                               \
                acc[j] = acc[j] + da * da + db * db + dc * dc + de * de;                                       \
            }                                                                                                  \
        }                                                                                                      \
        for (; r < rows; r++) {                                                                                \
            const float *a = x + r * stride;                                                                   \
            for (size_t j = 0; j < width; j++) {                                                               \
                double d = (double)a[j] - mean[j];                                                             \
                acc[j] += d * d;                                                                               \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    /* best[j] = the largest (smallest) of best[j] and the rows' x[r · stride + j], NaN winning. */            \
    ATTR static void rd_column_extreme_##SUF(const float *x, size_t rows, size_t stride, size_t width,        \
                                             float *best, int largest) {                                       \
        size_t r = 0;                                                                                          \
        for (; r + RD_ROWS <= rows; r += RD_ROWS) {                                                            \
            const float *a = x + r * stride, *b = a + stride, *c = b + stride, *d = c + stride;                \
            if (largest)                                                                                       \
                for (size_t j = 0; j < width; j++)                                                             \
                    best[j] = rd_pick_max(rd_pick_max(rd_pick_max(rd_pick_max(best[j], a[j]), b[j]), c[j]), d[j]); \
            else                                                                                               \
                for (size_t j = 0; j < width; j++)                                                             \
                    best[j] = rd_pick_min(rd_pick_min(rd_pick_min(rd_pick_min(best[j], a[j]), b[j]), c[j]), d[j]); \
        }                                                                                                      \
        for (; r < rows; r++) {                                                                                \
            const float *a = x + r * stride;                                                                   \
            if (largest)                                                                                       \
                for (size_t j = 0; j < width; j++) best[j] = rd_pick_max(best[j], a[j]);                       \
            else                                                                                               \
                for (size_t j = 0; j < width; j++) best[j] = rd_pick_min(best[j], a[j]);                       \
        }                                                                                                      \
    } \
    /* rd_column_sum for a tile that stays in L2: RD_BLOCK_COLUMNS columns at a time in registers over all */  \
    /* the rows, then the next columns (the tile is read once per block), instead of acc[j] loaded and */       \
    /* stored for every RD_ROWS rows. Each column still adds its rows in order: the same sums. */               \
    ATTR static void rd_column_sum_blocked_##SUF(const float *x, size_t rows, size_t stride, size_t width,    \
                                                 double *acc) {                                                \
        size_t j = 0;                                                                                          \
        for (; j + RD_BLOCK_COLUMNS <= width; j += RD_BLOCK_COLUMNS) {                                         \
            dl_double8 s0, s1, s2, s3;                                                                         \
            __builtin_memcpy(&s0, acc + j, sizeof s0);                                                         \
            __builtin_memcpy(&s1, acc + j + 8, sizeof s1);                                                     \
            __builtin_memcpy(&s2, acc + j + 16, sizeof s2);                                                    \
            __builtin_memcpy(&s3, acc + j + 24, sizeof s3);                                                    \
            for (size_t r = 0; r < rows; r++) {                                                                \
                const float *row = x + r * stride + j;                                                         \
                s0 += DL_LOAD(row);                                                                            \
                s1 += DL_LOAD(row + 8);                                                                        \
                s2 += DL_LOAD(row + 16);                                                                       \
                s3 += DL_LOAD(row + 24);                                                                       \
            }                                                                                                  \
            __builtin_memcpy(acc + j, &s0, sizeof s0);                                                         \
            __builtin_memcpy(acc + j + 8, &s1, sizeof s1);                                                     \
            __builtin_memcpy(acc + j + 16, &s2, sizeof s2);                                                    \
            __builtin_memcpy(acc + j + 24, &s3, sizeof s3);                                                    \
        }                                                                                                      \
        if (j < width) rd_column_sum_##SUF(x + j, rows, stride, width - j, acc + j);                           \
    }                                                                                                          \
    /* rd_column_extreme by blocks of RD_BLOCK_COLUMNS columns held in registers (see the sum above). */       \
    ATTR static void rd_column_extreme_blocked_##SUF(const float *x, size_t rows, size_t stride, size_t width, \
                                                     float *best, int largest) {                               \
        size_t j = 0;                                                                                          \
        for (; j + RD_BLOCK_COLUMNS <= width; j += RD_BLOCK_COLUMNS) {                                         \
            float lanes[RD_BLOCK_COLUMNS];                                                                     \
            for (size_t l = 0; l < RD_BLOCK_COLUMNS; l++) lanes[l] = best[j + l];                              \
            if (largest)                                                                                       \
                for (size_t r = 0; r < rows; r++)                                                              \
                    for (size_t l = 0; l < RD_BLOCK_COLUMNS; l++)                                              \
                        lanes[l] = rd_pick_max(lanes[l], x[r * stride + j + l]);                               \
            else                                                                                               \
                for (size_t r = 0; r < rows; r++)                                                              \
                    for (size_t l = 0; l < RD_BLOCK_COLUMNS; l++)                                              \
                        lanes[l] = rd_pick_min(lanes[l], x[r * stride + j + l]);                               \
            for (size_t l = 0; l < RD_BLOCK_COLUMNS; l++) best[j + l] = lanes[l];                              \
        }                                                                                                      \
        if (j < width) rd_column_extreme_##SUF(x + j, rows, stride, width - j, best + j, largest);             \
    }

SYNAPSE_ISA_INSTANTIATE(RD_KERNELS)

#if SYNAPSE_ISA_X86
#define RD_WIDE_COLUMNS 256  // columns one AVX-512 pass holds in registers: 16 zmm
/// Sixteen floats (one zmm): the NaN check's lanes.
typedef float rd_float16 __attribute__((vector_size(64)));

// `check += (Σ_k row[16k .. 16k + 15]) · 0` over one row of RD_WIDE_COLUMNS: stays 0 unless the row holds a NaN or
// an infinity (or its partial sums overflow), then turns NaN. Two partial sums halve the chain of additions.
#define RD_CHECK_ROW(row, check)                                                                               \
    do {                                                                                                       \
        rd_float16 rd_a_ = {0}, rd_b_ = {0}, rd_v_, rd_w_;                                                     \
        for (size_t k = 0; k < RD_WIDE_COLUMNS; k += 32) {                                                     \
            __builtin_memcpy(&rd_v_, (row) + k, sizeof rd_v_);                                                 \
            __builtin_memcpy(&rd_w_, (row) + k + 16, sizeof rd_w_);                                            \
            rd_a_ += rd_v_;                                                                                    \
            rd_b_ += rd_w_;                                                                                    \
        }                                                                                                      \
        (check) += (rd_a_ + rd_b_) * 0.0f;                                                                     \
    } while (0)

// rd_column_extreme_blocked over one block of RD_WIDE_COLUMNS columns in registers: each row is read whole, in
// memory order (the 32-column blocks read a tile as eight strided passes, ~2x the time of the cube's `dim1`), and
// compared with a plain `v > best ? v : best` (one instruction, not four) while a check lane notices any NaN or
// infinity. A NaN already in `best` stays there; a NaN in a row would be dropped, so when the check fires the
// block is left untouched and 0 returned: the caller redoes it with the NaN-propagating kernel. Otherwise each
// column compares its rows in order as that kernel does: the same results. Returns 1 when `best` is updated.
#define RD_WIDE_KERNELS(SUF, ATTR)                                                                             \
    ATTR static int rd_column_extreme_wide_##SUF(const float *x, size_t rows, size_t stride, float *best,       \
                                                 int largest) {                                                \
        float lanes[RD_WIDE_COLUMNS];                                                                          \
        rd_float16 check = {0};                                                                                \
        for (size_t l = 0; l < RD_WIDE_COLUMNS; l++) lanes[l] = best[l];                                       \
        if (largest)                                                                                           \
            for (size_t r = 0; r < rows; r++) {                                                                \
                const float *row = x + r * stride;                                                             \
                for (size_t l = 0; l < RD_WIDE_COLUMNS; l++) lanes[l] = row[l] > lanes[l] ? row[l] : lanes[l]; \
                RD_CHECK_ROW(row, check);                                                                      \
            }                                                                                                  \
        else                                                                                                   \
            for (size_t r = 0; r < rows; r++) {                                                                \
                const float *row = x + r * stride;                                                             \
                for (size_t l = 0; l < RD_WIDE_COLUMNS; l++) lanes[l] = row[l] < lanes[l] ? row[l] : lanes[l]; \
                RD_CHECK_ROW(row, check);                                                                      \
            }                                                                                                  \
        float seen = 0;                                                                                        \
        for (size_t l = 0; l < 16; l++) seen += check[l];                                                      \
        if (seen != 0) return 0;                                                                               \
        for (size_t l = 0; l < RD_WIDE_COLUMNS; l++) best[l] = lanes[l];                                       \
        return 1;                                                                                              \
    }

// Only AVX-512 has the registers (AVX2's 16 ymm hold 128 columns, and spilling them loses the gain).
RD_WIDE_KERNELS(avx512, SYNAPSE_TARGET_AVX512)

/// Columns `[0, done)` of a tile reduced by rd_column_extreme_wide at the AVX-512 level: whole blocks of
/// RD_WIDE_COLUMNS up to the first one holding a NaN or an infinity (the caller reduces the rest).
static size_t rd_column_extreme_wide(const float *x, size_t rows, size_t stride, size_t width, float *best,
                                     int largest, int isa) {
    size_t j = 0;
    if (isa >= SYNAPSE_VM_ISA_AVX512)
        for (; j + RD_WIDE_COLUMNS <= width; j += RD_WIDE_COLUMNS)
            if (!rd_column_extreme_wide_avx512(x + j, rows, stride, best + j, largest)) break;
    return j;
}
#else
static size_t rd_column_extreme_wide(const float *x, size_t rows, size_t stride, size_t width, float *best,
                                     int largest, int isa) {
    (void)x, (void)rows, (void)stride, (void)width, (void)best, (void)largest, (void)isa;
    return 0;
}
#endif

#define RD_CALL(name, ...) SYNAPSE_ISA_PICK_LEVEL(name, isa)(__VA_ARGS__)
// Row sums and extremes stream their input once from memory, and on the Zen 5 machine of Benchmarks/README.md
// the AVX2 loop (eight 32-byte loads per 64 floats) reads 64 MB 15-30 % faster than the AVX-512 one (four 64-byte
// loads), while both are equally fast from cache. The lanes fix the order of the additions, so both give the
// same bits: the AVX-512 level runs the AVX2 variants.
#define RD_STREAM_CALL(name, ...) \
    SYNAPSE_ISA_PICK_LEVEL(name, isa >= SYNAPSE_VM_ISA_AVX512 ? SYNAPSE_VM_ISA_AVX2 : isa)(__VA_ARGS__)

// Row `i` of synapse_reduce_rows_f32 into values[i] (and m2[i]).
static inline void rd_reduce_row(int op, const float *x, size_t n, size_t length, size_t i, double *values,
                                 double *m2, int isa) {
    size_t start = i * length, count = n - start < length ? n - start : length;
    const float *row = x + start;
    switch (op) {
    case SYNAPSE_REDUCE_SUM: values[i] = RD_STREAM_CALL(fb_sum, row, count, 0); break;
    case SYNAPSE_REDUCE_MOMENTS: {
        double sum = RD_STREAM_CALL(fb_sum, row, count, 0);
        values[i] = sum;
        m2[i] = RD_CALL(dl_m2, row, count, sum / (double)count);
        break;
    }
    default: values[i] = RD_STREAM_CALL(rd_extreme_fast, row, count, op == SYNAPSE_REDUCE_MAX); break;
    }
}

// How many parts of a range of rows synapse_reduce_rows_f32 reads at once, by row length. One core streams more
// bytes per second from memory when it reads several places in turn than one after another: over 64 MB on the
// Zen 5 machine (a standalone loop, one core, best of 15), rows of 256 floats summed in 2.8 ms one after another,
// 2.3 ms taking 2 parts in turn and 1.75 ms taking 4; rows of 4,096 in 2.9, 2.45 and 2.5 ms. Longer rows gain
// nothing from it (a whole-tensor sum's segments of 64 Ki: 2.7 ms either way), but sums of those take their 4 KB
// blocks from RD_SUM_PARTS rows in turn (rd_sum_rows_in_turn: 2.6-3.4 -> 1.7-2.1 ms).
static size_t rd_streams(size_t length) { return length <= 1024 ? 4 : length <= 16384 ? 2 : 1; }
#define RD_SUM_PARTS 4

int synapse_reduce_rows_f32(int op, const float *x, size_t n, size_t length, size_t begin, size_t end,
                            double *values, double *m2, int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0 || op < SYNAPSE_REDUCE_SUM || op > SYNAPSE_REDUCE_MIN) return -1;
    // The range as `streams` consecutive parts of `per` rows, row r of every part in turn, then the rows left
    // over; each row's result doesn't depend on when it is reduced.
    if (op == SYNAPSE_REDUCE_SUM && rd_streams(length) == 1)
        for (; begin + RD_SUM_PARTS <= end && (begin + RD_SUM_PARTS) * length <= n; begin += RD_SUM_PARTS)
            RD_STREAM_CALL(rd_sum_rows_in_turn, x + begin * length, length, RD_SUM_PARTS, values + begin);
    size_t streams = rd_streams(length), per = (end - begin) / streams;
    for (size_t r = 0; r < per; r++)
        for (size_t part = 0; part < streams; part++)
            rd_reduce_row(op, x, n, length, begin + part * per + r, values, m2, isa);
    for (size_t i = begin + streams * per; i < end; i++) rd_reduce_row(op, x, n, length, i, values, m2, isa);
    return 0;
}

size_t synapse_reduce_column_items(size_t outer, size_t inner) {
    return outer * ((inner + SYNAPSE_REDUCE_TILE - 1) / SYNAPSE_REDUCE_TILE);
}

int synapse_reduce_columns_f32(int op, const float *x, size_t reduced, size_t inner, size_t begin, size_t end,
                               double *values, double *m2, int isa) {
    isa = synapse_isa_level(isa);
    if (isa < 0 || op < SYNAPSE_REDUCE_SUM || op > SYNAPSE_REDUCE_MIN || reduced == 0) return -1;
    size_t tiles = (inner + SYNAPSE_REDUCE_TILE - 1) / SYNAPSE_REDUCE_TILE;
    for (size_t item = begin; item < end; item++) {
        size_t o = item / tiles, first = (item % tiles) * SYNAPSE_REDUCE_TILE;
        size_t width = inner - first < SYNAPSE_REDUCE_TILE ? inner - first : SYNAPSE_REDUCE_TILE;
        const float *tile = x + o * reduced * inner + first;
        double *out = values + o * inner + first;
        int blocked = reduced * width * sizeof(float) <= RD_BLOCKED_BYTES;
        if (op == SYNAPSE_REDUCE_MAX || op == SYNAPSE_REDUCE_MIN) {
            float best[SYNAPSE_REDUCE_TILE];
            for (size_t j = 0; j < width; j++) best[j] = tile[j];
            if (blocked) {
                int largest = op == SYNAPSE_REDUCE_MAX;
                size_t done = rd_column_extreme_wide(tile + inner, reduced - 1, inner, width, best, largest, isa);
                RD_CALL(rd_column_extreme_blocked, tile + inner + done, reduced - 1, inner, width - done, best + done,
                        largest);
            } else
                RD_CALL(rd_column_extreme, tile + inner, reduced - 1, inner, width, best, op == SYNAPSE_REDUCE_MAX);
            for (size_t j = 0; j < width; j++) out[j] = best[j];
            continue;
        }
        for (size_t j = 0; j < width; j++) out[j] = 0;
        if (blocked)
            RD_CALL(rd_column_sum_blocked, tile, reduced, inner, width, out);
        else
            RD_CALL(rd_column_sum, tile, reduced, inner, width, out);
        if (op == SYNAPSE_REDUCE_MOMENTS) {
            double mean[SYNAPSE_REDUCE_TILE];
            double *squares = m2 + o * inner + first;
            for (size_t j = 0; j < width; j++) {
                mean[j] = out[j] / (double)reduced;
                squares[j] = 0;
            }
            RD_CALL(rd_column_m2, tile, reduced, inner, width, mean, squares);
        }
    }
    return 0;
}
