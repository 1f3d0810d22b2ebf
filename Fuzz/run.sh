#!/usr/bin/env bash
# Fuzzes Synapse's checkpoint parsers with libFuzzer + AddressSanitizer.
#   Fuzz/run.sh [SECONDS] [PARSER]     PARSER: zip | legacy | safetensors | (empty: detect from the magic bytes)
# FUZZ_TIMEOUT (seconds, default 10) is libFuzzer's per-input limit; raise it for long runs on a busy machine.
# Seeds come from Tests/Fixtures (torch- and safetensors-written files), Fuzz/regressions and Fuzz/hostile, mutated
# with the tokens of Fuzz/checkpoint.dict; findings land in
# .build-fuzz/findings/. Needs clang's libFuzzer (part of the Swift toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
PARSER="${2:-}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
swift build -c release --product synapse-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSYNAPSE_FUZZ -Xcc -fsanitize=fuzzer-no-link,address
CORPUS=".build-fuzz/corpus-${PARSER:-all}"
mkdir -p "$CORPUS" .build-fuzz/findings
find Tests/Fixtures/torch Tests/Fixtures/checkpoints Fuzz/regressions Fuzz/hostile -type f ! -name '*.json' -exec cp {} "$CORPUS/" \;
SYNAPSE_FUZZ_PARSER="$PARSER" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
    .build-fuzz/release/synapse-fuzz "$CORPUS" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout="$TIMEOUT" \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=.build-fuzz/findings/ -dict=Fuzz/checkpoint.dict
