// ReLU forward and backward over contiguous runs (see synapse_relu.h). Plain loops the compiler vectorises for each
// level: `x < 0 ? 0 : x` becomes `max(0, x)` with the operands in the order that keeps NaN and -0.0, and the
// backward a compare and a masked move. Contiguous and expanded gradients get separate loops, so both vectorise.
#include "synapse_relu.h"
#include "isa_dispatch.h"

#define RELU_KERNELS(T, TS, SUF, ATTR)                                                                          \
    ATTR static void relu_##TS##_##SUF(const T *restrict x, T *restrict out, size_t n) {                        \
        for (size_t i = 0; i < n; i++) out[i] = x[i] < 0 ? 0 : x[i];                                            \
    }                                                                                                           \
    /* The in-place form: without `restrict`, so that `out == x` is allowed. */                                 \
    ATTR static void relu_in_place_##TS##_##SUF(T *x, size_t n) {                                               \
        for (size_t i = 0; i < n; i++) x[i] = x[i] < 0 ? 0 : x[i];                                              \
    }                                                                                                           \
    ATTR static void relu_backward_##TS##_##SUF(const T *g, size_t g_stride, const T *y, T *out, size_t n) {    \
        if (g_stride == 0) {                                                                                    \
            const T value = g[0];                                                                               \
            for (size_t i = 0; i < n; i++) out[i] = y[i] <= 0 ? 0 : value;                                      \
        } else {                                                                                                \
            for (size_t i = 0; i < n; i++) out[i] = y[i] <= 0 ? 0 : g[i];                                       \
        }                                                                                                       \
    }

#define RELU_ALL(SUF, ATTR) RELU_KERNELS(float, f32, SUF, ATTR) RELU_KERNELS(double, f64, SUF, ATTR)

SYNAPSE_ISA_INSTANTIATE(RELU_ALL)

#define RELU_FORWARD(TS)                                                                                        \
    int synapse_relu_##TS(const TS##_t *x, TS##_t *out, size_t n, int isa) {                                    \
        int level = synapse_isa_level(isa);                                                                     \
        if (level < 0) return -1;                                                                               \
        if (out == x)                                                                                           \
            SYNAPSE_ISA_PICK_LEVEL(relu_in_place_##TS, level)(out, n);                                          \
        else                                                                                                    \
            SYNAPSE_ISA_PICK_LEVEL(relu_##TS, level)(x, out, n);                                                \
        return 0;                                                                                               \
    }                                                                                                           \
    int synapse_relu_backward_##TS(const TS##_t *g, size_t g_stride, const TS##_t *y, TS##_t *out, size_t n,    \
                                   int isa) {                                                                   \
        int level = synapse_isa_level(isa);                                                                     \
        if (level < 0) return -1;                                                                               \
        SYNAPSE_ISA_PICK_LEVEL(relu_backward_##TS, level)(g, g_stride, y, out, n);                              \
        return 0;                                                                                               \
    }

typedef float f32_t;
typedef double f64_t;
RELU_FORWARD(f32)
RELU_FORWARD(f64)
