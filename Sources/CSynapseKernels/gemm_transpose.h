// Transposing rows into the packed GEMM's slivers in registers (private to CSynapseKernels): the window matrix's
// transpose (gemm_windows.c) and a B operand stored transposed (gemm_packed.c: the output gradient in the weight
// gradient's dWᵀ = windows · dYᵀ, a linear layer's weight), instead of one element at a time.
#ifndef SYNAPSE_GEMM_TRANSPOSE_H
#define SYNAPSE_GEMM_TRANSPOSE_H
#include <stddef.h>

// 16 bytes of float or double, unaligned and aliasing the element type.
typedef float gp_vec4_s __attribute__((vector_size(16), aligned(sizeof(float)), may_alias));
typedef double gp_vec2_d __attribute__((vector_size(16), aligned(sizeof(double)), may_alias));

// One 4 × 4 block of a transpose, in registers: rows t, t + stride, … become rows o, o + nr, …
static inline __attribute__((always_inline)) void gp_block_s(const float *t, size_t stride, float *o, size_t nr) {
    typedef gp_vec4_s V;
    const V r0 = *(const V *)t, r1 = *(const V *)(t + stride), r2 = *(const V *)(t + 2 * stride),
            r3 = *(const V *)(t + 3 * stride);
    const V low01 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), low23 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
    const V high01 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7), high23 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    *(V *)o = __builtin_shufflevector(low01, low23, 0, 1, 4, 5);
    *(V *)(o + nr) = __builtin_shufflevector(low01, low23, 2, 3, 6, 7);
    *(V *)(o + 2 * nr) = __builtin_shufflevector(high01, high23, 0, 1, 4, 5);
    *(V *)(o + 3 * nr) = __builtin_shufflevector(high01, high23, 2, 3, 6, 7);
}

// One 2 × 2 block of a transpose (double).
static inline __attribute__((always_inline)) void gp_block_d(const double *t, size_t stride, double *o, size_t nr) {
    typedef gp_vec2_d V;
    const V r0 = *(const V *)t, r1 = *(const V *)(t + stride);
    *(V *)o = __builtin_shufflevector(r0, r1, 0, 2);
    *(V *)(o + nr) = __builtin_shufflevector(r0, r1, 1, 3);
}

// tile[c·stride + p] → out[p·nr + c] for c < nr, p < depth (nr a multiple of the block, 4 floats or 2 doubles):
// whole blocks transposed in registers (both the tile's rows and the sliver's steps move whole vectors), the last
// steps one by one.
#define GP_DEFINE_TRANSPOSE(TY, T, LANES)                                                                        \
    static inline void gp_transpose_##TY(const T *tile, size_t stride, size_t depth, size_t nr, T *out) {        \
        size_t p = 0;                                                                                            \
        for (; p + (LANES) <= depth; p += (LANES))                                                               \
            for (size_t c = 0; c < nr; c += (LANES)) gp_block_##TY(tile + c * stride + p, stride, out + p * nr + c, nr); \
        for (; p < depth; p++)                                                                                   \
            for (size_t c = 0; c < nr; c++) out[p * nr + c] = tile[c * stride + p];                              \
    }
GP_DEFINE_TRANSPOSE(s, float, 4)
GP_DEFINE_TRANSPOSE(d, double, 2)
#undef GP_DEFINE_TRANSPOSE

#endif
