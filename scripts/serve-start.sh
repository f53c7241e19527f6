# Sourced by scripts/serve-check.sh and scripts/serve-bench.sh: starts `offtake serve` on a free
# loopback port and waits until it answers.
#
# usage: serve_args "$@" — the arguments both scripts take (OFFTAKE OUTDIR), or their usage and exit 64;
# sets `offtake`, `out` (created) and `store`, a new directory under it for the server's store, so
# that what a script counts or measures is of its own runs only, even when OUTDIR is reused.
# usage: serve_start OFFTAKE LOG [SERVE OPTIONS…]; sets `port`, `base` (http://127.0.0.1:PORT) and
# `server` (its process id), and stops it when the calling script exits.
serve_args() {
    if [ $# -lt 2 ]; then
        echo "usage: $0 OFFTAKE OUTDIR" >&2
        exit 64
    fi
    offtake=$1
    out=$2
    mkdir -p "$out"
    store=$(mktemp -d "$out/store.XXXXXX")
}

serve_start() {
    local offtake=$1 log=$2
    shift 2
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    "$offtake" serve --port "$port" "$@" > "$log" 2>&1 &
    server=$!
    trap 'kill "$server" 2> /dev/null || true' EXIT
    for _ in $(seq 1 100); do
        curl -fsS "$base/healthz" > /dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fsS "$base/healthz" > /dev/null || { echo "$0: the server did not start" >&2; cat "$log" >&2; exit 1; }
}
