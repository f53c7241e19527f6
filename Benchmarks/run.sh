#!/usr/bin/env bash
# Offtake's benchmarks, re-runnable on any machine (results go into docs/performance.md by hand):
#   Benchmarks/run.sh [quick]
# 1. the machine and its load; 2. `offtake bench` (path-months/s and peak RSS, threads 1 and 2);
# 3. the NumPy peer of the default scenario's market block at the same path counts, its cross-check
#    against Offtake's result and the throughput ratio; 4. `offtake sample` of the time-to-botec
#    mixture against NumPy. NumPy is installed into Benchmarks/.venv. `quick` uses small path counts.
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

echo "== NumPy peer (market block) and cross-check"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
IFS=, read -r -a counts <<< "$PATH_COUNTS"
for n in "${counts[@]}"; do
    start=$(date +%s.%N)
    "$offtake" run --paths "$n" --threads 2 --json "$work/offtake-$n.json" > /dev/null 2>&1
    end=$(date +%s.%N)
    offtake_rate=$(awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n * 84 / (e - s) }')
    "$python" Benchmarks/peer/market_peer.py "$n" --json "$work/peer-$n.json"
    peer_rate=$("$python" -c "import json,sys; print(round(json.load(open(sys.argv[1]))['path_months_per_second']))" "$work/peer-$n.json")
    echo "paths $n: offtake (whole model, 2 threads) $offtake_rate path-months/s; NumPy peer (market block only) $peer_rate; ratio $(awk -v a="$offtake_rate" -v b="$peer_rate" 'BEGIN { printf "%.2f", a / b }')"
    "$python" Benchmarks/peer/compare.py "$work/offtake-$n.json" "$work/peer-$n.json" || echo "cross-check FAILED at $n paths"
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
