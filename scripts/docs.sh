#!/usr/bin/env bash
# Builds the API reference of every library target as one combined DocC archive (the symbols of SynapseTensor,
# SynapseNN, SynapseOptim, SynapseIO, SynapseData, SynapseTraining, SynapseDistributed and SynapseModels, with the Synapse catalogue's
# articles on top), into .build/docs/Synapse.doccarchive. Needs swift-docc-plugin 1.4+ (Package.swift) and the toolchain's docc.
#
#   scripts/docs.sh            build
#   scripts/docs.sh --check    build, then fail if a documentation link doesn't resolve (a symbol or article
#                              link that "doesn't exist" or "is ambiguous") or the combined archive is missing
#                              (what CI runs). Missing parameter documentation is reported but not fatal.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p .build/docs          # docc merge refuses a missing parent folder (and the plugin still exits 0)
rm -rf .build/docs/Synapse.doccarchive
log=.build/docs/build.log

swift package --allow-writing-to-directory .build/docs generate-documentation \
    --enable-experimental-combined-documentation \
    --target SynapseTensor --target SynapseNN --target SynapseOptim --target SynapseIO --target SynapseData \
    --target SynapseTraining --target SynapseDistributed --target SynapseModels \
    --target Synapse \
    --output-path .build/docs/Synapse.doccarchive 2>&1 | tee "$log"

if [[ ! -d .build/docs/Synapse.doccarchive/data/documentation ]]; then
    echo "error: the combined archive .build/docs/Synapse.doccarchive was not written" >&2
    exit 1
fi
if [[ "${1:-}" == "--check" ]]; then
    broken=$(grep -E "^warning: .*(doesn't exist at|is ambiguous at|isn't found|can't be resolved)" "$log" | sort -u || true)
    if [[ -n "$broken" ]]; then
        echo "error: $(echo "$broken" | wc -l) broken documentation links:" >&2
        echo "$broken" >&2
        exit 1
    fi
    echo "documentation links: all resolved ($(grep -c "missing documentation" "$log" || true) parameter notes)"
fi
