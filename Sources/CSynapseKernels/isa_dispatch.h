// Run-time instruction-set dispatch shared by the kernels that come in baseline / AVX2 / AVX-512 variants
// (private to CSynapseKernels: not under include/, so not part of the module's interface).
//
// A kernel file defines its body once in a macro taking a suffix and a function attribute, instantiates it with
// `SYNAPSE_ISA_INSTANTIATE(MACRO)`, and picks the variant for the level in use with `SYNAPSE_ISA_PICK(name)`. No
// global ISA flags: the AVX variants carry `__attribute__((target(...)))`, so the rest of the file stays portable.
#ifndef SYNAPSE_ISA_DISPATCH_H
#define SYNAPSE_ISA_DISPATCH_H
#include "synapse_vector_math.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SYNAPSE_ISA_X86 1
/// The attribute of AVX2 variants (AVX2 with FMA, Haswell and later).
#define SYNAPSE_TARGET_AVX2 __attribute__((target("avx2,fma")))
/// The attribute of AVX-512 variants (Skylake-X, Zen 4 and later).
#define SYNAPSE_TARGET_AVX512 __attribute__((target("avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")))
/// Instantiates `MACRO(suffix, attribute)` for each level: `name_baseline`, `name_avx2`, `name_avx512`.
#define SYNAPSE_ISA_INSTANTIATE(MACRO) MACRO(baseline, ) MACRO(avx2, SYNAPSE_TARGET_AVX2) MACRO(avx512, SYNAPSE_TARGET_AVX512)
/// The variant of `name` for instruction-set level `isa` (a `SYNAPSE_VM_ISA_*` value no higher than supported).
#define SYNAPSE_ISA_PICK_LEVEL(name, isa)                                                                     \
    ((isa) >= SYNAPSE_VM_ISA_AVX512 ? name##_avx512 : (isa) >= SYNAPSE_VM_ISA_AVX2 ? name##_avx2 : name##_baseline)
#else
#define SYNAPSE_ISA_X86 0
#define SYNAPSE_ISA_INSTANTIATE(MACRO) MACRO(baseline, )
#define SYNAPSE_ISA_PICK_LEVEL(name, isa) ((void)(isa), name##_baseline)
#endif

/// The variant of `name` for the level in use (`synapse_vmath_isa()`: the best the CPU supports, lowered by
/// `SYNAPSE_VMATH_ISA`).
#define SYNAPSE_ISA_PICK(name) SYNAPSE_ISA_PICK_LEVEL(name, synapse_vmath_isa())

/// The level a kernel called with an explicit `requested` level runs at: the one in use when `requested` is
/// negative, `requested` when the machine runs it, -1 when it doesn't (the caller refuses).
static inline int synapse_isa_level(int requested) {
    int available = synapse_vmath_isa();
    if (requested < 0) return available;
    return requested <= available ? requested : -1;
}

#endif
