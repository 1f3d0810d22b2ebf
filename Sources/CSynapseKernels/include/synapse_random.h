#ifndef SYNAPSE_RANDOM_H
#define SYNAPSE_RANDOM_H
#include <stddef.h>
#include <stdint.h>

/// PyTorch's CPU engine (at::mt19937): the standard 32-bit Mersenne Twister with torch's `left`/`next`
/// bookkeeping, so that a state copied from here means the same thing as torch's.
typedef struct synapse_mt19937 {
    /// The 64-bit seed it was seeded with (only the low 32 bits feed the state).
    uint64_t seed;
    /// Words left before the next twist, plus one (torch's `left_`; 1 right after seeding).
    int32_t left;
    /// Index of the next state word to temper (torch's `next_`).
    int32_t next;
    /// The 624-word state vector.
    uint32_t state[624];
} synapse_mt19937;

/// Seeds the engine like `at::mt19937(seed)`: `state[0] = seed & 0xffffffff`, Knuth's recurrence, `left = 1`.
void synapse_mt_seed(synapse_mt19937 *mt, uint64_t seed);

/// Regenerates all 624 state words (the "twist") and resets `left = 624`, `next = 0`.
void synapse_mt_twist(synapse_mt19937 *mt);

/// One 32-bit draw, exactly `at::mt19937::operator()`.
static inline uint32_t synapse_mt_next(synapse_mt19937 *mt) {
    if (--mt->left == 0) synapse_mt_twist(mt);
    uint32_t y = mt->state[mt->next++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/// One 64-bit draw, `random64()`: the first 32-bit draw is the high word.
static inline uint64_t synapse_mt_next64(synapse_mt19937 *mt) {
    uint64_t hi = synapse_mt_next(mt);
    uint64_t lo = synapse_mt_next(mt);
    return (hi << 32) | lo;
}

/// Writes the next `count` 32-bit draws to `out` (same stream as `count` calls of `synapse_mt_next`).
void synapse_mt_fill_u32(synapse_mt19937 *mt, uint32_t *out, size_t count);

/// Writes the next `count` *untempered* state words to `out`, advancing the engine exactly as `count` draws would.
/// The tempering is left to `synapse_uniform_*_raw` / `synapse_normal_f32_raw_blocks`, which can run on several
/// threads once the serial part (the twist) is done.
void synapse_mt_fill_raw(synapse_mt19937 *mt, uint32_t *out, size_t count);

/// `count` float uniforms in [from, to), one draw each: `x = (w & 0xFFFFFF) * 2^-24`, `v = fma(x, to - from, from)`,
/// and `v == to ? from : v` (torch's `uniform_` for float32).
void synapse_uniform_f32(synapse_mt19937 *mt, float *out, size_t count, float from, float to);

/// In place: `data` holds `count` untempered words from `synapse_mt_fill_raw`; each becomes the float that
/// `synapse_uniform_f32` would have produced from it.
void synapse_uniform_f32_raw(float *data, size_t count, float from, float to);

/// `count` double uniforms in [from, to), one 64-bit draw each: `x = (w & (2^53 - 1)) * 2^-53`,
/// `v = fma(x, to - from, from)`, `v == to ? from : v` (torch's `uniform_` for float64).
void synapse_uniform_f64(synapse_mt19937 *mt, double *out, size_t count, double from, double to);

/// In place: `data` holds `2 * count` untempered words from `synapse_mt_fill_raw` (high word first); each pair
/// becomes the double that `synapse_uniform_f64` would have produced from it.
void synapse_uniform_f64_raw(double *data, size_t count, double from, double to);

/// Box–Muller on `blocks` consecutive blocks of 16 floats holding uniforms in [0, 1), in place, exactly as torch's
/// `normal_fill_16_AVX2` (Cephes `log256_ps` / `sincos256_ps` with the x86 wheel's fused multiply-adds), then
/// `fma(n, std, mean)`. Uses AVX2/FMA when the CPU has them; the portable version gives the same bits.
void synapse_normal_f32_blocks(float *data, size_t blocks, float mean, float std);

/// `synapse_normal_f32_blocks` on blocks that still hold untempered words from `synapse_mt_fill_raw`: each block is
/// tempered, turned into uniforms in [0, 1) and transformed while it is in cache.
void synapse_normal_f32_raw_blocks(float *data, size_t blocks, float mean, float std);

/// The portable build of `synapse_normal_f32_blocks` (no ISA dispatch), for tests that compare the two.
void synapse_normal_f32_blocks_portable(float *data, size_t blocks, float mean, float std);

/// Box–Muller on `blocks` consecutive blocks of 16 doubles holding uniforms in [0, 1), in place, exactly as
/// torch's `normal_fill_16<double>`: libm `log`, `sin`, `cos`, then `fma(n, std, mean)`.
void synapse_normal_f64_blocks(double *data, size_t blocks, double mean, double std);

#ifdef SYNAPSE_RANDOM_INTERNAL
// Helpers shared by the random_*.c kernels (hidden from Swift, which never defines SYNAPSE_RANDOM_INTERNAL).
// 8-lane vectors of GCC/Clang's vector extension: the AVX2 clone maps them to ymm registers, the baseline clone
// to pairs of xmm registers. Fused multiply-adds are always spelled out (`__builtin_elementwise_fma` is one
// rounding on every target, a libm call where the CPU lacks FMA) and contraction is off, so all clones agree.
#pragma clang fp contract(off)
// The static inline helpers below pass 256-bit vectors by value; they are always inlined, so the baseline ABI
// for such arguments never matters.
#pragma clang diagnostic ignored "-Wpsabi"
typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef int32_t v8i __attribute__((vector_size(32), aligned(4)));
typedef uint32_t v8u __attribute__((vector_size(32), aligned(4)));

// Sanitizer builds get no clones: `target_clones` resolvers run while the dynamic loader relocates the library,
// before the sanitizer's runtime is ready, and an instrumented resolver crashes the process before `main`.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define SYNAPSE_NO_SIMD_CLONES 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define SYNAPSE_NO_SIMD_CLONES 1
#endif

#if defined(__x86_64__) && defined(__linux__) && !defined(SYNAPSE_NO_SIMD_CLONES)
#define SYNAPSE_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SYNAPSE_SIMD_CLONES
#endif

#define SYNAPSE_FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))

static inline __attribute__((always_inline)) v8u v8u_load(const uint32_t *p) { v8u v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline __attribute__((always_inline)) void v8u_store(uint32_t *p, v8u v) { __builtin_memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) v8f v8f_load(const float *p) { v8f v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline __attribute__((always_inline)) void v8f_store(float *p, v8f v) { __builtin_memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) v8f v8f_splat(float x) { return (v8f){x, x, x, x, x, x, x, x}; }
static inline __attribute__((always_inline)) v8i v8i_splat(int32_t x) { return (v8i){x, x, x, x, x, x, x, x}; }
static inline __attribute__((always_inline)) uint32_t mt_temper(uint32_t y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}
static inline __attribute__((always_inline)) v8u mt_temper8(v8u y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}
/// Lane-wise `mask ? a : b` for a comparison mask (all ones or all zeros per lane).
static inline __attribute__((always_inline)) v8f v8f_select(v8i mask, v8f a, v8f b) { return (v8f)(((v8i)a & mask) | ((v8i)b & ~mask)); }
#endif

#endif
