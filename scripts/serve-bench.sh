#!/usr/bin/env bash
# The serving benchmark of docs/server.md: starts `offtake serve` on a free loopback port with a new
# store, runs one scenario to the end (PATHS paths, default 100,000), then sends CONCURRENCY (default
# 200) GET requests of its result at once (`/api/runs/ID/result`, gzip accepted) and reports the
# latency of each request (p50, p99, max), every status seen, and the server's resident memory (VmRSS)
# idle before the burst and after it. Fails when any request fails, and — with CHECK=1 — when p99
# exceeds 1 s or the resident memory after the burst exceeds 1.5 times the idle one.
#
# usage: scripts/serve-bench.sh OFFTAKE OUTDIR
# env: PATHS, CONCURRENCY, SCENARIO (a built-in name, default the default one), CHECK
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/serve-start.sh"
serve_args "$@"
paths=${PATHS:-100000}
serve_start "$offtake" "$out/serve.log" --db "$store/bench.sqlite" --max-paths "$paths"

builtin=${SCENARIO:+"\"builtin\": \"$SCENARIO\", "}
id=$(curl -fsS -X POST "$base/api/runs" -H 'Content-Type: application/json' \
    -d "{${builtin}\"name\": \"serving benchmark\", \"options\": {\"paths\": $paths, \"seed\": 1}}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
echo "run $id: $paths paths"
while :; do
    status=$(curl -fsS "$base/api/runs/$id" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')
    case $status in queued | running) sleep 1 ;; done) break ;; *) echo "$0: the run ended $status" >&2; exit 1 ;; esac
done

python3 - "$base" "$id" "$server" "${CONCURRENCY:-200}" "${CHECK:-0}" <<'PY'
import gzip, http.client, sys, threading, time, urllib.parse

base, run, pid, concurrency, check = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
host = urllib.parse.urlparse(base)

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

def get(path, headers=None):
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict(r.getheaders()), body

path = f"/api/runs/{run}/result"
status, headers, body = get(path)            # the first request keeps the document
size, etag = len(body), headers.get("ETag")
time.sleep(1)
idle = rss_kib()

start = threading.Barrier(concurrency)
latencies, statuses, lock = [], {}, threading.Lock()
def one():
    start.wait()
    t0 = time.perf_counter()
    try:
        s, h, b = get(path, {"Accept-Encoding": "gzip"})
        if s == 200 and h.get("Content-Encoding") == "gzip":
            b = gzip.decompress(b)
        ok = s == 200 and len(b) == size
    except Exception as e:
        s, ok = type(e).__name__, False
    dt = time.perf_counter() - t0
    with lock:
        latencies.append(dt)
        statuses[s if ok else f"{s} (failed)"] = statuses.get(s if ok else f"{s} (failed)", 0) + 1

threads = [threading.Thread(target=one) for _ in range(concurrency)]
for t in threads: t.start()
for t in threads: t.join()
time.sleep(1)
after = rss_kib()

latencies.sort()
q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
print(f"result: {size} bytes, ETag {etag}")
print(f"{concurrency} concurrent GETs: p50 {q(0.5) * 1000:.1f} ms, p99 {q(0.99) * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms; statuses {statuses}")
print(f"resident memory: idle {idle / 1024:.1f} MiB, after the burst {after / 1024:.1f} MiB ({after / idle:.2f}x)")
failed = any("failed" in str(k) for k in statuses)
if failed:
    sys.exit("some requests failed")
if check and (q(0.99) > 1.0 or after > 1.5 * idle):
    sys.exit("over the target: p99 <= 1 s and resident memory after the burst <= 1.5x idle")
PY
kill -TERM "$server"
wait "$server" 2> /dev/null || true
trap - EXIT
