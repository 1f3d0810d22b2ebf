// Products with a short left operand (a linear layer on a few tokens): C = alpha·A·Bᵀ + beta·C, each element a
// dot product of a row of A and a row of B. Rows of A (a few KiB) stay in L1 while every row of B streams through
// once; 16-lane accumulators per (row, column) keep the loops free of reductions until the end, so the compiler
// vectorises them without reassociating anything. Blocks of 8 rows × 3 columns share their loads; leftover rows
// and columns go one column at a time.
#include "synapse_gemm.h"
#include "isa_dispatch.h"

#define GS_LANES 16
#define GS_ROWS 8
// Columns (rows of B) per block: 3 × 8 accumulators plus the loads fit the 32 vector registers; with 2 the loop does
// 10 loads per 16 multiply-adds instead of 11 per 24 (42 MB of weights × 8 rows: 6.5 → 4.1 ms on one core, both
// measured with the machine busy), and 4 spills.
#define GS_COLS 3
// Rows of B ahead that are prefetched into L2 (locality 2): far enough that DRAM latency is hidden behind the
// multiply-adds of the rows in between. Prefetching into L1, or only the next pair, left the loop waiting on memory
// (42 MB of encoder weights times 8 rows: 4.5 ms → 3.0-3.4 ms on one Zen 5 core, 9 → 13 GB/s).
#define GS_AHEAD 8

#define GS_KERNEL(SUF, ATTR)                                                                                   \
    ATTR static void gs_block_##SUF(size_t j, size_t k, float alpha, const float *a, size_t lda,     \
                                    const float *b, size_t ldb, float beta, float *c, size_t ldc) {           \
        const float *bs[GS_COLS];                                                                              \
        for (size_t q = 0; q < GS_COLS; q++) bs[q] = b + (j + q) * ldb;                                        \
        float acc[GS_COLS][GS_ROWS][GS_LANES] = {{{0}}};                                                       \
        size_t p = 0;                                                                                          \
        for (; p + GS_LANES <= k; p += GS_LANES) {                                                             \
            /* Rows of B GS_AHEAD ahead, fetched into L2 while these are multiplied: rows are too short for */ \
            /* the hardware prefetcher to ramp up on. */                                                       \
            for (size_t q = 0; q < GS_COLS; q++) __builtin_prefetch(bs[q] + GS_AHEAD * ldb + p, 0, 2);         \
            for (size_t r = 0; r < GS_ROWS; r++) {                                                             \
                const float *ar = a + r * lda + p;                                                             \
                for (size_t q = 0; q < GS_COLS; q++)                                                           \
                    for (size_t l = 0; l < GS_LANES; l++) acc[q][r][l] += ar[l] * bs[q][p + l];                \
            }                                                                                                  \
        }                                                                                                      \
        for (size_t r = 0; r < GS_ROWS; r++) {                                                                 \
            for (size_t q = 0; q < GS_COLS; q++) {                                                             \
                /* Lanes folded in halves (vector adds, short dependency chains), not summed one by one. */    \
                for (size_t half = GS_LANES / 2; half > 0; half /= 2)                                          \
                    for (size_t l = 0; l < half; l++) acc[q][r][l] += acc[q][r][l + half];                     \
                float s = acc[q][r][0];                                                                        \
                for (size_t t = p; t < k; t++) s += a[r * lda + t] * bs[q][t];                                 \
                float *cr = c + r * ldc + j + q;                                                               \
                *cr = beta == 0 ? alpha * s : alpha * s + beta * *cr;                                          \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    ATTR static void gs_column_##SUF(size_t rows, size_t j, size_t k, float alpha, const float *a, size_t lda,    \
                                     const float *b, size_t ldb, float beta, float *c, size_t ldc) {          \
        const float *b0 = b + j * ldb;                                                                        \
        for (size_t r = 0; r < rows; r++) {                                                                    \
            float acc[GS_LANES] = {0};                                                                         \
            size_t p = 0;                                                                                      \
            for (; p + GS_LANES <= k; p += GS_LANES) {                                                         \
                __builtin_prefetch(b0 + GS_AHEAD * ldb + p, 0, 2);                                             \
                for (size_t l = 0; l < GS_LANES; l++) acc[l] += a[r * lda + p + l] * b0[p + l];                \
            }                                                                                                  \
            for (size_t half = GS_LANES / 2; half > 0; half /= 2)                                              \
                for (size_t l = 0; l < half; l++) acc[l] += acc[l + half];                                     \
            float s = acc[0];                                                                                  \
            for (; p < k; p++) s += a[r * lda + p] * b0[p];                                                    \
            float *cr = c + r * ldc + j;                                                                       \
            *cr = beta == 0 ? alpha * s : alpha * s + beta * *cr;                                              \
        }                                                                                                      \
    }                                                                                                          \
    ATTR static void gs_run_##SUF(size_t m, size_t begin, size_t end, size_t k, float alpha, const float *a,    \
                                  size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {  \
        for (size_t i = 0; i < m; i += GS_ROWS) {                                                              \
            size_t rows = m - i < GS_ROWS ? m - i : GS_ROWS;                                                   \
            size_t j = begin;                                                                                  \
            if (rows == GS_ROWS)                                                                               \
                for (; j + GS_COLS <= end; j += GS_COLS)                                                       \
                    gs_block_##SUF(j, k, alpha, a + i * lda, lda, b, ldb, beta, c + i * ldc, ldc);             \
            for (; j < end; j++)                                                                               \
                gs_column_##SUF(rows, j, k, alpha, a + i * lda, lda, b, ldb, beta, c + i * ldc, ldc);          \
        }                                                                                                      \
    }

SYNAPSE_ISA_INSTANTIATE(GS_KERNEL)

void synapse_sgemm_nt_short(size_t m, size_t column_begin, size_t column_end, size_t k, float alpha,
                            const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {
    SYNAPSE_ISA_PICK(gs_run)(m, column_begin, column_end, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
