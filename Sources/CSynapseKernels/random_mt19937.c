// PyTorch's Mersenne Twister (at::mt19937): seeding, the twist, bulk draws and the uniform conversions.
//
// The twist and the tempering are written with 8-lane vector types; `target_clones` builds an AVX2 version and a
// baseline version of each hot function and picks one when the library loads. Integer arithmetic is exact and
// every multiply-add is an explicit fma, so every version produces the same bits.
#define SYNAPSE_RANDOM_INTERNAL
#include "synapse_random.h"
#include <string.h>

#pragma clang fp contract(off)

enum { MT_N = 624, MT_M = 397 };
#define MT_MATRIX_A 0x9908b0dfu
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu

void synapse_mt_seed(synapse_mt19937 *mt, uint64_t seed) {
    mt->seed = seed;
    mt->state[0] = (uint32_t)(seed & 0xffffffffu);
    for (uint32_t j = 1; j < MT_N; j++) {
        uint32_t previous = mt->state[j - 1];
        mt->state[j] = 1812433253u * (previous ^ (previous >> 30)) + j;
    }
    mt->left = 1;
    mt->next = 0;
}

static inline uint32_t mt_mix(uint32_t current, uint32_t following) {
    uint32_t y = (current & MT_UPPER) | (following & MT_LOWER);
    return (y >> 1) ^ ((0u - (following & 1u)) & MT_MATRIX_A);
}

static inline __attribute__((always_inline)) v8u mt_mix8(v8u current, v8u following) {
    v8u y = (current & MT_UPPER) | (following & MT_LOWER);
    return (y >> 1) ^ ((0u - (following & 1u)) & MT_MATRIX_A);
}

// Vector code lives in always-inlined bodies that take only scalars and pointers: a `target_clones` function may
// not itself pass 256-bit vectors to a function compiled for the baseline.
static inline __attribute__((always_inline)) void mt_twist_body(uint32_t *s) {
    int k = 0;
    // s[k] depends on the old s[k + 397] while k < 227 ...
    for (; k + 8 <= MT_N - MT_M; k += 8) {
        v8u value = v8u_load(s + k + MT_M) ^ mt_mix8(v8u_load(s + k), v8u_load(s + k + 1));
        v8u_store(s + k, value);
    }
    for (; k < MT_N - MT_M; k++) s[k] = s[k + MT_M] ^ mt_mix(s[k], s[k + 1]);
    // ... and on the already updated s[k - 227] afterwards (227 apart, so 8 lanes never overlap).
    for (; k + 8 <= MT_N - 1; k += 8) {
        v8u value = v8u_load(s + k + MT_M - MT_N) ^ mt_mix8(v8u_load(s + k), v8u_load(s + k + 1));
        v8u_store(s + k, value);
    }
    for (; k < MT_N - 1; k++) s[k] = s[k + MT_M - MT_N] ^ mt_mix(s[k], s[k + 1]);
    s[MT_N - 1] = s[MT_M - 1] ^ mt_mix(s[MT_N - 1], s[0]);
}

SYNAPSE_SIMD_CLONES
static void mt_twist_state(uint32_t *s) { mt_twist_body(s); }

void synapse_mt_twist(synapse_mt19937 *mt) {
    mt_twist_state(mt->state);
    mt->left = MT_N;
    mt->next = 0;
}

/// Makes at least one untempered word available and returns how many there are before the next twist.
/// After a twist `left` is set to 625, so that consuming k words leaves `left == 625 - k` and `next == k`, exactly
/// the values k calls of `synapse_mt_next` would leave.
static inline size_t mt_available(synapse_mt19937 *mt) {
    if (mt->left <= 1) {
        synapse_mt_twist(mt);
        mt->left = MT_N + 1;
    }
    return (size_t)(mt->left - 1);
}

static inline void mt_consume(synapse_mt19937 *mt, size_t count) {
    mt->next += (int32_t)count;
    mt->left -= (int32_t)count;
}

static inline __attribute__((always_inline)) void temper_block(const uint32_t *s, uint32_t *out, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) v8u_store(out + i, mt_temper8(v8u_load(s + i)));
    for (; i < count; i++) out[i] = mt_temper(s[i]);
}

SYNAPSE_SIMD_CLONES
void synapse_mt_fill_u32(synapse_mt19937 *mt, uint32_t *out, size_t count) {
    while (count > 0) {
        size_t available = mt_available(mt);
        size_t take = count < available ? count : available;
        temper_block(mt->state + mt->next, out, take);
        mt_consume(mt, take);
        out += take;
        count -= take;
    }
}

void synapse_mt_fill_raw(synapse_mt19937 *mt, uint32_t *out, size_t count) {
    while (count > 0) {
        size_t available = mt_available(mt);
        size_t take = count < available ? count : available;
        memcpy(out, mt->state + mt->next, take * sizeof(uint32_t));
        mt_consume(mt, take);
        out += take;
        count -= take;
    }
}

/// Tempers `count` words at `words` and writes the floats to `out`, which may be the same memory
/// (every access goes through memcpy, so the aliasing is well defined).
static inline __attribute__((always_inline)) void uniform_f32_block(
    const void *words, float *out, size_t count, float from, float to) {
    const uint32_t *s = (const uint32_t *)words;
    const float range = to - from;
    const v8f range8 = v8f_splat(range), from8 = v8f_splat(from), to8 = v8f_splat(to);
    const v8f scale8 = v8f_splat(0x1p-24f);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        v8u bits = mt_temper8(v8u_load(s + i)) & 0xffffffu;
        v8f x = __builtin_convertvector((v8i)bits, v8f) * scale8;
        v8f value = SYNAPSE_FMA(x, range8, from8);
        v8f_store(out + i, v8f_select(value == to8, from8, value));
    }
    for (; i < count; i++) {
        uint32_t word;
        memcpy(&word, s + i, sizeof word);
        float x = (float)(mt_temper(word) & 0xffffffu) * 0x1p-24f;
        float value = SYNAPSE_FMA(x, range, from);
        value = value == to ? from : value;
        memcpy(out + i, &value, sizeof value);
    }
}

SYNAPSE_SIMD_CLONES
void synapse_uniform_f32(synapse_mt19937 *mt, float *out, size_t count, float from, float to) {
    while (count > 0) {
        size_t available = mt_available(mt);
        size_t take = count < available ? count : available;
        uniform_f32_block(mt->state + mt->next, out, take, from, to);
        mt_consume(mt, take);
        out += take;
        count -= take;
    }
}

SYNAPSE_SIMD_CLONES
void synapse_uniform_f32_raw(float *data, size_t count, float from, float to) {
    uniform_f32_block(data, data, count, from, to);
}

/// Tempers pairs of words (high word first) and converts them to doubles in place: element i overlays words
/// 2i and 2i+1.
static inline __attribute__((always_inline)) void uniform_f64_block(double *data, size_t count, double from,
                                                                     double to) {
    const double range = to - from;
    for (size_t i = 0; i < count; i++) {
        uint32_t words[2];
        memcpy(words, data + i, sizeof words);
        uint64_t bits = ((uint64_t)mt_temper(words[0]) << 32) | mt_temper(words[1]);
        double x = (double)(bits & ((1ull << 53) - 1)) * 0x1p-53;
        double value = SYNAPSE_FMA(x, range, from);
        data[i] = value == to ? from : value;
    }
}

SYNAPSE_SIMD_CLONES
void synapse_uniform_f64_raw(double *data, size_t count, double from, double to) {
    uniform_f64_block(data, count, from, to);
}

void synapse_uniform_f64(synapse_mt19937 *mt, double *out, size_t count, double from, double to) {
    // Two untempered words fill exactly one double: draw a chunk into the output itself, then convert in place.
    enum { CHUNK = 4096 };
    while (count > 0) {
        size_t take = count < CHUNK ? count : CHUNK;
        synapse_mt_fill_raw(mt, (uint32_t *)out, 2 * take);
        synapse_uniform_f64_raw(out, take, from, to);
        out += take;
        count -= take;
    }
}
