#!/usr/bin/env bash
# Callback ingest under load: the real service (java -jar onekyc-bridge.jar serve, SQLite in WAL mode, a random
# data key, pointed at a sandbox process) against a bare Vert.x route that parses the same JSON and answers 200
# without storing it (dev.onekycbridge.benchmarks.load.BareCallbackServer), both with the same JVM settings.
#
#   1. Saturation: wrk, unique CERT_REG callbacks (bench/callback.lua) to /callbacks/esign; requests/s, p50, p99;
#      ratio service ÷ bare (target ≥ 0.5). After a warm-up of each (at least WRK_WARMUP, and until its JIT
#      compilers have settled), bare and service are measured in alternating
#      rounds (bare, service, bare, …).
#   2. Fixed rate: 1,000 requests/s on a fixed schedule (dev.onekycbridge.benchmarks.load.PacedLoad: plain wrk
#      cannot pace), latency from when each request was due; p99 (target ≤ 25 ms). A fresh service is warmed up
#      with wrk first, then paced.
#   3. For reference, the storage floor: plain JDBC inserts of the same bodies into SQLite with the store's
#      settings (dev.onekycbridge.benchmarks.load.SqliteCommitFloor), one transaction per callback and grouped.
# Each service run starts on a fresh database. Only answers below 400 count as requests served: an error of any
# kind on either side makes the ratio's verdict INVALID, and a paced request that failed or was not answered 200
# counts as a 60 s wait and makes the p99's verdict INVALID, so a service that refuses quickly cannot look fast.
#
# Usage: bench/callback-ingest.sh [MARKDOWN_FILE]      (appends its section to MARKDOWN_FILE when given)
# Settings (environment): WRK_THREADS=1 WRK_CONNECTIONS=32 WRK_DURATION=5s WRK_ROUNDS=3 WRK_WARMUP=20s
#   WRK_WARMUP_MAX_SECONDS=60 (a warm-up goes on in 5 s steps until the JIT compilers used under 2 % of a step's time,
#   or this long) PACED_RATE=1000
#   PACED_SECONDS=20 PACED_WARMUP_SECONDS=5 BENCH_JVM_OPTS="-Xms512m -Xmx512m -XX:+UseG1GC"
#   PACED_JVM_OPTS="-XX:TieredStopAtLevel=1" (the load generator's own JVM: its C1 code easily sends 1,000
#   requests/s, and its C2 compilers, which took some 5 s of CPU in its first seconds, stay off the cores it shares
#   with the server it measures; a stall of the generator counts as the server's, since latency runs from when each
#   request was due)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

MARKDOWN=${1:-}
WRK_THREADS=${WRK_THREADS:-1}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-5s}
WRK_ROUNDS=${WRK_ROUNDS:-3}
WRK_WARMUP=${WRK_WARMUP:-20s}
WRK_WARMUP_MAX_SECONDS=${WRK_WARMUP_MAX_SECONDS:-60}
PACED_RATE=${PACED_RATE:-1000}
PACED_SECONDS=${PACED_SECONDS:-20}
PACED_WARMUP_SECONDS=${PACED_WARMUP_SECONDS:-5}
PACED_JVM_OPTS=${PACED_JVM_OPTS:--XX:TieredStopAtLevel=1}

ensure_built
ensure_wrk
WORK=$(mktemp -d -t onekyc-ingest.XXXXXX)
trap 'stop_all_owned; rm -rf "$WORK"' EXIT

# wrk_callbacks DURATION BASE_URL: wrk sending unique callbacks (bench/callback.lua) for DURATION.
wrk_callbacks() {
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$1" -s "$BENCH_DIR/callback.lua" "$2"
}

# warm_wrk LABEL BASE_URL PID: wrk runs whose figures are thrown away, while the JIT compiles the hot paths: at
# least $WRK_WARMUP, then on in steps of 5 s until the process's JIT compilers used less than 2 % of a step (0.1 s
# of CPU), or $WRK_WARMUP_MAX_SECONDS in all. After 20 s alone both sides were still compiling, and their rounds
# still sped up one after the other. Appends how long it took to $WORK/warm-ups.
warm_wrk() {
  local label=$1 base=$2 pid=$3 start=$SECONDS before outcome="JIT still compiling"
  log "$label: wrk warm-up, at least $WRK_WARMUP and until the JIT has settled"
  wrk_callbacks "$WRK_WARMUP" "$base" >/dev/null
  while ((SECONDS - start < WRK_WARMUP_MAX_SECONDS)); do
    before=$(jit_ticks "$pid")
    wrk_callbacks 5s "$base" >/dev/null
    if (($(jit_ticks "$pid") - before < 10)); then
      outcome="JIT settled"
      break
    fi
  done
  log "$label: warm-up $((SECONDS - start)) s, $outcome"
  echo "$label|$((SECONDS - start)) s, $outcome" >>"$WORK/warm-ups"
}

# jit_ticks PID: the CPU time (clock ticks) the process's JIT compiler threads have used so far.
jit_ticks() {
  thread_ticks "$1" | awk '/^C[12]_CompilerThre/ {s += $2} END {print s + 0}'
}

# thread_ticks PID: one line per thread of the process: its name (as the kernel keeps it: 15 characters, spaces
# as _, a trailing number stripped so that pools add up) and its CPU time (user + system, clock ticks) so far.
thread_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$task/comm" 2>/dev/null | sed 's/[0-9]*$//')" "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null)"
  done
}

# measure_wrk LABEL BASE_URL ROUND PID: one measured wrk run; appends its WRK line to $WORK/wrk-LABEL.lines and
# the CPU its process's threads used meanwhile to $WORK/cpu-LABEL.lines.
measure_wrk() {
  local label=$1 base=$2 round=$3 pid=$4 line
  thread_ticks "$pid" | sed 's/^/before /' >>"$WORK/cpu-$label.lines"
  wrk_callbacks "$WRK_DURATION" "$base" >"$WORK/wrk-$label-$round.txt"
  thread_ticks "$pid" | sed 's/^/after /' >>"$WORK/cpu-$label.lines"
  line=$(grep '^WRK ' "$WORK/wrk-$label-$round.txt")
  echo "$line" >>"$WORK/wrk-$label.lines"
  log "$label round $round (load $(load_now)): $line"
}

# combined LINES_FILE: one WRK line for all rounds: requests answered below 400 and seconds added up, each
# percentile the median of the rounds', the maximum the largest, errors added up.
combined() {
  python3 - "$1" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([0-9.]+)", line)) for line in open(sys.argv[1]) if line.startswith("WRK ")]
# wrk counts an answer with a status over 399 as a completed request too: only the others are throughput.
for r in rows:
    r["requests"] = float(r["requests"]) - float(r["errors_status"])
total = {k: sum(float(r[k]) for r in rows) for k in ("requests", "seconds")}
out = {"requests": int(total["requests"]), "seconds": round(total["seconds"], 2),
       "rps": round(total["requests"] / total["seconds"], 1)}
for k in ("p50_ms", "p90_ms", "p99_ms"):
    out[k] = round(statistics.median(float(r[k]) for r in rows), 3)
out["max_ms"] = max(float(r["max_ms"]) for r in rows)
for k in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout"):
    out[k] = int(sum(float(r[k]) for r in rows))
out["rounds_rps"] = "/".join(str(round(float(r["requests"]) / float(r["seconds"]))) for r in rows)
print("WRK " + " ".join(f"{k}={v}" for k, v in out.items()))
PY
}

# errors_of WRK_LINE: the errors of every kind in a combined WRK line, added up.
errors_of() {
  local total=0 kind
  for kind in connect read write status timeout; do
    total=$((total + $(field "errors_$kind" "$1")))
  done
  echo "$total"
}

# cpu_rows LABEL REQUESTS: markdown rows of CPU time per request in the measured rounds, the process's total and
# its busiest threads (by name, pools added up).
cpu_rows() {
  python3 - "$WORK/cpu-$1.lines" "$2" "$1" <<'PY'
import collections, sys
lines, requests, label = sys.argv[1], float(sys.argv[2]), sys.argv[3]
used = collections.Counter()
for line in open(lines):
    parts = line.split()
    if len(parts) == 3:
        used[parts[1]] += int(parts[2]) * (1 if parts[0] == "after" else -1)
# The kernel keeps 15 characters of a thread's name: say which threads they are.
known = {"onekyc-bridge-s": "SQLite writer", "onekyc-bridge-w": "web workers", "onekyc-callback": "callback worker",
         "onekyc-driver-": "driver threads", "vert.x-eventloo": "event loops", "C2_CompilerThre": "JIT (C2)",
         "C1_CompilerThre": "JIT (C1)", "GC_Thread#": "GC"}
micros = collections.Counter()
for name, ticks in used.items():
    micros[known.get(name, name)] += ticks * 1e6 / 100 / requests  # 100 ticks per second
total = sum(micros.values())
top = ", ".join(f"{name} {us:.0f}" for name, us in sorted(micros.items(), key=lambda kv: -kv[1])[:5] if us >= 0.5)
print(f"| {label} | {total:.0f} | {top} |")
PY
}

field() { # field NAME LINE
  sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"
}

# run_paced LABEL BASE_URL PID: sets PACED_ROW (a markdown table row). The target is warmed up first the way the
# saturation run warms it (warm_wrk), then given 3 s to drain what wrk left, then paced: the percentiles are
# those of a warm server at the given rate, not of a cold one working off the backlog of its first seconds.
run_paced() {
  local label=$1 base=$2 pid=$3
  warm_wrk "$label (paced)" "$base" "$pid"
  sleep 3
  log "$label: $PACED_RATE requests/s for ${PACED_WARMUP_SECONDS}s warm-up + ${PACED_SECONDS}s (load $(load_now))"
  local file="$WORK/paced-${label%% *}.md"
  : >"$file"
  # shellcheck disable=SC2086
  java $PACED_JVM_OPTS -cp "$BENCH_JAR" dev.onekycbridge.benchmarks.load.PacedLoad --url "$base/callbacks/esign" \
    --rate "$PACED_RATE" --seconds "$PACED_SECONDS" --warmup-seconds "$PACED_WARMUP_SECONDS" --label "$label" \
    --markdown "$file" --timeline "$WORK/timeline-${label%% *}.tsv" | grep -v '^|' >&2
  PACED_ROW=$(cat "$file")
}

# worst_by_second LABEL: the slowest answer (ms) to a request due in each second of the measured paced run, so
# that a stall shows where it was (at the start, after the switch from wrk, or spread over the run).
worst_by_second() {
  python3 - "$WORK/timeline-$1.tsv" <<'PY'
import collections, sys
worst = collections.defaultdict(float)
for line in open(sys.argv[1]):
    if not line.startswith("#"):
        due, latency, _ = line.split("\t")
        second = int(float(due) // 1000)
        worst[second] = max(worst[second], float(latency))
print(" ".join(f"{worst[second]:.0f}" for second in sorted(worst)))
PY
}

warm_up_of() { # warm_up_of LABEL: how long its warm-up took, as warm_wrk logged it
  awk -F'|' -v label="$1" '$1 == label {took = $2} END {print took}' "$WORK/warm-ups"
}

callbacks_stored() { # from the service's own metrics
  curl -fsS "$1/metrics" | awk '/^onekyc_bridge_callbacks_received_total/ && /outcome="accepted"/ {s += $NF} END {printf "%d", s}'
}

callbacks_processed() { # stored callbacks the callback worker has taken up (any outcome; a retried one counts again)
  curl -fsS "$1/metrics" | awk '/^onekyc_bridge_callbacks_processed_total/ {s += $NF} END {printf "%d", s}'
}

log "starting the sandbox and the bare route"
start_sandbox "$WORK/sandbox.log"
BARE_PORT=$(free_port)
# shellcheck disable=SC2086
start_owned "$WORK/bare.log" java $BENCH_JVM_OPTS -cp "$BENCH_JAR" \
  dev.onekycbridge.benchmarks.load.BareCallbackServer --port "$BARE_PORT"
BARE_PID=$LAST_PID
BARE_URL="http://127.0.0.1:$BARE_PORT"
wait_http "$BARE_URL/health/ready" 60

# 1. Saturation: both warmed up, then measured in alternating rounds, so that a burst of load from elsewhere on
# the machine falls on both alike.
# shellcheck disable=SC2086
start_service "$WORK/service-1.log" "$WORK/saturation.db" $BENCH_JVM_OPTS
warm_wrk bare "$BARE_URL" "$BARE_PID"
warm_wrk service "$SERVICE_URL" "$SERVICE_PID"
# Each side is measured with the other frozen: the service works off the callbacks its worker has not processed
# yet (parking them: their submissions do not exist) for minutes after a wrk run ends, and must not do that on
# the cores the bare route is measured on.
for ((round = 1; round <= WRK_ROUNDS; round++)); do
  freeze_while "$SERVICE_PID" measure_wrk bare "$BARE_URL" "$round" "$BARE_PID"
  freeze_while "$BARE_PID" measure_wrk service "$SERVICE_URL" "$round" "$SERVICE_PID"
done
PROCESSED_1=$(callbacks_processed "$SERVICE_URL")
BARE_WRK=$(combined "$WORK/wrk-bare.lines")
SERVICE_WRK=$(combined "$WORK/wrk-service.lines")
log "bare, all rounds: $BARE_WRK"
log "service, all rounds: $SERVICE_WRK"
STORED_1=$(callbacks_stored "$SERVICE_URL")
stop_owned "$SERVICE_PID"

# 2. Fixed rate, each on a fresh process for the service
run_paced "bare Vert.x route (baseline)" "$BARE_URL" "$BARE_PID"
BARE_PACED=$PACED_ROW
# shellcheck disable=SC2086
start_service "$WORK/service-2.log" "$WORK/paced.db" $BENCH_JVM_OPTS
run_paced "service" "$SERVICE_URL" "$SERVICE_PID"
SERVICE_PACED=$PACED_ROW
STORED_2=$(callbacks_stored "$SERVICE_URL")
stop_owned "$SERVICE_PID"
stop_owned "$BARE_PID"

# 3. The storage floor, for reference
log "storage floor: plain JDBC into SQLite (load $(load_now))"
: >"$WORK/floor.md"
bench_java dev.onekycbridge.benchmarks.load.SqliteCommitFloor --markdown "$WORK/floor.md" | grep -v '^|' >&2
FLOOR_ROWS=$(cat "$WORK/floor.md")

OOM=$(cat "$WORK"/service-*.log | grep -c 'OutOfMemoryError' || true)
BARE_RPS=$(field rps "$BARE_WRK")
SERVICE_RPS=$(field rps "$SERVICE_WRK")
RATIO=$(python3 -c "print(f'{$SERVICE_RPS / $BARE_RPS:.2f}')")
# Any error on either side voids the comparison: a quick refusal is no stored callback.
ERRORS_BARE=$(errors_of "$BARE_WRK")
ERRORS_SERVICE=$(errors_of "$SERVICE_WRK")
if ((ERRORS_BARE + ERRORS_SERVICE > 0)); then
  RATIO_MET="INVALID ($ERRORS_SERVICE errors in the service's rounds, $ERRORS_BARE in the bare route's)"
else
  RATIO_MET=$(python3 -c "print('met' if $SERVICE_RPS / $BARE_RPS >= 0.5 else 'MISSED')")
fi
P99_SERVICE=$(cut -d'|' -f9 <<<"$SERVICE_PACED" | tr -d ' ')
FAILED_PACED=$(cut -d'|' -f5 <<<"$SERVICE_PACED" | tr -d ' ')
if ((FAILED_PACED > 0)); then
  P99_MET="INVALID ($FAILED_PACED requests failed or were not answered 200)"
else
  P99_MET=$(python3 -c "print('met' if $P99_SERVICE <= 25 else 'MISSED')")
fi

section=$(cat <<MD
## 2. Callback ingest under load

Service: \`java $BENCH_JVM_OPTS -jar app/target/onekyc-bridge.jar serve\` on a fresh SQLite file (WAL), random
data key, platform URLs pointing at a sandbox process. Baseline: \`BareCallbackServer\` (Vert.x route, same JVM
settings) that parses the JSON and answers 200 without storing. Every request is a CERT_REG callback with a
submissionId never sent before (\`bench/callback.lua\`). wrk and both servers share this machine's cores.

### Saturation (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS, $WRK_ROUNDS alternating rounds of $WRK_DURATION each after a warm-up of each)

Requests/s answered below 400 over all rounds (each round's in the last column); each percentile is the median of
the rounds'.
Each side was warmed up for at least $WRK_WARMUP and then until its JIT compilers used less than 2 % of a 5 s
step (at most ${WRK_WARMUP_MAX_SECONDS} s): bare $(warm_up_of bare); service $(warm_up_of service).

| target | requests/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors (connect/read/write/status/timeout) | rounds (requests/s) |
|---|---:|---:|---:|---:|---:|---|---|
| bare Vert.x route (baseline) | $(field rps "$BARE_WRK") | $(field p50_ms "$BARE_WRK") | $(field p90_ms "$BARE_WRK") | $(field p99_ms "$BARE_WRK") | $(field max_ms "$BARE_WRK") | $(field errors_connect "$BARE_WRK")/$(field errors_read "$BARE_WRK")/$(field errors_write "$BARE_WRK")/$(field errors_status "$BARE_WRK")/$(field errors_timeout "$BARE_WRK") | $(field rounds_rps "$BARE_WRK") |
| service (stores every callback) | $(field rps "$SERVICE_WRK") | $(field p50_ms "$SERVICE_WRK") | $(field p90_ms "$SERVICE_WRK") | $(field p99_ms "$SERVICE_WRK") | $(field max_ms "$SERVICE_WRK") | $(field errors_connect "$SERVICE_WRK")/$(field errors_read "$SERVICE_WRK")/$(field errors_write "$SERVICE_WRK")/$(field errors_status "$SERVICE_WRK")/$(field errors_timeout "$SERVICE_WRK") | $(field rounds_rps "$SERVICE_WRK") |

**Ratio service ÷ bare: $RATIO** (target ≥ 0.5: $RATIO_MET). Each side was measured with the other process
stopped (SIGSTOP). The service counted $STORED_1 callbacks stored (accepted) in its metrics over the warm-up and
the measured run; by the end of the measured rounds its callback worker had taken up $PROCESSED_1 of them
(a retry of a parked one counts again). Every benchmark callback names a submission that does not exist, so the
worker parks it (a read for each of two lookups, then a write) and tries it again 5–10 s later: it falls behind
the intake under wrk and works off the rest after the load.

CPU time per request over the measured rounds (user + system, from \`/proc/<pid>/task/*/stat\`), the process's
total and its five busiest threads by name (pools added up):

| target | CPU µs per request | busiest threads (µs per request) |
|---|---:|---|
$(cpu_rows bare "$(field requests "$BARE_WRK")")
$(cpu_rows service "$(field requests "$SERVICE_WRK")")

### Fixed rate ($PACED_RATE requests/s for ${PACED_SECONDS}s after ${PACED_WARMUP_SECONDS}s of warm-up; latency from when each request was due)

| target | rate (req/s) | sent | failed | answered (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$BARE_PACED
$SERVICE_PACED

**Service p99 at $PACED_RATE requests/s: $P99_SERVICE ms** (target ≤ 25 ms: $P99_MET). Each target was warmed
up with wrk as above (bare $(warm_up_of "bare Vert.x route (baseline) (paced)"); service
$(warm_up_of "service (paced)")) and given 3 s before the paced run. The service counted $STORED_2 callbacks stored (both
runs). OutOfMemoryError in the service logs: $OOM. The load generator's JVM ran with \`$PACED_JVM_OPTS\`.

The slowest answer in each second of the measured run (ms), bare route: $(worst_by_second bare);
service: $(worst_by_second service).

### Reference: the storage floor on this machine

Plain JDBC inserts of the same bodies into a fresh SQLite file with the store's settings (WAL, synchronous
NORMAL, \`BEGIN IMMEDIATE\`, secure_delete, the WAL copied back by a passive checkpoint on a thread of its own),
16 writers queued on one JVM lock; one index instead of the inbox's three; no HTTP, jOOQ, encryption or duplicate
check (\`SqliteCommitFloor\`, 2 s warm-up, 8 s measured).
The service hands its writes to one writer thread that commits those queued together: the grouped row is its
floor.

| writer | callbacks/s |
|---|---:|
$FLOOR_ROWS
| the service, for comparison (wrk, above) | $SERVICE_RPS |
MD
)
echo "$section"
summary_row "callback ingest, saturation: service ÷ bare Vert.x route" \
  "$RATIO ($SERVICE_RPS vs $BARE_RPS requests/s)" "≥ 0.5" "$RATIO_MET"
summary_row "callback ingest: service p99 at $PACED_RATE requests/s" "$P99_SERVICE ms" "≤ 25 ms" "$P99_MET"
if [[ -n "$MARKDOWN" ]]; then
  printf '%s\n\n' "$section" >>"$MARKDOWN"
fi
