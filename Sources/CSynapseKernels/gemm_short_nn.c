// Products C = alpha·A·B + beta·C with a short A (a few rows) and B stored as it is multiplied (`[k, n]`, row-major:
// GPT-2's Conv1D weight). A general kernel packs all of B first; here each row of B streams through once and is
// added, scaled by A[i, p], into the rows of C, which stay in L1. The loops over a row of B are contiguous, so the
// compiler vectorises them; columns [column_begin, column_end) only, so callers can split the work across threads.
#include "synapse_gemm.h"
#include "isa_dispatch.h"

#define GSN_KERNEL(SUF, ATTR)                                                                                  \
    ATTR static void gsn_run_##SUF(size_t m, size_t begin, size_t end, size_t k, float alpha, const float *a,   \
                                   size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {  \
        for (size_t i = 0; i < m; i++) {                                                                       \
            float *restrict ci = c + i * ldc;                                                                  \
            if (beta == 0) {                                                                                   \
                for (size_t j = begin; j < end; j++) ci[j] = 0;                                                \
            } else if (beta != 1) {                                                                            \
                for (size_t j = begin; j < end; j++) ci[j] *= beta;                                            \
            }                                                                                                  \
        }                                                                                                      \
        for (size_t p = 0; p < k; p++) {                                                                       \
            const float *restrict bp = b + p * ldb;                                                            \
            if (p + 2 < k) __builtin_prefetch(b + (p + 2) * ldb + begin);                                      \
            for (size_t i = 0; i < m; i++) {                                                                   \
                const float s = alpha * a[i * lda + p];                                                        \
                float *restrict ci = c + i * ldc;                                                              \
                for (size_t j = begin; j < end; j++) ci[j] += s * bp[j];                                       \
            }                                                                                                  \
        }                                                                                                      \
    }

SYNAPSE_ISA_INSTANTIATE(GSN_KERNEL)

void synapse_sgemm_nn_short(size_t m, size_t column_begin, size_t column_end, size_t k, float alpha,
                            const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc) {
    SYNAPSE_ISA_PICK(gsn_run)(m, column_begin, column_end, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
