#!/usr/bin/env bash
# The Slurm deployment (deploy/slurm/) run on a real one-node Slurm cluster, as docs/scale-out.md says:
#   scripts/slurm-check.sh OFFTAKE [WORKDIR]
# Installs Debian's Slurm and MUNGE packages if missing (root), starts munged, slurmctld and slurmd on
# this machine with their own key, sockets, ports and state under WORKDIR (default
# /tmp/offtake-slurm-check), and checks, each wait bounded by TIMEOUT seconds (default 180):
#   1. 3 array tasks of the default scenario (PATHS paths, default 3000) and the merge submitted with
#      --dependency=afterok: the merged JSON is byte-identical to the unsharded run;
#   2. one array task cancelled (scancel JOB_TASK): the merge never starts; the task resubmitted alone
#      (without OFFTAKE_SHARDS it refuses; with OFFTAKE_SHARDS=3 it runs) and the merge's dependency
#      moved to it: the merge succeeds, still identical;
#   3. a merge with a shard missing fails (exit 65) and its log names the missing file.
# The daemons are stopped by the PIDs this script started, also on failure; a later run first stops any
# left by a run that was killed. Environment: PATHS, SEED (default 42), TIMEOUT, SLURM_PORT (slurmctld;
# slurmd uses the next port; default 6817).
set -euo pipefail
offtake="$(cd "$(dirname "${1:?usage: slurm-check.sh OFFTAKE [WORKDIR]}")" && pwd)/$(basename "$1")"
work="${2:-/tmp/offtake-slurm-check}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
paths="${PATHS:-3000}" seed="${SEED:-42}" timeout="${TIMEOUT:-180}" port="${SLURM_PORT:-6817}"
[ -x "$offtake" ] || { echo "slurm-check: $offtake is not an executable" >&2; exit 64; }
log() { echo "slurm-check: $*"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "slurm-check: FAILED: $*" >&2; exit 1; }

if ! dpkg -s slurmctld slurmd slurm-client munge > /dev/null 2>&1; then
    log "installing slurmctld, slurmd, slurm-client and munge"
    apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge > /dev/null
fi

# A run killed before its trap ran leaves its daemons: stop them by their recorded PIDs, and only if
# the process is still the one started with this work directory's files.
if [ -d "$work/pids" ]; then
    for file in "$work"/pids/*; do
        [ -f "$file" ] || continue
        pid=$(cat "$file")
        if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$work/"; then
            log "stopping $(basename "$file") (PID $pid) left by an earlier run"
            kill "$pid" 2> /dev/null || true
            for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
            kill -KILL "$pid" 2> /dev/null || true
        fi
    done
fi
rm -rf "$work"
mkdir -p "$work"/{pids,munge,key,ctld,spool,runs}
chmod 755 "$work/munge" && chmod 700 "$work/key"

started=()  # name:pid of every daemon this script started
stop_cluster() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "${SLURM_CONF:-}" ] && [ "${#started[@]}" -gt 0 ]; then
        # Jobs still queued (a failed check) are cancelled while the daemons can still end them.
        squeue -h -o %A 2> /dev/null | xargs -r scancel 2> /dev/null || true
        for _ in $(seq 1 20); do [ -z "$(squeue -h 2> /dev/null)" ] && break; sleep 0.5; done
    fi
    local entry
    for entry in $(printf '%s\n' "${started[@]}" | tac); do
        local name=${entry%%:*} pid=${entry#*:}
        kill "$pid" 2> /dev/null || continue
        for _ in $(seq 1 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2> /dev/null && log "killed $name (PID $pid) after 10 s" || true
        wait "$pid" 2> /dev/null || true
        rm -f "$work/pids/$name"
    done
    [ "$status" = 0 ] || { echo "slurm-check: logs in $work" >&2; tail -n 20 "$work"/*.log >&2 2> /dev/null || true; }
    exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM
start() {  # start NAME COMMAND...: runs a daemon in the foreground of a background job
    local name=$1
    shift
    "$@" > "$work/$name.out" 2>&1 &
    started+=("$name:$!")
    echo "$!" > "$work/pids/$name"
}

# MUNGE with a key of its own and its socket in the work directory.
dd if=/dev/urandom of="$work/key/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/key/munge.key"
start munged munged --foreground --socket="$work/munge/munge.socket" --key-file="$work/key/munge.key" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/munged.seed"
for _ in $(seq 1 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start: $(cat "$work/munged.out")"

node=$(hostname -s)
memory=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 256 ))
cat > "$work/slurm.conf" <<EOF
ClusterName=offtake-check
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
start slurmctld slurmctld -D -i -f "$SLURM_CONF"
start slurmd slurmd -D -f "$SLURM_CONF"
for _ in $(seq 1 "$timeout"); do [ "$(sinfo -h -o %t 2> /dev/null)" = idle ] && break; sleep 1; done
[ "$(sinfo -h -o %t 2> /dev/null)" = idle ] || fail "the node did not come up: $(sinfo 2>&1)"
log "cluster up: $(sinfo -h -o '%P %D node(s) %c CPUs %t')"

# The job's state (COMPLETED, FAILED, CANCELLED, PENDING …) and exit code of one job or array task.
state() { scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
exit_code() { scontrol show job -o "$1" | grep -o ' ExitCode=[0-9:]*' | head -n 1 | cut -d= -f2; }
# Waits until none of the jobs (ids or array ids) is pending or running.
wait_jobs() {
    local deadline=$((SECONDS + timeout))
    while [ -n "$(squeue -h -j "$(IFS=,; echo "$*")" 2> /dev/null)" ]; do
        [ "$SECONDS" -lt "$deadline" ] || fail "jobs $* still queued after ${timeout}s: $(squeue 2>&1)"
        sleep 0.5
    done
}
expect_state() {  # expect_state JOB STATE
    local s
    s=$(state "$1")
    [ "$s" = "$2" ] || fail "job $1 is $s, expected $2 (exit code $(exit_code "$1"); $(scontrol show job -o "$1" | grep -o 'Reason=[^ ]*'))"
}

# The environment and commands of docs/scale-out.md, "Slurm".
export OFFTAKE="$offtake" OFFTAKE_PATHS="$paths" OFFTAKE_SEED="$seed"
array="$repo/deploy/slurm/offtake-array.sbatch" merge="$repo/deploy/slurm/offtake-merge.sbatch"
scenario=$("$offtake" scenarios | awk '/\(default\)$/ {print $1}')
[ -n "$scenario" ] || fail "no default scenario in \`offtake scenarios\`"

t0=$(date +%s.%N)
"$offtake" run "$scenario" --paths "$paths" --seed "$seed" --threads "$(nproc)" --json "$work/unsharded.json" > /dev/null
t1=$(date +%s.%N)
log "unsharded run: $paths paths of $scenario, seed $seed, $(nproc) threads: $(seconds "$t0" "$t1") s"

log "1. three array tasks and the dependent merge"
run="$work/runs/1" && mkdir -p "$run" && cd "$run"
t0=$(date +%s.%N)
jid=$(sbatch --parsable --array=1-3 "$array" "$scenario" "$run/results")
mid=$(sbatch --parsable --dependency=afterok:"$jid" "$merge" "$run/results" 3)
wait_jobs "$jid" "$mid"
t1=$(date +%s.%N)
for k in 1 2 3; do expect_state "${jid}_$k" COMPLETED; done
expect_state "$mid" COMPLETED
cmp "$run/results/result.json" "$work/unsharded.json" || fail "the merged result differs from the unsharded run"
log "merged result identical to the unsharded run; submit to merged: $(seconds "$t0" "$t1") s"

log "2. task 2 cancelled, the merge held, task 2 resubmitted alone"
run="$work/runs/2" && mkdir -p "$run" && cd "$run"
jid=$(sbatch --parsable --hold --array=1-3 "$array" "$scenario" "$run/results")
scancel "${jid}_2"
scontrol release "$jid"
mid=$(sbatch --parsable --dependency=afterok:"$jid" "$merge" "$run/results" 3)
wait_jobs "$jid"
for k in 1 3; do expect_state "${jid}_$k" COMPLETED; done
[ ! -e "$run/results/part-2-of-3.offtake-partial" ] || fail "the cancelled task wrote its partial"
# The scheduler marks the dependency as failed on its next pass.
deadline=$((SECONDS + timeout))
until scontrol show job -o "$mid" | grep -q 'Reason=DependencyNeverSatisfied'; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the merge is not held: $(scontrol show job -o "$mid")"
    sleep 0.5
done
expect_state "$mid" PENDING
# Without OFFTAKE_SHARDS a partial array does not say N: the task refuses to guess (exit 64).
bad=$(sbatch --parsable --array=2 "$array" "$scenario" "$run/results")
wait_jobs "$bad"
expect_state "${bad}_2" FAILED
grep -q "set OFFTAKE_SHARDS" "$run/offtake-${bad}_2.log" || fail "the task without OFFTAKE_SHARDS did not say why: $(cat "$run/offtake-${bad}_2.log")"
again=$(OFFTAKE_SHARDS=3 sbatch --parsable --array=2 "$array" "$scenario" "$run/results")
scontrol update JobId="$mid" Dependency=afterok:"$again"
wait_jobs "$again" "$mid"
expect_state "${again}_2" COMPLETED
expect_state "$mid" COMPLETED
cmp "$run/results/result.json" "$work/unsharded.json" || fail "the merge after the resubmission differs from the unsharded run"
log "resubmitted task merged; result identical to the unsharded run"

log "3. a merge with a shard missing"
run="$work/runs/3" && mkdir -p "$run/results" && cd "$run"
cp "$work/runs/1/results/part-1-of-3.offtake-partial" "$work/runs/1/results/part-3-of-3.offtake-partial" "$run/results/"
mid=$(sbatch --parsable "$merge" "$run/results" 3)
wait_jobs "$mid"
expect_state "$mid" FAILED
[ "$(exit_code "$mid")" = 65:0 ] || fail "the merge exited $(exit_code "$mid"), expected 65"
grep -q "part-2-of-3.offtake-partial: no such file" "$run/offtake-merge-$mid.log" || fail "the merge log does not name the missing shard: $(cat "$run/offtake-merge-$mid.log")"
[ ! -e "$run/results/result.json" ] || fail "a failed merge wrote a result"
log "refused: $(grep error: "$run/offtake-merge-$mid.log")"
cd "$repo"
log "passed"
