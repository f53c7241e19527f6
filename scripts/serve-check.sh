#!/usr/bin/env bash
# `offtake serve` seen and attacked as a user would: starts the server on a free port with a new store,
# submits runs of the built-in scenario (a run, the same run with an override, a tornado) and waits for
# them, screenshots the home, editor, run and compare pages in headless Chromium (fails on a console
# error, a failed load or a blank page: see scripts/screenshot-report.sh), loads every page in English
# and in French at 1200 and 390 px wide (scripts/page-check.py: fails on any console message, a page or
# report wider than the window, or English words in the French text; loading the compare page submits
# nothing, and finds the paired compare run once there is one), then runs schemathesis against
# /openapi.json with every check (fails on any failure: a 5xx, a status or a response the document does
# not allow, invalid data accepted, valid data refused, an undeclared method not answered 405). Finally stops the server with SIGTERM and checks it stopped.
#
# usage: scripts/serve-check.sh OFFTAKE OUTDIR
# env: SCHEMATHESIS (the `st` command; default: installed into OUTDIR/venv from PyPI),
#      EXAMPLES (schemathesis examples per operation, default 50), PATHS (paths of the run, default 2000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/serve-start.sh"
serve_args "$@"
serve_start "$offtake" "$store/serve.log" --db "$store/runs.sqlite" --max-paths 20000 --queue 200

echo "-- runs of the built-in scenario through the API"
submit() {
    curl -fsS -X POST "$base/api/runs" -H 'Content-Type: application/json' -d "$1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
wait_done() {
    local status=queued
    for _ in $(seq 1 600); do
        status=$(curl -fsS "$base/api/runs/$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')
        case $status in queued | running) sleep 0.5 ;; *) break ;; esac
    done
    echo "run $1: $status"
    [ "$status" = done ] || { echo "$0: the run ended $status" >&2; exit 1; }
}
id=$(submit "{\"builtin\": \"openai-oracle-2027\", \"name\": \"CI run\", \"options\": {\"paths\": ${PATHS:-2000}, \"seed\": 7}}")
other=$(submit "{\"builtin\": \"openai-oracle-2027\", \"name\": \"CI run, boom demand +20 %/yr\", \"options\": {\"paths\": ${PATHS:-2000}, \"seed\": 7, \"set\": [\"market.regimes.boom.demand_drift=0.2\"]}}")
tornado=$(submit '{"builtin": "openai-oracle-2027", "name": "CI tornado", "options": {"kind": "sensitivity", "paths": 200}}')
for run in "$id" "$other" "$tornado"; do wait_done "$run"; done
curl -fsS "$base/api/runs/$id/report" -o "$out/report.html"
grep -q "</html>" "$out/report.html"
curl -fsS "$base/api/runs/$id/export/focus" -o "$out/focus.csv"
head -n 1 "$out/focus.csv" | grep -q "^BilledCost,"

echo "-- pages in headless Chromium"
"$here/screenshot-report.sh" "$base/" "$out/home.png" 1200x1400
"$here/screenshot-report.sh" "$base/editor" "$out/editor.png" 1200x1600
"$here/screenshot-report.sh" "$base/runs/$id" "$out/run.png" 1200x3000
"$here/screenshot-report.sh" "$base/compare?a=$id&b=$id" "$out/compare.png" 1200x1400
"$here/page-check.py" "$base/" "$base/editor" "$base/runs/$id" "$base/runs/$tornado" "$base/compare?a=$id&b=$other" \
    "$base/compare?a=$id&b=$id" "$base/compare"
# Loading a page has no side effect: the compare page offers the paired difference behind a button
# (a POST) and submitted nothing.
compare_runs() { curl -fsS "$base/api/runs?limit=100" | python3 -c 'import json, sys; print(sum(r["kind"] == "compare" for r in json.load(sys.stdin)["runs"]))'; }
list_runs() { curl -fsS "$base/api/runs?limit=100" | python3 -c 'import json, sys; [print(" ", r["id"], r["kind"], r["status"], r["name"], file=sys.stderr) for r in json.load(sys.stdin)["runs"]]'; }
compares=$(compare_runs)
[ "$compares" = 0 ] || { echo "$0: loading the compare page submitted $compares compare runs; the store holds:" >&2; list_runs; exit 1; }
# The run that button submits (A's scenario, B's overrides, the same seed and paths): the page finds it
# and shows the paired difference, and submits no other.
paired=$(submit "{\"builtin\": \"openai-oracle-2027\", \"name\": \"CI paired\", \"options\": {\"kind\": \"compare\", \"paths\": ${PATHS:-2000}, \"seed\": 7, \"compare_to\": {\"builtin\": \"openai-oracle-2027\"}, \"compare_set\": [\"market.regimes.boom.demand_drift=0.2\"]}}")
wait_done "$paired"
"$here/page-check.py" "$base/compare?a=$id&b=$other"
compares=$(compare_runs)
[ "$compares" = 1 ] || { echo "$0: $compares compare runs for one pair of runs; the store holds:" >&2; list_runs; exit 1; }

echo "-- schemathesis against $base/openapi.json (every check)"
st=${SCHEMATHESIS:-}
if [ -z "$st" ]; then
    python3 -m venv "$out/venv"
    "$out/venv/bin/pip" install -q "schemathesis==4.32.5"
    st="$out/venv/bin/st"
fi
# A submission that matches the document can still be refused for what no schema can say (a scenario
# that does not read, a built-in that does not exist): 422 is an expected answer to valid data.
cat > "$out/schemathesis.toml" <<'TOML'
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
TOML
(cd "$out" && "$st" --config-file "$out/schemathesis.toml" run "$base/openapi.json" --checks all -n "${EXAMPLES:-50}" \
    --request-timeout 60 --no-color) > "$out/schemathesis.log" 2>&1 || {
    cat "$out/schemathesis.log" >&2
    exit 1
}
tail -n 4 "$out/schemathesis.log"

echo "-- graceful stop"
kill -TERM "$server"
for _ in $(seq 1 50); do
    kill -0 "$server" 2> /dev/null || break
    sleep 0.2
done
if kill -0 "$server" 2> /dev/null; then
    echo "$0: the server did not stop on SIGTERM" >&2
    exit 1
fi
trap - EXIT
echo "serve check passed"
