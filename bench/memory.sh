#!/usr/bin/env bash
# Memory and streaming: 50 registrations with two 5 MiB images each, sent at once to the service running with
# -Xmx256m (java -jar onekyc-bridge.jar serve, against a sandbox process with a large heap), followed until
# CONFIRMED. Reports OutOfMemoryErrors (service log) and the service's peak heap: sampled through its
# MemoryMXBean (dev.onekycbridge.benchmarks.memory.MemoryLoad attaches to it) and from its GC log.
# The web adapter accepts images up to 10 MiB by default, so 5 MiB is within limits.
#
# Usage: bench/memory.sh [MARKDOWN_FILE]
# Settings (environment): MEMORY_REGISTRATIONS=50 MEMORY_IMAGE_BYTES=5242880 MEMORY_HEAP=256m
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

MARKDOWN=${1:-}
REGISTRATIONS=${MEMORY_REGISTRATIONS:-50}
IMAGE_BYTES=${MEMORY_IMAGE_BYTES:-5242880}
HEAP=${MEMORY_HEAP:-256m}
ensure_built
WORK=$(mktemp -d -t onekyc-memory.XXXXXX)
trap 'stop_all_owned; rm -rf "$WORK"' EXIT

log "memory: $REGISTRATIONS registrations × 2 × $IMAGE_BYTES bytes, service -Xmx$HEAP (load $(load_now))"
SANDBOX_JVM_OPTS="-Xmx3g" start_sandbox "$WORK/sandbox.log"
start_service "$WORK/service.log" "$WORK/memory.db" "-Xmx$HEAP" "-Xlog:gc:file=$WORK/gc.log"
status=0
bench_java dev.onekycbridge.benchmarks.memory.MemoryLoad --service "$SERVICE_URL" --pid "$SERVICE_PID" \
  --registrations "$REGISTRATIONS" --image-bytes "$IMAGE_BYTES" --markdown "$WORK/part.md" >"$WORK/run.log" 2>&1 \
  || status=$?
grep -vE '^\|' "$WORK/run.log" >&2 || true
ALIVE=yes
kill -0 "$SERVICE_PID" 2>/dev/null || ALIVE=no
OOM=$(grep -c 'OutOfMemoryError' "$WORK/service.log" || true)
# G1 logs "Pause Young (Normal) (G1 Evacuation Pause) 120M->35M(256M) 4.1ms": the heap just before a collection
# is where it peaks.
GC_PEAK=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$WORK/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
GC_LIVE=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$WORK/gc.log" | sed 's/.*->\([0-9]*\)M(.*/\1/' | sort -n | tail -1)
GCS=$(grep -cE 'Pause' "$WORK/gc.log" || true)
FULL_GCS=$(grep -c 'Pause Full' "$WORK/gc.log" || true)
stop_owned "$SERVICE_PID"
RESULT=$([[ "$OOM" == 0 && "$ALIVE" == yes && "$status" == 0 ]] && echo met || echo MISSED)
HEAP_MIB=$(sed 's/m$//' <<<"$HEAP")
if [[ "$RESULT" == met && -n "${GC_LIVE:-}" && "$HEAP" =~ m$ && $((GC_LIVE * 100 / HEAP_MIB)) -ge 90 ]]; then
  RESULT="met, but the heap after a GC reached ${GC_LIVE} of ${HEAP_MIB} MiB: no headroom"
fi
section=$(cat <<MD
## 5. Memory and streaming

\`java -Xmx$HEAP -jar app/target/onekyc-bridge.jar serve\` (SQLite, sandbox in its own process); $REGISTRATIONS
registrations sent at once, each with two images of $IMAGE_BYTES bytes, followed until CONFIRMED (\`MemoryLoad\`).

| figure | value |
|---|---|
$(cat "$WORK/part.md" 2>/dev/null)
| heap before a GC, highest in the GC log | ${GC_PEAK:-?} MiB (after a GC, highest: ${GC_LIVE:-?} MiB; $GCS pauses, $FULL_GCS full) |
| OutOfMemoryError in the service's output | $OOM |
| service still running afterwards | $ALIVE |
MD
)
echo "$section"
summary_row "memory: $REGISTRATIONS × 2 × $((IMAGE_BYTES / 1048576)) MiB under -Xmx$HEAP" \
  "OOM: $OOM; all CONFIRMED: $([[ $status == 0 ]] && echo yes || echo no); heap before a GC up to ${GC_PEAK:-?} MiB, after a GC up to ${GC_LIVE:-?} MiB" \
  "no OutOfMemoryError" "$RESULT"
if [[ -n "$MARKDOWN" ]]; then
  printf '%s\n\n' "$section" >>"$MARKDOWN"
fi
# A miss here is a failure of the service, not a figure below a target: say so in the exit status.
[[ "$RESULT" == met* ]] || exit 1
