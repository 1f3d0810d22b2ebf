// The zero-padded image planes the weight gradient's product reads its windows from (gp_run_rows in gemm_packed.c).
//
// The weight gradient dW = dY · windowsᵀ wants the window matrix as the GEMM's transposed B operand: every sliver
// of B gathers 32 window rows and transposes them (`gw_row_s` and the transposes: 9 % of a one-thread ResNet block
// step). Computed as dWᵀ = windows · dYᵀ, the windows are the A operand, which the micro-kernel only broadcasts
// from, one value per row and step: MR planes under one kernel tap are MR rows a plane apart, and along an output
// row each is a contiguous run of its plane shifted by the tap. Once the planes are padded with zeros (so a tap
// that falls outside the image reads a zero), the micro-kernel reads them in place: the only copy is this one,
// of the image (0.9 MB for 64 × 58 × 58), instead of the 7 MB window matrix once per product.
#include <string.h>
#include "gemm_windows.h"

#define GR_DEFINE_PAD(TY, T)                                                                                       \
    void gp_pad_planes_##TY(const synapse_windows *w, size_t first_plane, size_t count, size_t padded_h,          \
                            size_t padded_w, T *out) {                                                             \
        const ptrdiff_t height = w->height, width = w->width;                                                      \
        /* Image columns [x0, x1) land on padded columns [x0 + pad_left, x1 + pad_left). */                        \
        const ptrdiff_t x0 = w->pad_left > 0 ? 0 : -w->pad_left;                                                   \
        const ptrdiff_t x1_limit = (ptrdiff_t)padded_w - w->pad_left;                                              \
        const ptrdiff_t x1 = width < x1_limit ? width : x1_limit;                                                  \
        for (size_t plane = 0; plane < count; plane++) {                                                           \
            const T *image = (const T *)w->image + (first_plane + plane) * (size_t)(height * width);               \
            T *padded = out + plane * padded_h * padded_w;                                                         \
            for (size_t y = 0; y < padded_h; y++, padded += padded_w) {                                            \
                const ptrdiff_t iy = (ptrdiff_t)y - w->pad_top;                                                    \
                if (iy < 0 || iy >= height || x0 >= x1) {                                                          \
                    memset(padded, 0, padded_w * sizeof(T));                                                       \
                    continue;                                                                                      \
                }                                                                                                  \
                const size_t left = (size_t)(x0 + w->pad_left), inside = (size_t)(x1 - x0);                        \
                memset(padded, 0, left * sizeof(T));                                                               \
                memcpy(padded + left, image + iy * width + x0, inside * sizeof(T));                                \
                memset(padded + left + inside, 0, (padded_w - left - inside) * sizeof(T));                         \
            }                                                                                                      \
        }                                                                                                          \
    }

GR_DEFINE_PAD(s, float)
GR_DEFINE_PAD(d, double)
