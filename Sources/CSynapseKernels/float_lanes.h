// Sums of floats in 16 float lanes folded by a fixed pairwise tree (private to CSynapseKernels): the same lanes and
// order as a `float lanes[16]` loop, which clang's SLP vectoriser compiles as pairs of floats (eight two-float
// xmm additions per 16 floats) instead of one zmm addition.
#ifndef SYNAPSE_FLOAT_LANES_H
#define SYNAPSE_FLOAT_LANES_H

#include <stddef.h>

/// Sixteen floats as one value (GCC/clang vector extensions: one zmm register with AVX-512, two ymm with AVX2,
/// four xmm on the baseline).
typedef float fl_float16 __attribute__((vector_size(64)));

/// Sixteen floats from `x` (a macro, not a function: a vector argument or result would depend on the caller's
/// target attributes).
#define FL_LOAD16(x) __extension__({                                                                           \
    fl_float16 fl_v_;                                                                                          \
    __builtin_memcpy(&fl_v_, (x), sizeof fl_v_);                                                               \
    fl_v_;                                                                                                     \
})

/// The sum of `x[0..<n]`: lane l adds x[l], x[l + 16], … in order, the lanes fold as `lanes[l] += lanes[l + half]`
/// for half = 8, 4, 2, 1, then the elements after the last whole 16 are added one by one.
#define FL_SUM16(x, n, result) do {                                                                            \
    fl_float16 fl_acc_ = {0};                                                                                  \
    size_t fl_i_ = 0;                                                                                          \
    for (; fl_i_ + 16 <= (n); fl_i_ += 16) fl_acc_ += FL_LOAD16((x) + fl_i_);                                  \
    float fl_lanes_[16];                                                                                       \
    __builtin_memcpy(fl_lanes_, &fl_acc_, sizeof fl_lanes_);                                                   \
    for (size_t fl_half_ = 8; fl_half_ > 0; fl_half_ /= 2)                                                     \
        for (size_t fl_l_ = 0; fl_l_ < fl_half_; fl_l_++) fl_lanes_[fl_l_] += fl_lanes_[fl_l_ + fl_half_];     \
    (result) = fl_lanes_[0];                                                                                   \
    for (; fl_i_ < (n); fl_i_++) (result) += (x)[fl_i_];                                                       \
} while (0)

#endif
