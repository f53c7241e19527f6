#!/usr/bin/env bash
# One Offtake run split into N shards run as N processes on this machine, then merged:
#   deploy/local/run-sharded.sh N [SCENARIO] [-- extra run options]
# Environment: OFFTAKE (the executable; default: offtake on PATH, else .build/release/offtake),
# PATHS (default 100000), SEED (default 42), THREADS per shard (default 1), OUT (directory for the
# partials and result.json; default a new temporary directory), COMPARE=1 to also run the unsharded run
# and check that the merged JSON is byte-identical to it (exit 1 if not).
set -euo pipefail
n="${1:?usage: run-sharded.sh N [SCENARIO] [-- extra run options]}"
shift
scenario=()
if [ $# -gt 0 ] && [ "$1" != "--" ]; then scenario=("$1"); shift; fi
[ "${1:-}" = "--" ] && shift
extra=("$@")
case "$n" in ''|*[!0-9]*|0) echo "run-sharded.sh: N must be a positive whole number, got '$n'" >&2; exit 64 ;; esac

here="$(cd "$(dirname "$0")/../.." && pwd)"
offtake="${OFFTAKE:-}"
if [ -z "$offtake" ]; then
    if command -v offtake > /dev/null; then offtake="$(command -v offtake)"; else offtake="$here/.build/release/offtake"; fi
fi
paths="${PATHS:-100000}" seed="${SEED:-42}" threads="${THREADS:-1}"
out="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/offtake-shards.XXXXXX")}"
mkdir -p "$out"

pids=()
for k in $(seq 1 "$n"); do
    "$offtake" run "${scenario[@]}" --paths "$paths" --seed "$seed" --threads "$threads" "${extra[@]}" \
        --shard "$k/$n" --partial "$out/part-$k-of-$n.offtake-partial" 2> "$out/shard-$k.log" &
    pids+=("$!")
done
failed=0
for k in "${!pids[@]}"; do
    if ! wait "${pids[$k]}"; then echo "shard $((k + 1))/$n failed:" >&2; cat "$out/shard-$((k + 1)).log" >&2; failed=1; fi
done
[ "$failed" = 0 ] || exit 1

"$offtake" merge "$out"/part-*-of-"$n".offtake-partial --json "$out/result.json" > "$out/verdict.txt" 2> "$out/merge.log" \
    || { cat "$out/merge.log" >&2; exit 1; }
echo "merged $n shards of $paths paths into $out/result.json (verdict: $out/verdict.txt)"

if [ "${COMPARE:-0}" = 1 ]; then
    "$offtake" run "${scenario[@]}" --paths "$paths" --seed "$seed" --threads "$threads" "${extra[@]}" \
        --json "$out/unsharded.json" > /dev/null 2>&1
    if cmp -s "$out/result.json" "$out/unsharded.json"; then
        echo "identical to the unsharded run"
    else
        echo "the merged result differs from the unsharded run ($out/result.json vs $out/unsharded.json)" >&2
        exit 1
    fi
fi
