// The element-wise passes of batch normalisation (see synapse_batch_norm.h): the forward `x·a + b` and the input
// gradient `dy·a + x·b + c` over one contiguous run of a channel. Contraction stays off so that every level rounds
// each product and each sum as the scalar definition does (no fused multiply-add). With `stream`, the output is
// written with non-temporal stores from its first 64-byte boundary on: a tensor of tens of megabytes can't stay in
// the caches, and streaming spares the read of each output line before it is written.
#include "synapse_batch_norm.h"
#include "isa_dispatch.h"
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

typedef float bn_v16f __attribute__((vector_size(64), aligned(64)));
typedef double bn_v8d __attribute__((vector_size(64), aligned(64)));

/// Orders streaming stores before whatever the caller does next (another thread may read the output).
static inline void bn_stream_fence(void) {
#if defined(__x86_64__)
    _mm_sfence();
#endif
}

// The body of a pass writing `out[i] = EXPR(i)` for `i` in `0..<n`; with `stream`, the aligned vectors of `lanes`
// elements come from `VECTOR(V, i)` (the same operations on vectors of type `V`) and are written with non-temporal stores.
#define BN_PASS(V, lanes, EXPR, VECTOR)                                                                         \
    size_t i = 0;                                                                                               \
    if (stream) {                                                                                               \
        for (; i < n && ((uintptr_t)(out + i) & 63) != 0; i++) out[i] = EXPR(i);                                \
        for (; i + (lanes) <= n; i += (lanes)) {                                                                \
            V r = VECTOR(V, i);                                                                                    \
            __builtin_nontemporal_store(r, (V *)(out + i));                                                     \
        }                                                                                                       \
    }                                                                                                           \
    for (; i < n; i++) out[i] = EXPR(i);                                                                        \
    if (stream) bn_stream_fence();

/// An unaligned load of a vector of type `V` at `p`.
#define BN_LOAD(V, p) ({ V v_; memcpy(&v_, (p), sizeof v_); v_; })

#define BN_APPLY_KERNELS(T, TS, V, SUF, ATTR)                                                                   \
    ATTR static void bn_affine_##TS##_##SUF(const T *restrict x, T *restrict out, size_t n, T a, T b,          \
                                            int stream) {                                                       \
        const size_t lanes = sizeof(V) / sizeof(T);                                                             \
        BN_PASS(V, lanes, BN_AFFINE_AT, BN_AFFINE_VECTOR)                                                       \
    }                                                                                                           \
    ATTR static void bn_input_gradient_##TS##_##SUF(const T *restrict dy, const T *restrict x, T *restrict out, \
                                                    size_t n, T a, T b, T c, int stream) {                      \
        const size_t lanes = sizeof(V) / sizeof(T);                                                             \
        BN_PASS(V, lanes, BN_GRADIENT_AT, BN_GRADIENT_VECTOR)                                                   \
    }

#define BN_AFFINE_AT(i) (x[i] * a + b)
#define BN_AFFINE_VECTOR(V, i) (BN_LOAD(V, x + (i)) * a + b)
#define BN_GRADIENT_AT(i) (dy[i] * a + x[i] * b + c)
#define BN_GRADIENT_VECTOR(V, i) (BN_LOAD(V, dy + (i)) * a + BN_LOAD(V, x + (i)) * b + c)

#define BN_APPLY_ALL(SUF, ATTR) BN_APPLY_KERNELS(float, f32, bn_v16f, SUF, ATTR) BN_APPLY_KERNELS(double, f64, bn_v8d, SUF, ATTR)

SYNAPSE_ISA_INSTANTIATE(BN_APPLY_ALL)

int synapse_bn_affine_f32(const float *x, float *out, size_t n, float a, float b, int stream, int isa) {
    int level = synapse_isa_level(isa);
    if (level < 0) return -1;
    SYNAPSE_ISA_PICK_LEVEL(bn_affine_f32, level)(x, out, n, a, b, stream);
    return 0;
}

int synapse_bn_affine_f64(const double *x, double *out, size_t n, double a, double b, int stream, int isa) {
    int level = synapse_isa_level(isa);
    if (level < 0) return -1;
    SYNAPSE_ISA_PICK_LEVEL(bn_affine_f64, level)(x, out, n, a, b, stream);
    return 0;
}

int synapse_bn_input_gradient_f32(const float *dy, const float *x, float *out, size_t n, float a, float b, float c,
                                  int stream, int isa) {
    int level = synapse_isa_level(isa);
    if (level < 0) return -1;
    SYNAPSE_ISA_PICK_LEVEL(bn_input_gradient_f32, level)(dy, x, out, n, a, b, c, stream);
    return 0;
}

int synapse_bn_input_gradient_f64(const double *dy, const double *x, double *out, size_t n, double a, double b,
                                  double c, int stream, int isa) {
    int level = synapse_isa_level(isa);
    if (level < 0) return -1;
    SYNAPSE_ISA_PICK_LEVEL(bn_input_gradient_f64, level)(dy, x, out, n, a, b, c, stream);
    return 0;
}
