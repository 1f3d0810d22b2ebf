#ifndef SYNAPSE_STREAMING_H
#define SYNAPSE_STREAMING_H
/// Element-wise float32 arithmetic for arrays much larger than the caches: results are written with
/// non-temporal (streaming) stores, so the output is not first read into the cache. That cuts the memory traffic
/// of `out = a + b` from four array-lengths to three. On other architectures, an ordinary loop.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The operation `synapse_stream_binary_f32` applies.
typedef enum {
    SYNAPSE_STREAM_ADD = 0,
    SYNAPSE_STREAM_SUB = 1,
    SYNAPSE_STREAM_MUL = 2,
    SYNAPSE_STREAM_DIV = 3,
} synapse_stream_op;

/// `out[i] = x[i] op y[i]` for `i` in `0..<n`; `out` must not overlap `x` or `y` (other than being equal to one).
void synapse_stream_binary_f32(synapse_stream_op op, const float *x, const float *y, float *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
