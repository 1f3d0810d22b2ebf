#!/usr/bin/env bash
# Builds the API reference of every library target as one combined DocC archive (symbols of SynapseTensor,
# SynapseNN, SynapseOptim, SynapseIO and SynapseTraining, with the Synapse catalogue's articles on top), into
# .build/docs/Synapse.doccarchive. Needs swift-docc-plugin 1.4+ (Package.swift) and the toolchain's docc.
#
#   scripts/docs.sh            build
#   scripts/docs.sh --check    build with warnings as errors: fails on a broken link or an unresolved symbol
#                              (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
if [[ "${1:-}" == "--check" ]]; then extra+=(--warnings-as-errors); fi

swift package --allow-writing-to-directory .build/docs generate-documentation \
    --enable-experimental-combined-documentation \
    --target SynapseTensor --target SynapseNN --target SynapseOptim --target SynapseIO --target SynapseTraining \
    --target Synapse \
    --output-path .build/docs/Synapse.doccarchive \
    "${extra[@]}"
