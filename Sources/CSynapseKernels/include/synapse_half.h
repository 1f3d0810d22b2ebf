#ifndef SYNAPSE_HALF_H
#define SYNAPSE_HALF_H
/// Bulk conversions between float32 and the two 16-bit floating-point formats (bfloat16, IEEE float16).
///
/// Results are bit-identical on every instruction-set path and to Synapse's scalar conversions:
/// - float32 → bfloat16 rounds to nearest even with integer arithmetic, NaN becomes the quiet NaN 0x7FC0 with the
///   input's sign dropped (`c10::BFloat16`, Synapse's `BFloat16.init(_: Float)`); denormals are kept. AVX-512 BF16's
///   `vcvtneps2bf16` is not used: it flushes denormal inputs and outputs to zero and keeps NaN payloads.
/// - float32 → float16 rounds to nearest even; overflow gives ±inf; NaN stays NaN with its sign and the top payload
///   bits, quietened (F16C `vcvtps2ph`, compiler-rt's `__truncsfhf2` behind Swift's `Float16(Float)`).
/// - bfloat16/float16 → float32 are exact.
/// `x` and `y` must not overlap. The instruction set is chosen once at run time (see `synapse_half_isa`).
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `y[i] = bfloat16(x[i])` for `i` in `0..<n`.
void synapse_bf16_from_f32(const float *x, uint16_t *y, size_t n);
/// `y[i] = float(x[i])` for bfloat16 bits `x[i]`.
void synapse_f32_from_bf16(const uint16_t *x, float *y, size_t n);
/// `y[i] = float16(x[i])` for `i` in `0..<n`.
void synapse_f16_from_f32(const float *x, uint16_t *y, size_t n);
/// `y[i] = float(x[i])` for float16 bits `x[i]`.
void synapse_f32_from_f16(const uint16_t *x, float *y, size_t n);

/// The conversions, numbered for `synapse_half_convert_run`.
enum {
    SYNAPSE_HALF_BF16_FROM_F32 = 0,
    SYNAPSE_HALF_F32_FROM_BF16 = 1,
    SYNAPSE_HALF_F16_FROM_F32 = 2,
    SYNAPSE_HALF_F32_FROM_F16 = 3,
};

/// The level the conversions use: `synapse_vmath_isa()` (so `SYNAPSE_VMATH_ISA` lowers it too), except that the
/// AVX2 and AVX-512 levels also need F16C; 0 = portable baseline, 1 = AVX2 + F16C, 2 = AVX-512.
int synapse_half_isa(void);
/// Runs conversion `op` (`SYNAPSE_HALF_*`) with instruction-set level `isa`; returns -1 (writing nothing) if `op` is
/// unknown or `isa` is above what this machine supports. For testing every path on one machine.
int synapse_half_convert_run(int op, int isa, const void *x, void *y, size_t n);

#ifdef __cplusplus
}
#endif
#endif
