#!/usr/bin/env bash
# run.sh SECONDS: build the libFuzzer harnesses (clang, with AddressSanitizer
# and UndefinedBehaviorSanitizer; LeakSanitizer comes with ASan) and run each
# for SECONDS seconds from the seed corpus under test/fuzz/corpus/.  Prints
# one line per harness with the executions run, and fails on any crash,
# leak or undefined behaviour.  'make fuzz' runs 60 s each, 'make test' 10.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
CLANG=${CLANG:-$(command -v clang)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc)
"$CLANG" "${flags[@]}" -o "$out/phase_text" test/fuzz/fuzz_phase_text.c src/phase_core.c
"$CLANG" "${flags[@]}" -o "$out/phase_binary" test/fuzz/fuzz_phase_binary.c src/phase_core.c
# shellcheck disable=SC2046
"$CLANG" "${flags[@]}" $(pkg-config --cflags icu-uc icu-i18n) -o "$out/names" \
    test/fuzz/fuzz_names.c src/name_codes.c src/name_dictionary.c src/name_core.c \
    src/name_similarity.c src/name_keys.c $(pkg-config --libs icu-uc icu-i18n) -lm

failed=0
for harness in phase_text phase_binary names; do
    corpus="$out/corpus_$harness"
    mkdir -p "$corpus"
    cp test/fuzz/corpus/$harness/* "$corpus/" 2>/dev/null || true
    log="$out/$harness.log"
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$out/$harness" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$out/" "$corpus" test/fuzz/corpus/$harness >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "ok - fuzz $harness: $runs executions in ${seconds}s, no crash, leak or undefined behaviour"
    else
        tail -40 "$log"
        echo "not ok - fuzz $harness: see the report above"
        failed=1
    fi
done
exit $failed
