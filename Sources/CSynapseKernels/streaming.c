#include "synapse_streaming.h"
#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define SCALAR_LOOP(OP, start, end) \
    for (size_t k = (start); k < (end); k++) out[k] = x[k] OP y[k];

#if defined(__x86_64__)
// SSE is part of x86-64, so _mm_stream_ps needs no target attribute. The output is written in aligned 16-byte
// blocks after a scalar head; the sfence orders the streaming stores before anything that follows.
#define STREAM_LOOP(OP, VOP)                                                      \
    {                                                                              \
        size_t head = ((16 - ((uintptr_t)out & 15)) & 15) / sizeof(float);        \
        if (head > n) head = n;                                                    \
        SCALAR_LOOP(OP, 0, head)                                                   \
        size_t i = head;                                                           \
        for (; i + 16 <= n; i += 16) {                                             \
            __m128 a0 = _mm_loadu_ps(x + i), b0 = _mm_loadu_ps(y + i);             \
            __m128 a1 = _mm_loadu_ps(x + i + 4), b1 = _mm_loadu_ps(y + i + 4);     \
            __m128 a2 = _mm_loadu_ps(x + i + 8), b2 = _mm_loadu_ps(y + i + 8);     \
            __m128 a3 = _mm_loadu_ps(x + i + 12), b3 = _mm_loadu_ps(y + i + 12);   \
            _mm_stream_ps(out + i, VOP(a0, b0));                                   \
            _mm_stream_ps(out + i + 4, VOP(a1, b1));                               \
            _mm_stream_ps(out + i + 8, VOP(a2, b2));                               \
            _mm_stream_ps(out + i + 12, VOP(a3, b3));                              \
        }                                                                          \
        SCALAR_LOOP(OP, i, n)                                                      \
        _mm_sfence();                                                              \
    }
#else
#define STREAM_LOOP(OP, VOP) SCALAR_LOOP(OP, 0, n)
#endif

void synapse_stream_binary_f32(synapse_stream_op op, const float *x, const float *y, float *out, size_t n) {
    switch (op) {
    case SYNAPSE_STREAM_ADD: STREAM_LOOP(+, _mm_add_ps) break;
    case SYNAPSE_STREAM_SUB: STREAM_LOOP(-, _mm_sub_ps) break;
    case SYNAPSE_STREAM_MUL: STREAM_LOOP(*, _mm_mul_ps) break;
    case SYNAPSE_STREAM_DIV: STREAM_LOOP(/, _mm_div_ps) break;
    }
}
