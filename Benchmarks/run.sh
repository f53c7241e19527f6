#!/usr/bin/env bash
# Offtake's benchmarks, re-runnable on any machine (results go into docs/performance.md by hand):
#   Benchmarks/run.sh [quick]
# 1. the machine and its load; 2. `offtake bench` (path-months/s and peak RSS, threads 1 and 2);
# 3. the NumPy peer of the default scenario's whole deal model at the same path counts: both throughputs,
#    their ratio and the cross-check of every verdict line (plus the market block's monthly means);
# 4. `offtake sample` of the time-to-botec mixture against NumPy. NumPy, SciPy and PyYAML are installed
#    into Benchmarks/.venv. `quick` uses small path counts.
# Environment: PATH_COUNTS (default 10000,100000,1000000), THREADS (default 1,2), SAMPLES (default
# 10000000), RSS_PATHS (extra runs for peak memory only, default 10000000; empty to skip).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = quick ]; then
    : "${PATH_COUNTS:=2000,10000}" "${SAMPLES:=1000000}" "${RSS_PATHS:=}"
fi
PATH_COUNTS="${PATH_COUNTS:-10000,100000,1000000}"
THREADS="${THREADS:-1,2}"
SAMPLES="${SAMPLES:-10000000}"
RSS_PATHS="${RSS_PATHS-10000000}"
MIXTURE='mixture(0, 1, lognormal(p5=1, p95=10), lognormal(p5=100, p95=10000), weights=[0.6, 0.2, 0.1, 0.1])'

echo "== machine"
date -u +"%Y-%m-%d %H:%M UTC"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "load: $(uptime | sed 's/.*load average/load average/')"
swift --version 2>&1 | head -n 1
echo "offtake: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

echo "== build (release)"
swift build -c release --product offtake 2>&1 | tail -n 1
offtake="$(swift build -c release --show-bin-path)/offtake"

echo "== NumPy into Benchmarks/.venv"
if [ ! -x Benchmarks/.venv/bin/python ]; then python3 -m venv Benchmarks/.venv; fi
Benchmarks/.venv/bin/pip install --quiet -r Benchmarks/peer/requirements.txt
python=Benchmarks/.venv/bin/python
"$python" -c "import numpy; print('numpy', numpy.__version__)"

echo "== offtake bench (default scenario)"
"$offtake" bench --paths "$PATH_COUNTS" --threads "$THREADS"
if [ -n "$RSS_PATHS" ]; then
    echo "== peak memory at $RSS_PATHS paths (2 threads)"
    "$offtake" bench --paths "$RSS_PATHS" --threads 2
fi

echo "== NumPy peer of the whole deal model: throughput and verdict cross-check"
# Both rates are paths × 84 months ÷ the wall seconds of the whole process (interpreter start, imports,
# scenario parsing and the result file included on both sides). Offtake runs on 2 threads, the peer on
# one core (NumPy's elementwise work is single-threaded; its BLAS is pinned to one thread); the 1-thread
# rows of `offtake bench` above give the per-core comparison.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
IFS=, read -r -a counts <<< "$PATH_COUNTS"
for n in "${counts[@]}"; do
    echo "load before: $(uptime | sed 's/.*load average/load average/')"
    start=$(date +%s.%N)
    "$offtake" run Benchmarks/peer/deal.yaml --paths "$n" --threads 2 --json "$work/offtake-$n.json" > /dev/null 2>&1
    end=$(date +%s.%N)
    offtake_seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    start=$(date +%s.%N)
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        "$python" Benchmarks/peer/deal_peer.py "$n" --json "$work/peer-$n.json" > /dev/null
    end=$(date +%s.%N)
    peer_seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    echo "load after: $(uptime | sed 's/.*load average/load average/')"
    awk -v n="$n" -v a="$offtake_seconds" -v b="$peer_seconds" 'BEGIN {
        printf "paths %d: offtake (2 threads) %.2f s = %.0f path-months/s; NumPy deal peer (1 core) %.2f s = %.0f path-months/s; throughput ratio offtake ÷ peer %.2f×\n",
               n, a, n * 84 / a, b, n * 84 / b, b / a }'
    "$python" Benchmarks/peer/compare_deal.py "$work/offtake-$n.json" "$work/peer-$n.json" || echo "verdict cross-check FAILED at $n paths"
    # The market block alone (monthly means of the price and demand series).
    "$python" Benchmarks/peer/market_peer.py "$n" --json "$work/market-$n.json" > /dev/null
    "$python" Benchmarks/peer/compare.py "$work/offtake-$n.json" "$work/market-$n.json" || echo "market cross-check FAILED at $n paths"
done

echo "== offtake sample vs NumPy: $MIXTURE, $SAMPLES samples, one core"
start=$(date +%s.%N)
"$offtake" sample "$MIXTURE" -n "$SAMPLES" --format json > "$work/sample.json"
end=$(date +%s.%N)
echo "offtake sample: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s (process wall time, summary included)"
start=$(date +%s.%N)
"$offtake" sample "$MIXTURE" -n "$SAMPLES" --by-component --format json > "$work/sample-by-component.json"
end=$(date +%s.%N)
echo "offtake sample --by-component: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s (process wall time, summary included)"
"$python" Benchmarks/peer/sample_peer.py "$SAMPLES"
